"""`sleuth eval answers DATA_DIR`: EM/F1, citations, support, abstention on unanswerable twins, context recall."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.commands._common import console, container, err_console

Mode = Literal["auto", "extractive", "claude", "local"]


def register(app: typer.Typer) -> None:
    @app.command()
    def answers(
        data_dir: Annotated[Path, typer.Argument(help="Folder with queries.jsonl and corpus.jsonl")],
        queries: Annotated[
            int | None, typer.Option("--queries", "-n", min=1, help="Only the first N questions")
        ] = None,
        mode: Annotated[Mode | None, typer.Option(help="auto, extractive, claude, local")] = None,
        twins: Annotated[bool, typer.Option(help="Also ask each question's unanswerable twin")] = True,
        details: Annotated[Path | None, typer.Option(help="Write one JSON line per question here")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as one JSON object")] = False,
    ) -> None:
        """Answer every question of DATA_DIR (indexed into a cached scratch collection) and score the answers."""
        from graphs.evaluate import evaluate, load_answer_queries

        qs = load_answer_queries(data_dir, queries)
        with container() as c:
            runner = c.retrieval_eval()
            columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
            with Progress(*columns, console=err_console, transient=True) as bar:
                tasks: dict[str, TaskID] = {}

                def step(stage: str, done: int, total: int) -> None:
                    key = stage.split(" ")[0]
                    if key not in tasks:
                        tasks[key] = bar.add_task(stage, total=total)
                    bar.update(tasks[key], description=stage, completed=done, total=total)

                collection, _ = runner.prepare(data_dir, None, step)
                summary, rows = asyncio.run(
                    evaluate(
                        qs,
                        collection,
                        c.agent_deps,
                        c.ask_knobs(mode=mode),
                        twins=twins,
                        progress=lambda i, n, _a: step("answering", i, n),
                    )
                )
        if details:
            with details.open("w", encoding="utf-8") as f:
                for q, row, answer, twin in rows:
                    out: dict[str, Any] = {"id": q.qid, "question": q.question, "answers": q.answers}
                    out["gold"] = sorted(q.gold)
                    out |= {"row": vars(row), "answer": answer.model_dump(mode="json")}
                    out["twin"] = twin.model_dump(mode="json") if twin else None
                    f.write(json.dumps(out, ensure_ascii=False) + "\n")
        if as_json:
            print(json.dumps(summary))
            return
        table = Table("metric", "value", title=f"{data_dir.name}: answers ({summary['mode']})")
        for key, value in summary.items():
            table.add_row(key, str(value))
        console.print(table)
