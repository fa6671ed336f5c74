"""`sleuth ask "QUESTION" --collection NAME`: progress per node while the graph runs, then the cited answer."""

from __future__ import annotations

import asyncio
import json
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.panel import Panel

from api.commands._common import console, container, err_console
from api.container import Container

Mode = Literal["auto", "extractive", "claude", "local"]


def _progress_line(event: str, d: dict[str, Any]) -> str | None:
    """One stderr line per graph event (the answer itself is printed on stdout)."""
    if event == "plan":
        return f"[cyan]plan[/] ({d['mode']}): " + " · ".join(escape(q) for q in d["sub_queries"])
    if event == "retrieved":
        titles = ", ".join(escape(t) for t in dict.fromkeys(d["titles"][:4]))
        return f"[cyan]retrieve[/] hop {d['hop']} “{escape(d['query'])}”: {d['n']} passages ({titles})"
    if event == "hop" and "revise" in d:
        return f"[cyan]revise[/]: {d['revise']}"
    if event == "hop":
        nxt = "enough" if d["enough"] else "next hop: " + " · ".join(escape(q) for q in d["follow_up_queries"])
        return f"[cyan]read[/] hop {d['hop']}: {escape(d['why'])}; {nxt}"
    if event == "draft":
        read_as = f", read as “{escape(d['read_as'])}”" if d.get("read_as") else ""
        return f"[cyan]compose[/]: {len(d['claims'])} claims from {len(d['context_ids'])} passages{read_as}"
    if event == "verification":
        ok = sum(1 for c in d["claims"] if c["supported"])
        return f"[cyan]verify[/]: {ok}/{len(d['claims'])} claims supported"
    return None


async def _run(c: Container, question: str, collection: str, knobs: dict[str, Any], quiet: bool) -> dict[str, Any]:
    from graphs.ask import stream_ask

    c.catalog.require(collection)  # a clear error before any work
    answer: dict[str, Any] | None = None
    async for ev in stream_ask(question, collection, c.agent_deps, knobs):
        if ev["event"] == "answer":
            answer = ev["data"]
        elif not quiet and (line := _progress_line(ev["event"], ev["data"])):
            err_console.print(line)
    assert answer is not None, "the graph ended without an answer"
    return answer


def render(a: dict[str, Any]) -> None:
    """The answer with numbered citation markers, then each cited passage's quote with its source and page."""
    numbers: dict[tuple[str, int, int], int] = {}
    if a["abstained"]:
        console.print(Panel(f"{escape(a['answer'])}\n[dim]{escape(a.get('reason') or '')}[/]", title="abstained"))
        cites = a["closest_evidence"]
        console.print("[bold]Closest evidence[/]")
    else:
        lines = [f"[bold]{escape(a['answer'])}[/]", ""]
        for claim in a["claims"]:
            marks = []
            for c in claim["citations"]:
                n = numbers.setdefault((c["chunk_id"], c["start"], c["end"]), len(numbers) + 1)
                marks.append(f"[{n}]")
            score = claim["verdict"]["score"] if claim.get("verdict") else 0
            lines.append(f"• {escape(claim['text'])} [green]{escape(''.join(marks))}[/] [dim](support {score:.2f})[/]")
            if claim.get("derivation"):
                lines.append(f"  [dim]computed: {escape(claim['derivation'])}[/]")
        console.print(Panel("\n".join(lines), title=f"answer ({a['mode']})"))
        if a.get("caveat"):
            console.print(f"[yellow]Caveat: {escape(a['caveat'])}[/]")
        steps = "; ".join(f"{escape(x['question'])} → {escape(x['answer'])}" for x in a["inner_answers"])
        if a.get("read_as"):
            console.print(f"[dim]Read as “{escape(a['read_as'])}”, after: {steps}[/]")
        elif steps:  # a computed answer: the facts it was computed from
            console.print(f"[dim]Computed from: {steps}[/]")
        cites = [c for claim in a["claims"] for c in claim["citations"]]
    seen = set()
    for i, c in enumerate(cites, start=1):
        key = (c["chunk_id"], c["start"], c["end"])
        if key in seen:
            continue
        seen.add(key)
        n = numbers.get(key, i)
        page = f", page {c['page']}" if c.get("page") is not None else ""
        where = f"{escape(c['title'])} — {escape(c['source'])}{page}, chars {c['start']}–{c['end']}"
        console.print(f"[green][{n}][/] {where}\n    “{escape(c['quote'])}”")
    hops = len(a["hops"])
    u = a["usage"]
    console.print(f"[dim]{hops} hop(s), {u['llm_calls']} LLM calls, {sum(a['timings'].values()):.1f}s[/]")


def register(app: typer.Typer) -> None:
    @app.command()
    def ask(
        question: Annotated[str, typer.Argument(help="A question in plain language")],
        collection: Annotated[str, typer.Option("--collection", "-c", help="Collection to answer from")],
        mode: Annotated[Mode | None, typer.Option(help="auto (Claude if a key is set), extractive, claude")] = None,
        max_hops: Annotated[int | None, typer.Option(min=1, max=6, help="Retrieval rounds at most")] = None,
        top_k: Annotated[int | None, typer.Option(min=1, max=50, help="Passages kept per sub-query")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON (no progress lines)")] = False,
    ) -> None:
        """Answer a question from a collection with verified citations, or abstain."""
        with container() as c:
            knobs = c.ask_knobs(mode=mode, max_hops=max_hops, top_k=top_k)
            answer = asyncio.run(_run(c, question, collection, knobs, quiet=as_json))
        if as_json:
            print(json.dumps(answer, ensure_ascii=False))
        else:
            render(answer)
