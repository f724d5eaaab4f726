"""The human summary of a build, ``report.md``: what an analyst reads first."""

from __future__ import annotations


def _md(text: object) -> str:
    """Markdown-safe cell text (article text is untrusted)."""
    out = str(text).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    for ch in "<>*_`[]":
        out = out.replace(ch, "\\" + ch)
    return out


def render_report(summary: dict, *, title: str = "Knowledge graph report") -> str:
    lines = [f"# {title}", ""]
    lines.append(
        f"{summary['documents']} documents, {summary['entities']} entities, "
        f"{summary['events']} events, {summary['triples']} triples."
    )
    for heading, key in (("Entities by type", "entities_by_type"),
                         ("Events by type", "events_by_type")):
        lines += ["", f"## {heading}", "", "| type | count |", "|---|---:|"]
        lines += [f"| {_md(k)} | {v} |" for k, v in summary[key].items()]
    lines += ["", "## Most central actors", "",
              "| actor | type | degree | PageRank | betweenness |", "|---|---|---:|---:|---:|"]
    for row in summary["central_actors"]:
        lines.append(
            f"| {_md(row['label'])} | {row['type']} | {row['degree']} | {row['pagerank']} "
            f"| {row['betweenness']} |"
        )
    return "\n".join(lines) + "\n"
