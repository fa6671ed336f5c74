"""Evaluation report: a markdown table of every variant and a PNG bar chart comparing them (matplotlib Agg)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from tools.evaluation.metrics import METRIC_KEYS, Summary

CHART_KEYS = ("R@2", "R@5", "R@10", "All@5", "MRR@10", "nDCG@10")


def markdown_table(rows: Sequence[tuple[str, Summary]]) -> str:
    """One row per (label, summary): every metric, query count and latency."""
    head = ["variant", *METRIC_KEYS, "n", "p50 ms", "p95 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for label, s in rows:
        cells = [label, *(f"{s.metrics[k]:.1f}" for k in METRIC_KEYS), str(s.n_queries), f"{s.p50_ms:.1f}"]
        lines.append("| " + " | ".join([*cells, f"{s.p95_ms:.1f}"]) + " |")
    return "\n".join(lines)


def bar_chart(rows: Sequence[tuple[str, Summary]], path: Path, title: str) -> Path:
    """Grouped bars: one group per metric, one bar per variant."""
    import matplotlib

    matplotlib.use("Agg")  # no display here, and none needed
    import matplotlib.pyplot as plt

    n = max(len(rows), 1)
    width = 0.8 / n
    fig, ax = plt.subplots(figsize=(max(7.0, 1.2 * len(CHART_KEYS) + 0.25 * n * len(CHART_KEYS)), 4.5))
    for i, (label, s) in enumerate(rows):
        xs = [j + (i - (n - 1) / 2) * width for j in range(len(CHART_KEYS))]
        ax.bar(xs, [s.metrics[k] for k in CHART_KEYS], width, label=label)
    ax.set_xticks(range(len(CHART_KEYS)), CHART_KEYS)
    ax.set_ylim(0, 100)
    ax.set_ylabel("%")
    ax.set_title(title)
    ax.legend(fontsize="small", ncols=min(n, 4), loc="upper center", bbox_to_anchor=(0.5, -0.08))
    ax.grid(axis="y", alpha=0.3)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return path


def write_report(rows: Sequence[tuple[str, Summary]], path: Path, title: str, notes: Sequence[str] = ()) -> Path:
    """Write `path` (markdown) and a chart beside it (`<stem>.png`); returns the chart's path."""
    chart = bar_chart(rows, path.with_suffix(".png"), title)
    paragraphs = [line for note in notes for line in (note, "")]
    body = [f"# {title}", "", *paragraphs, markdown_table(rows), "", f"![{title}]({chart.name})", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(body), encoding="utf-8")
    return chart


__all__ = ["bar_chart", "markdown_table", "write_report"]
