"""Thumbs up/down and a comment on an answer id; stored and counted in metrics."""

from __future__ import annotations

from fastapi import APIRouter, status
from pydantic import BaseModel, Field

from api.deps import FeedbackDep, PrincipalDep
from api.errors import ERROR_RESPONSES, not_found
from api.feedback import Rating

router = APIRouter(prefix="/v1/answers", tags=["feedback"], responses=ERROR_RESPONSES)


class FeedbackIn(BaseModel):
    rating: Rating = Field(examples=["up"])
    comment: str = Field("", max_length=2000, examples=["Cited the right page."])


class FeedbackOut(BaseModel):
    feedback_id: int
    answer_id: str
    counts: dict[str, int] = Field(examples=[{"up": 3, "down": 1}])


@router.post(
    "/{answer_id}/feedback", status_code=status.HTTP_201_CREATED, response_model=FeedbackOut, summary="Rate an answer"
)
def post_feedback(answer_id: str, body: FeedbackIn, who: PrincipalDep, store: FeedbackDep) -> FeedbackOut:
    collection = store.collection_of(answer_id)
    if collection is None or not who.can_see(collection):
        raise not_found("answer")
    fid = store.add(answer_id, body.rating, body.comment, who.tenant)
    return FeedbackOut(feedback_id=fid, answer_id=answer_id, counts=store.counts(answer_id))
