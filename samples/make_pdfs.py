"""Render the sample corpus's PDFs (reportlab): `python samples/make_pdfs.py` rewrites samples/reports and books."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer

HERE = Path(__file__).resolve().parent

ANNUAL_REPORT = [
    (
        "Halden Systems AS - Annual Report 2019",
        [
            "Letter from the chief executive, Jonas Berg. 2019 was the year Halden Systems became an international "
            "company. We cleared 1.1 billion payments, opened our first office outside Europe and grew revenue by "
            "14 percent.",
            "Our strategy remains simple: run the rails that banks and mobile-money operators depend on, and keep "
            "fraud off them.",
        ],
    ),
    (
        "Acquisitions",
        [
            "In March 2019 we acquired Brightwell Analytics of Lagos for 40 million US dollars. Brightwell's fraud "
            "screening service, Tally, has been renamed Halden Tally and now screens 52 million mobile-money "
            "transactions a month for seven operators in Nigeria, Ghana and Senegal.",
            "Brightwell's co-founder and former chief executive, Mara Okafor, heads our new Lagos office as Vice "
            "President for West Africa. The Lagos office employed 61 people at the end of the year.",
        ],
    ),
    (
        "Financial statements (summary)",
        [
            "Revenue: 2,480 million Norwegian kroner (2018: 2,176 million). Operating profit: 391 million kroner "
            "(2018: 352 million). The acquisition of Brightwell Analytics added 58 million kroner of revenue in the "
            "nine months after completion.",
            "Headcount at 31 December 2019: 842 (2018: 761).",
        ],
    ),
    (
        "Outlook for 2020",
        [
            "We expect to open a desk in Accra in 2020 and to bring Halden Tally to two operators in Côte d'Ivoire. "
            "The board proposes a dividend of 4.20 kroner a share.",
            "Oslo, 20 February 2020. The Board of Directors of Halden Systems AS. Chair: Ingrid Halden.",
        ],
    ),
]

READING_GUIDE = [
    (
        "The Quiet Ledger - a reading group guide",
        [
            "Harmattan House, Lagos. This guide accompanies the paperback edition of The Quiet Ledger by Mara Okafor, "
            "first published in 2011 and winner of the Harmattan Prize for Fiction 2012.",
            "About the author: Mara Okafor was born in Enugu in 1979 and worked for many years as a government "
            "statistician in Lagos. The Quiet Ledger is her first novel.",
        ],
    ),
    (
        "The story",
        [
            "Adaeze, the junior bookkeeper of an Apapa shipping firm, discovers a second ledger written in her own "
            "hand. As she traces the shipments it records, she has to decide whom she can trust: her employer, her "
            "brother Obinna, or the harbour clerk who seems to know more than he says.",
        ],
    ),
    (
        "Questions for discussion",
        [
            "1. Why does Okafor tell the story through account books rather than letters or diaries?",
            "2. Adaeze never learns who wrote the second ledger. Did the ending satisfy you?",
            "3. How does the novel portray Lagos port life in the 1990s?",
        ],
    ),
]


def render(path: Path, pages: list[tuple[str, list[str]]], title: str) -> None:
    styles = getSampleStyleSheet()
    story: list = []
    for i, (heading, paragraphs) in enumerate(pages):
        if i:
            story.append(PageBreak())
        story += [Paragraph(heading, styles["Heading1"]), Spacer(1, 12)]
        story += [Paragraph(p, styles["BodyText"]) for p in paragraphs]
    # invariant=1: no timestamps or random ids, so re-running the script reproduces the same bytes.
    doc = SimpleDocTemplate(str(path), pagesize=A4, title=title, author="Sleuth samples", invariant=1)
    doc.build(story)


def main() -> None:
    render(HERE / "reports" / "halden-annual-report-2019.pdf", ANNUAL_REPORT, "Halden Systems Annual Report 2019")
    render(HERE / "books" / "the-quiet-ledger-reading-guide.pdf", READING_GUIDE, "The Quiet Ledger: reading guide")


if __name__ == "__main__":
    main()
