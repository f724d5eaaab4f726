"""The human summary of a graph, ``report.md``, and its chart: what an analyst reads first.

:func:`render_report` takes the dict of :func:`kg.analysis.summary` (``kg build``) or
:func:`kg.analysis.analyze` (``kg analyze``: adds communities, components, a path and a
timeline) and writes only the sections whose data is present. Every string that came from
an article is escaped for Markdown (and for matplotlib's mathtext in the chart).
"""

from __future__ import annotations

import io
from pathlib import Path

from kg.fileio import atomic_write_bytes


def _md(text: object) -> str:
    r"""Markdown-safe cell text (article text is untrusted).

    >>> _md("a|b <script> *x*")
    'a\\|b \\<script\\> \\*x\\*'
    """
    out = str(text).replace("\\", "\\\\").replace("|", "\\|")
    out = " ".join(out.split())
    for ch in "<>*_`[]#!":
        out = out.replace(ch, "\\" + ch)
    return out


def render_report(
    summary: dict, *, title: str = "Knowledge graph report", chart: str | None = None
) -> str:
    """The Markdown report of ``summary``; ``chart`` is a relative path to its PNG."""
    lines = [f"# {title}", ""]
    open_note = ""
    if summary.get("open_events"):
        open_note = (
            f" (typed; {summary['open_events']} open events of other predicates are in the "
            "graph, not in this report: `kg analyze --open-events`)"
        )
    lines.append(
        f"{summary['documents']} documents, {summary['entities']} entities, "
        f"{summary['events']} events{open_note}, {summary['triples']} triples."
    )
    if "projection" in summary:
        p = summary["projection"]
        lines += [
            "",
            f"Projection: events as {p['events_as']}; {p['nodes']} nodes "
            f"({p['entity_nodes']} entities), {p['edges']} edges. "
            f"{summary['components']} connected components"
            + (
                f", {summary['isolated_entities']} isolated entities."
                if "isolated_entities" in summary
                else "."
            ),
        ]
    if chart:
        lines += ["", f"![Most central actors and events over time]({chart})"]
    for heading, key in (
        ("Entities by type", "entities_by_type"),
        ("Events by type", "events_by_type"),
    ):
        lines += ["", f"## {heading}", "", "| type | count |", "|---|---:|"]
        lines += [f"| {_md(k)} | {v} |" for k, v in summary[key].items()]
    lines += [
        "",
        "## Most central actors",
        "",
        "| actor | type | events | degree | PageRank | betweenness |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for row in summary["central_actors"]:
        lines.append(
            f"| {_md(row['label'])} | {row['type']} | {row.get('events', '')} | "
            f"{row['degree']} | {row['pagerank']} | {row['betweenness']} |"
        )
    if "communities" in summary:
        lines += ["", "## Communities (Louvain)", ""]
        if not summary["communities"]:
            lines.append("No community of two or more linked entities.")
        for i, c in enumerate(summary["communities"], 1):
            names = ", ".join(_md(m["label"]) for m in c["members"])
            more = f", … ({c['size']} in all)" if c["size"] > len(c["members"]) else ""
            lines.append(f"{i}. {names}{more}")
    if "component_sizes" in summary:
        sizes = ", ".join(str(s) for s in summary["component_sizes"])
        lines += [
            "",
            "## Connected components",
            "",
            f"{summary['components']} components; largest sizes: {sizes or 'none'}.",
        ]
    if "path" in summary:
        p = summary["path"]
        lines += ["", f"## Chain from {_md(p['from']['label'])} to {_md(p['to']['label'])}", ""]
        if p["steps"] is None:
            lines.append("No chain of events links them.")
        elif not p["steps"]:
            lines.append("They are the same entity.")
        for i, step in enumerate(p["steps"] or [], 1):
            evs = (
                "; ".join(
                    _md(e["type"]) + (f" ({_md(e['date'])})" if e.get("date") else "")
                    for e in step["events"]
                )
                or "linked"
            )
            lines.append(f"{i}. {_md(step['from_label'])} — {evs} — {_md(step['to_label'])}")
    if "timeline" in summary:
        lines += ["", "## Timeline", ""]
        if not summary["timeline"]:
            lines.append("No dated events (no event date and no document date).")
        else:
            lines += ["| date | event | who | evidence |", "|---|---|---|---|"]
        for row in summary["timeline"]:
            date = row["date"] + (" (document)" if row["date_source"] == "document" else "")
            who = "; ".join(f"{_md(p['label'])} ({p['role']})" for p in row["participants"])
            lines.append(
                f"| {_md(date)} | {_md(row['type'])} | {who} | {_md(row['evidence'] or '')} |"
            )
    return "\n".join(lines) + "\n"


def _mathtext_safe(text: str) -> str:
    """Label text with ``$`` escaped so matplotlib never reads it as mathtext."""
    return str(text).replace("$", r"\$")


def render_chart(summary: dict) -> bytes:
    """A PNG: the most central actors (PageRank) and, if any, events per date."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    actors = summary.get("central_actors", [])[:15]
    dated = summary.get("timeline") or []
    panels = 1 + bool(dated)
    fig, axes = plt.subplots(panels, 1, figsize=(8, 3 + 2.5 * panels), squeeze=False)
    ax = axes[0][0]
    if actors:
        labels = [_mathtext_safe(r["label"])[:40] for r in reversed(actors)]
        values = [r["pagerank"] or r["degree"] for r in reversed(actors)]
        ax.barh(range(len(actors)), values, color="#4e79a7")
        ax.set_yticks(range(len(actors)), labels)
        metric = "PageRank" if any(r["pagerank"] for r in actors) else "degree centrality"
        ax.set_xlabel(metric)
        ax.set_title("Most central actors")
    else:
        ax.text(0.5, 0.5, "no entities", ha="center", va="center")
        ax.set_axis_off()
    if dated:
        from collections import Counter

        by_day = Counter(r["date"][:10] for r in dated)
        days = sorted(by_day)
        ax2 = axes[1][0]
        ax2.bar(range(len(days)), [by_day[d] for d in days], color="#e15759")
        step = max(1, len(days) // 12)
        ax2.set_xticks(range(0, len(days), step), days[::step], rotation=30, ha="right")
        ax2.set_ylabel("events")
        ax2.set_title("Events over time")
    fig.tight_layout()
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=100, metadata={"Software": None})
    plt.close(fig)
    return buf.getvalue()


def write_chart(summary: dict, path: str | Path) -> Path:
    """Write :func:`render_chart` atomically to ``path``."""
    return atomic_write_bytes(path, render_chart(summary))
