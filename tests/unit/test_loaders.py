"""Loaders: each format's text, title and pages; every kind of bad file is refused with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools.errors import DocumentError
from tools.ingest.loaders import expand_paths, file_doc_id, load_file

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SAMPLES = Path(__file__).resolve().parents[2] / "samples"
HTML = """<!doctype html><html><head><title>Harbour history | Port Ellery Council</title></head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/contact">Contact us</a></li></ul></nav>
<header><div class="banner">Sign up for our newsletter today</div></header>
<main><article><h1>The harbour of Port Ellery</h1>
<p>The harbour of Port Ellery was dredged in 1887 by the engineer Miriam Coyle, who later designed the lighthouse.</p>
<p>Fishing boats have used its north quay ever since, and the ferry to Skarn leaves twice a day in summer.</p>
<p>The harbour master's office moved to the old customs house in 1952 after a storm destroyed the first one.</p>
</article></main>
<footer><p>Copyright 2024 Port Ellery Council. All rights reserved. Privacy policy. Cookie settings.</p></footer>
</body></html>"""


def test_text_and_markdown_are_kept_verbatim(tmp_path: Path) -> None:
    md = tmp_path / "Ada Morrow.md"
    md.write_bytes(b"# Ada Morrow\r\n\r\nAda kept the **lighthouse** from 1901.\r\n")
    [doc] = load_file(md, 10_000, {"lang": "en"})
    assert doc.title == "Ada Morrow" and doc.source == str(md.resolve())
    assert doc.text == "# Ada Morrow\n\nAda kept the **lighthouse** from 1901.\n"
    assert doc.meta == {"format": "markdown", "lang": "en"} and doc.pages == ()
    assert doc.doc_id == file_doc_id(md) and len(doc.content_hash) == 64
    txt = tmp_path / "notes.txt"
    txt.write_text("\ufeffplain notes")
    assert load_file(txt, 10_000)[0].text == "plain notes", "a UTF-8 BOM is not text"


def test_doc_id_is_stable_per_path_and_hash_follows_content(tmp_path: Path) -> None:
    p = tmp_path / "a.txt"
    p.write_text("one")
    first = load_file(p, 100)[0]
    p.write_text("two")
    second = load_file(p, 100)[0]
    assert first.doc_id == second.doc_id and first.content_hash != second.content_hash
    other = tmp_path / "sub" / "a.txt"
    other.parent.mkdir()
    other.write_text("one")
    assert load_file(other, 100)[0].doc_id != first.doc_id


def test_html_keeps_main_text_and_drops_boilerplate(tmp_path: Path) -> None:
    p = tmp_path / "harbour.html"
    p.write_text(HTML)
    [doc] = load_file(p, 100_000)
    assert "dredged in 1887 by the engineer Miriam Coyle" in doc.text
    assert "old customs house in 1952" in doc.text
    for junk in ("Contact us", "newsletter", "All rights reserved", "Cookie settings"):
        assert junk not in doc.text
    assert doc.title == "harbour" and "arbour" in str(doc.meta["html_title"])  # <title> or <h1>, as trafilatura picks


def test_html_in_a_legacy_charset_is_decoded(tmp_path: Path) -> None:
    p = tmp_path / "cafe.htm"
    body = "<p>Le café de la gare a ouvert en 1921 et sert toujours des crêpes aux voyageurs du train de nuit.</p>"
    p.write_bytes(f'<html><head><meta charset="iso-8859-1"></head><body>{body * 3}</body></html>'.encode("latin-1"))
    [doc] = load_file(p, 100_000)
    assert "Le café de la gare a ouvert en 1921" in doc.text and "crêpes" in doc.text


def test_pdf_pages_map_to_text_spans() -> None:
    [doc] = load_file(FIXTURES / "three_pages.pdf", 100_000)
    assert doc.title == "three_pages" and doc.meta["pdf_title"] == "Three Page Report" and doc.meta["n_pages"] == 3
    assert [p[0] for p in doc.pages] == [1, 2, 3]
    for number, start, end in doc.pages:
        assert f"Page {['one', 'two', 'three'][number - 1]}" in doc.text[start:end]
    assert doc.page_at(doc.text.index("Ada Morrow")) == 2


def test_jsonl_rows_keep_their_ids_and_titles(tmp_path: Path) -> None:
    p = tmp_path / "corpus.jsonl"
    rows = [{"id": "hp-1", "title": "Demon Dice", "text": "A dice game."}, {"id": 7, "title": "X", "text": "Seven."}]
    p.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    docs = load_file(p, 10_000, {"set": "tiny"})
    assert [(d.doc_id, d.title, d.text) for d in docs] == [("hp-1", "Demon Dice", "A dice game."), ("7", "X", "Seven.")]
    assert all(d.source == str(p.resolve()) and d.meta == {"format": "jsonl", "set": "tiny"} for d in docs)
    assert docs[0].content_hash != docs[1].content_hash


@pytest.mark.parametrize(
    "line,reason",
    [
        ('{"id": "b", "title": "B"}', "line 2: 'text' is missing"),
        ('["b", "B", "text"]', "line 2: expected an object"),
        ('{"id": "a", "title": "A2", "text": "again"}', "line 2: duplicate id 'a' (first on line 1)"),
        ('{"id": "", "title": "B", "text": "x"}', "line 2: 'id' is missing, empty"),
    ],
)
def test_jsonl_bad_rows_name_their_line(tmp_path: Path, line: str, reason: str) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text('{"id": "a", "title": "A", "text": "Alpha."}\n' + line + "\n")
    with pytest.raises(DocumentError) as e:
        load_file(p, 10_000)
    assert e.value.reason.startswith(reason) and e.value.path == str(p)


@pytest.mark.parametrize(
    "name,reason",
    [
        ("corrupt.pdf", "corrupt PDF"),
        ("scanned.pdf", "PDF has no text layer"),
        ("empty.txt", "empty file"),
        ("blank.md", "empty file"),
        ("random.bin", "binary file"),
        ("latin1.txt", "undecodable: not UTF-8"),
        ("malformed.jsonl", "line 2: malformed JSON"),
    ],
)
def test_bad_files_raise_document_error_with_reason(name: str, reason: str) -> None:
    with pytest.raises(DocumentError) as e:
        load_file(FIXTURES / name, 100_000)
    assert reason in e.value.reason and e.value.path.endswith(name)


def test_size_limit_and_missing_file(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("x" * 101)
    with pytest.raises(DocumentError, match="over the 100-byte limit"):
        load_file(big, 100)
    with pytest.raises(DocumentError, match="cannot read"):
        load_file(tmp_path / "nope.txt", 100)


def test_a_folder_expands_to_supported_files_skipping_hidden(tmp_path: Path) -> None:
    for rel in ("a.md", "b/c.pdf", "b/d.html", ".git/x.txt", "b/.hidden.txt", "e.png", "f.jsonl"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a.md", "b/c.pdf", "b/d.html", "f.jsonl"]
    assert list(expand_paths([tmp_path / "e.png"])) == [tmp_path / "e.png"], "a file named directly is kept"
    (tmp_path / ".sleuthignore").write_text("# not corpus\nREADME.md\nb/*.html\n")
    (tmp_path / "README.md").write_text("x")
    (tmp_path / "b" / "README.md").write_text("x")
    found = [p.relative_to(tmp_path).as_posix() for p in expand_paths([tmp_path])]
    assert found == ["a.md", "b/c.pdf", "f.jsonl"], ".sleuthignore patterns are gitignore-style"


@pytest.mark.skipif(not SAMPLES.is_dir(), reason="no sample corpus")
def test_every_sample_file_loads() -> None:
    files = list(expand_paths([SAMPLES]))
    assert (SAMPLES / "README.md").is_file() and SAMPLES / "README.md" not in files, "the README holds the answers"
    docs = [d for f in files for d in load_file(f, 5_000_000)]
    assert len(docs) >= 8 and all(d.text.strip() for d in docs)
    assert sum(1 for d in docs if len(d.pages) > 1) >= 2, "at least two multi-page PDFs"
