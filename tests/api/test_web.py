"""The web page in real headless Chromium: upload a small collection, ask, watch the progress stream, open the
cited passages (the highlighted span is the citation's quote), and see an abstention shown as one.

The answered page is saved as a screenshot under the test's tmp dir; `--screenshot docs/screenshot.png` (see
tests/api/conftest.py) writes it there as well, to refresh the README's picture.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from anthropic_double import double_app, forced_tool, tool_use
from apitest import DOCS, claude_settings, seed
from playwright.sync_api import Browser, Page, expect, sync_playwright
from reportlab.lib.pagesizes import A6
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from sleuth_servers import RedisServer, uvicorn_server

from api.container import Container
from api.main import create_app
from api.settings import Settings

pytestmark = pytest.mark.browser
COLLECTION = "web-docs"
MULTI_HOP = "Which company acquired the startup founded by the author of The Quiet Ledger, and when?"
BRIDGE = "Who designed the Tamsin Bridge?"
UNANSWERABLE = "What is the population of the Mars colony Zeta?"
EVENTS = ("plan", "retrieved", "hop", "draft", "verification", "answer")
# Flags from the machine notes: without the background-networking ones Chromium keeps dialling Google.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(settings: Settings, container: Container) -> Iterator[str]:
    with uvicorn_server(create_app(settings, container)) as base:
        yield base


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    p = browser.new_page(viewport={"width": 1280, "height": 900})
    yield p
    p.close()


def write_files(folder: Path) -> list[str]:
    """The test's docs as files: two as written, the bridge's text as page 1 of a two-page PDF (citations have pages).

    A chunk's page is the page it starts on, so the quoted text goes on page 1 and page 2 adds no answer."""
    paths = []
    for name in ("ledger.md", "brightwell.md"):
        (folder / name).write_text(DOCS[name])
        paths.append(str(folder / name))
    pdf = folder / "bridge.pdf"
    style = getSampleStyleSheet()["BodyText"]
    story = [Paragraph(DOCS["bridge.txt"], style), PageBreak(), Paragraph("Its deck was repainted green.", style)]
    SimpleDocTemplate(str(pdf), pagesize=A6).build(story)
    return [*paths, str(pdf)]


def upload(page: Page, folder: Path, collection: str) -> None:
    page.fill("#new-collection", collection)
    page.click("#create")
    expect(page.locator("#collection")).to_have_value(collection)
    page.set_input_files("#files", write_files(folder))
    page.click("#upload-form button[type=submit]")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", re.compile("succeeded|failed"), timeout=120_000)
    assert status.get_attribute("data-state") == "succeeded", status.inner_text()
    expect(page.locator("#collection-stats")).to_contain_text("3 documents")


@pytest.fixture(scope="module")
def uploaded(browser: Browser, site: str, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The collection, uploaded through the page's own form."""
    p = browser.new_page()
    p.goto(site)
    expect(p.locator("h1")).to_have_text("Sleuth")
    upload(p, tmp_path_factory.mktemp("web-files"), COLLECTION)
    p.close()
    return COLLECTION


def ask(page: Page, site: str, collection: str, question: str) -> dict[str, Any]:
    """Ask on the page and wait for the answer; returns the same answer as JSON (now from the answer cache)."""
    page.goto(site)
    expect(page.locator(f"#collection option[value='{collection}']")).to_have_count(1)
    page.select_option("#collection", collection)
    page.fill("#question", question)
    page.click("#ask")
    expect(page.locator("#progress")).to_have_attribute("data-state", "done", timeout=120_000)
    expect(page.locator("#answer")).to_be_visible()
    answer = httpx.post(f"{site}/v1/collections/{collection}/ask", json={"question": question}, timeout=60).json()
    expect(page.locator("#answer")).to_have_attribute("data-answer-id", answer["answer_id"])
    return dict(answer)


def check_citation(page: Page, marker: Any, cite: dict[str, Any]) -> None:
    """A marker opens its passage: title, source and page shown, the quote highlighted exactly."""
    marker.click()
    expect(page.locator("#passage")).to_be_visible()
    source = cite["source"] + (f" · page {cite['page']}" if cite["page"] is not None else "")
    expect(page.locator("#passage-source")).to_have_text(source)
    expect(page.locator("#passage-title")).to_have_text(cite["title"])
    expect(page.locator("#passage-text mark")).to_have_count(1)
    assert page.locator("#passage-text mark").text_content() == cite["quote"]


def test_upload_and_collection_stats(uploaded: str, page: Page, site: str) -> None:
    page.goto(site)
    page.select_option("#collection", uploaded)
    expect(page.locator("#collection-stats")).to_contain_text("3 documents")


def test_an_answer_streams_progress_then_opens_its_citations(
    uploaded: str, page: Page, site: str, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    a = ask(page, site, uploaded, MULTI_HOP)
    for event in EVENTS:
        expect(page.locator(f"#progress li.event-{event}").first).to_be_visible()
    expect(page.locator("#progress li.event-plan")).to_contain_text("extractive")
    expect(page.locator("#progress li.event-hop")).to_have_count(len(a["hops"]))
    assert not a["abstained"] and a["short_answer"] == "Halden Systems; March 2019"  # "..., and when?"
    expect(page.locator("#answer")).not_to_have_class(re.compile("abstained"))
    expect(page.locator("#answer .short-answer")).to_have_text(a["short_answer"])
    claims = page.locator("#answer .claims > li")
    expect(claims).to_have_count(len(a["claims"]))
    for i, claim in enumerate(a["claims"]):
        expect(claims.nth(i)).to_contain_text("supported")
        markers = claims.nth(i).locator(".cite")
        expect(markers).to_have_count(len(claim["citations"]))
        for j, cite in enumerate(claim["citations"]):
            check_citation(page, markers.nth(j), cite)
    page.click("#answer .trace summary")  # the hop trace: each hop's sub-queries and the titles they retrieved
    expect(page.locator("#answer .trace summary")).to_contain_text(f"{len(a['hops'])} hop(s), extractive mode")
    hop_lines = page.locator("#answer .trace ol > li")
    expect(hop_lines).to_have_count(len(a["hops"]))
    expect(hop_lines.first).to_contain_text(a["hops"][0]["sub_queries"][0])
    expect(hop_lines.first).to_contain_text("brightwell")
    page.click("#answer .feedback button[title='rate up']")
    expect(page.locator("#answer .feedback")).to_contain_text("Thanks for the feedback.")
    expect(page.locator("#answer .sources li").first).to_contain_text(a["claims"][0]["citations"][0]["source"])

    page.locator("#answer .claims .cite").first.click()  # the picture shows an opened citation
    expect(page.locator("#passage mark")).to_be_visible()
    page.screenshot(path=str(tmp_path / "screenshot.png"), full_page=True)
    assert (tmp_path / "screenshot.png").stat().st_size > 10_000
    target = request.config.getoption("--screenshot", default=None)
    if target:
        page.screenshot(path=str(target), full_page=True)


def test_a_pdf_citation_shows_its_page(uploaded: str, page: Page, site: str) -> None:
    a = ask(page, site, uploaded, BRIDGE)
    cite = a["claims"][0]["citations"][0]
    assert a["short_answer"] == "Ilse Varga" and cite["source"] == "bridge.pdf" and cite["page"] == 1
    check_citation(page, page.locator("#answer .claims .cite").first, cite)


def test_an_abstention_is_shown_as_such(uploaded: str, page: Page, site: str, tmp_path: Path) -> None:
    a = ask(page, site, uploaded, UNANSWERABLE)
    assert a["abstained"] and a["closest_evidence"]
    expect(page.locator("#answer")).to_have_class(re.compile("abstained"))
    expect(page.locator("#answer .abstain-label")).to_contain_text("abstained")
    expect(page.locator("#answer .reason")).to_contain_text(a["reason"])
    expect(page.locator("#answer .claims")).to_have_count(0)
    expect(page.locator("#progress li.event-answer")).to_contain_text("abstained")
    evidence = page.locator("#answer .evidence .cite")
    expect(evidence).to_have_count(len(a["closest_evidence"]))
    check_citation(page, evidence.first, a["closest_evidence"][0])
    page.screenshot(path=str(tmp_path / "abstained.png"), full_page=True)


class RevisingClaude:
    """A scripted Claude (Messages wire format): the first draft has a claim its passage contradicts; verification
    rejects it, the rewrite keeps only the supported claim, so the answer carries one dropped claim."""

    GOOD = ("Halden Systems acquired Brightwell Analytics in March 2019.", "acquired by Halden Systems in March 2019")
    BAD = ("Halden Systems is based in Lagos.", "Halden Systems is based in Oslo.")

    def __init__(self) -> None:
        self.drafts = 0

    def __call__(self, body: dict[str, Any]) -> list[dict[str, Any]]:
        tool = forced_tool(body)
        content = body["messages"][-1]["content"]
        prompt = content if isinstance(content, str) else " ".join(b.get("text", "") for b in content)
        if tool == "Plan":
            return [tool_use(tool, {"sub_queries": ["Who acquired Brightwell Analytics?"]})]
        if tool == "ReadOut":
            return [tool_use(tool, {"enough": True, "facts": []})]
        if tool == "Draft":
            self.drafts += 1
            claims = [self.GOOD, self.BAD] if self.drafts == 1 else [self.GOOD]
            out = [{"text": t, "citations": [{"passage": self.passage(prompt, q), "quote": q}]} for t, q in claims]
            return [tool_use(tool, {"answerable": True, "short_answer": "Halden Systems", "claims": out})]
        if tool == "Verdicts":
            verdicts = [{"claim": 1, "supported": True, "score": 0.95}]
            if "Lagos" in prompt:
                verdicts.append({"claim": 2, "supported": False, "score": 0.1, "note": "the passage says Oslo"})
            return [tool_use(tool, {"verdicts": verdicts})]
        raise AssertionError(f"unexpected request: {tool}")

    @staticmethod
    def passage(prompt: str, quote: str) -> int:
        for m in re.finditer(r"\[(\d+)\] (.*?)(?=\n\n\[\d+\] |\n</passages>)", prompt, re.S):
            if quote in m.group(2):
                return int(m.group(1))
        raise AssertionError(f"{quote!r} not in the passages")


def test_a_claude_answer_shows_its_dropped_claim_and_usage(
    page: Page, tmp_path_factory: pytest.TempPathFactory, redis_server: RedisServer
) -> None:
    with uvicorn_server(double_app(RevisingClaude())) as llm:  # type: ignore[arg-type]
        s = claude_settings(tmp_path_factory.mktemp("web-claude"), redis_server.url, llm, cache_prefix="web-claude")
        c = Container(s)
        seed(c, "deals")
        try:
            with uvicorn_server(create_app(s, c)) as site:
                a = ask(page, site, "deals", "Who acquired Brightwell Analytics, and where is the buyer based?")
                assert a["mode"] == "claude" and len(a["claims"]) == 1 and len(a["dropped_claims"]) == 1
                expect(page.locator("#progress li.event-hop").filter(has_text="revise")).to_contain_text("rewrite")
                expect(page.locator("#answer .claims > li")).to_have_count(1)
                dropped = page.locator("#answer details.dropped")
                expect(dropped.locator("summary")).to_contain_text("1 claim(s) dropped")
                dropped.locator("summary").click()
                expect(dropped).to_contain_text(RevisingClaude.BAD[0])
                expect(dropped.locator(".verdict.bad")).to_contain_text("unsupported")
                assert dropped.locator(".verdict.bad").get_attribute("title") == "the passage says Oslo"
                page.click("#answer .trace summary")
                expect(page.locator("#answer .trace")).to_contain_text(f"{a['usage']['llm_calls']} LLM call(s)")
                check_citation(page, page.locator("#answer .claims .cite").first, a["claims"][0]["citations"][0])
                page.screenshot(path=str(tmp_path_factory.getbasetemp() / "claude-answer.png"), full_page=True)
        finally:
            c.close()
