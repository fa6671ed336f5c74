"""Render a shared data set's corpus.jsonl to PDFs, one per title, so the retrieval eval can run on real PDFs.

    python bench/make_pdf_corpus.py ../shared/data/hotpotqa_train100 /tmp/hotpot-pdf [--n 200]

Ingested, each PDF's title is its file name without `.pdf`, which the eval matches against gold titles. Titles are
unique in three of the four sets; MuSiQue repeats some, so every passage of a title becomes one page of that title's
PDF. A title that is not a safe file name is sanitised; `mapping.jsonl` in OUT_DIR records, per passage, its id,
title, file and page.
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import defaultdict
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate
from rich.progress import track

# Only what a POSIX file name cannot hold: every other character stays, so the title still equals the gold title.
UNSAFE = re.compile(r"[/\x00-\x1f]")
MAX_NAME_BYTES = 200
# A Unicode TrueType font, so non-Latin titles and passages keep their text layer (Helvetica is Latin-1 only).
FONTS = [Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")]


def safe_name(title: str) -> str:
    """A file stem for `title`: unsafe characters replaced, no leading dot, at most 200 UTF-8 bytes."""
    name = UNSAFE.sub("_", title).strip() or "untitled"
    if name.startswith("."):
        name = "_" + name
    while len(name.encode()) > MAX_NAME_BYTES:
        name = name[:-1]
    return name


def font_name() -> str:
    import reportlab

    candidates = [*FONTS, Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"]
    path = next(p for p in candidates if p.is_file())
    pdfmetrics.registerFont(TTFont("Body", str(path)))
    return "Body"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", type=Path, help="a folder holding corpus.jsonl")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--n", type=int, default=None, help="only the first N passages")
    args = ap.parse_args()
    rows = [json.loads(line) for line in (args.data_dir / "corpus.jsonl").open() if line.strip()]
    rows = rows[: args.n] if args.n else rows
    by_title: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_title[row["title"]].append(row)
    names: dict[str, str] = {}
    taken: set[str] = set()
    for title in by_title:
        name = safe_name(title)
        # Two titles that sanitise to the same name must not share a file (case differs: distinct on POSIX).
        base, i = name, 2
        while name in taken:
            name, i = f"{base} ({i})", i + 1
        taken.add(name)
        names[title] = name

    args.out_dir.mkdir(parents=True, exist_ok=True)
    # `sleuth ingest OUT_DIR` must read the PDFs only, not the mapping (a .jsonl it would take for a corpus).
    (args.out_dir / ".sleuthignore").write_text("mapping.jsonl\n")
    style = getSampleStyleSheet()["BodyText"].clone("body", fontName=font_name())
    started = time.perf_counter()
    with (args.out_dir / "mapping.jsonl").open("w") as mapping:
        for title, passages in track(by_title.items(), description="rendering PDFs"):
            path = args.out_dir / f"{names[title]}.pdf"
            story: list = []
            for page, row in enumerate(passages, start=1):
                if page > 1:
                    story.append(PageBreak())
                story.append(Paragraph(escape(row["text"]), style))
                record = {"id": row["id"], "title": title, "file": path.name, "page": page}
                mapping.write(json.dumps(record, ensure_ascii=False) + "\n")
            SimpleDocTemplate(str(path), pagesize=A4, title=title, invariant=1).build(story)
    renamed = sum(1 for t, n in names.items() if t != n)
    print(
        f"{len(rows)} passages -> {len(by_title)} PDFs in {args.out_dir} ({time.perf_counter() - started:.1f} s); "
        f"{len(rows) - len(by_title)} passages share a title (extra pages); {renamed} titles sanitised "
        f"(see mapping.jsonl)"
    )


if __name__ == "__main__":
    main()
