"""Ingest: the parts of a news file (title, date, dateline, boilerplate, body) and formats."""

from __future__ import annotations

import json

import pytest

from kg import errors
from kg.ingest import iter_documents, parse_html, parse_text, read_file

SEED_STYLE = """date 2019-03-04
Springfield,
Monday
March 4,2019

  HOME | Ruritania (Click here for more Ruritania news)

Ruritanian Police Arrest Harbour Union Leader

SPRINGFIELD – Ruritanian police on Sunday arrested Jane Okafor, the leader of the harbour union.

Okafor, 44, had led a strike since January.
"""

WIKINEWS_STYLE = """Harbour strike ends after three weeks
Friday, August 21, 2015
Dock workers in Springfield returned to work on Thursday.
The union said talks would continue.
"""


def test_seed_style_header():
    doc = parse_text(SEED_STYLE, source="a.txt")
    assert doc.title == "Ruritanian Police Arrest Harbour Union Leader"
    assert doc.date == "2019-03-04"
    assert doc.dateline == "Springfield"
    assert doc.text.startswith("Ruritanian police on Sunday arrested Jane Okafor")
    assert "Click here" not in doc.text and "HOME" not in doc.text
    assert "Okafor, 44," in doc.text


def test_wikinews_style_title_and_date_lines():
    doc = parse_text(WIKINEWS_STYLE, source="b.txt")
    assert doc.title == "Harbour strike ends after three weeks"
    assert doc.date == "2015-08-21"
    assert doc.text.splitlines()[0] == "Dock workers in Springfield returned to work on Thursday."
    assert "Friday" not in doc.text


@pytest.mark.parametrize(
    ("first", "place", "rest"),
    [
        ("LAGOS – Protesters marched on Monday.", "Lagos", "Protesters marched on Monday."),
        ("NEW YORK (Reuters) - Shares fell.", "New York", "Shares fell."),
        ("Protesters marched in LAGOS on Monday.", None, "Protesters marched in LAGOS"),
    ],
)
def test_dateline(first, place, rest):
    doc = parse_text(f"A title line\n\n{first}\n\nSecond paragraph here.\n", source="c.txt")
    assert doc.dateline == place
    assert doc.text.startswith(rest)


@pytest.mark.parametrize(
    "line",
    [
        "Wednesday January 17,2018",
        "Friday, August 21, 2015",
        "17 January 2018",
        "2018-01-17",
    ],
)
def test_date_line_formats(line):
    doc = parse_text(f"{line}\nA title line\n\nThe body says something here.\n", source="d")
    assert doc.date == "2018-01-17" or doc.date == "2015-08-21"


def test_boilerplate_lines_are_not_content():
    text = (
        "A title line\n\nSubscribe to our newsletter\n\nThe body says something here.\n\n"
        "Share this | Tweet | Email\n\nAll rights reserved.\n"
    )
    doc = parse_text(text, source="e.txt")
    assert doc.text == "The body says something here."


def test_html_main_text_without_scripts():
    html = """<html><head><title>Site | Strike ends</title>
    <meta property="article:published_time" content="2015-08-21T10:00:00Z">
    <script>var tracking = "Jane Okafor";</script><style>p {color: red}</style></head>
    <body><nav>Home | World | Sport</nav>
    <article><h1>Harbour strike ends</h1>
    <p>Dock workers in Springfield returned to work.</p>
    <p>The union said talks would continue.</p></article>
    <footer>Copyright 2015</footer></body></html>"""
    doc = parse_html(html, source="f.html")
    assert doc.title == "Harbour strike ends"
    assert doc.date == "2015-08-21"
    assert "Dock workers in Springfield returned to work." in doc.text
    assert "tracking" not in doc.text and "Sport" not in doc.text and "Copyright" not in doc.text


def test_jsonl_keeps_good_lines_and_reports_broken_ones(tmp_path):
    path = tmp_path / "feed.jsonl"
    rows = [
        json.dumps(
            {
                "text": "Dock workers returned to work.",
                "title": "Strike ends",
                "date": "2015-08-21",
                "url": "https://example.org/a",
            }
        ),
        "{not json",
        json.dumps({"title": "no text"}),
        "",
        json.dumps({"text": "The union said talks would continue."}),
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    warnings: list[str] = []
    docs = list(read_file(path, warnings.append))
    assert [d.text for d in docs] == [
        "Dock workers returned to work.",
        "The union said talks would continue.",
    ]
    assert docs[0].source == "https://example.org/a"
    assert (docs[0].title, docs[0].date) == ("Strike ends", "2015-08-21")
    assert docs[1].source.endswith("feed.jsonl#L5")
    assert [w.split(": ")[0].rsplit(":", 1)[1] for w in warnings] == ["2", "3"]


def test_invalid_utf8_is_decoded_as_cp1252_with_a_warning(tmp_path):
    path = tmp_path / "old.txt"
    path.write_bytes(
        "A title line\n\nThe caf\u00e9 \u201cclosed\u201d on Monday.\n".encode("cp1252")
    )
    warnings: list[str] = []
    (doc,) = read_file(path, warnings.append)
    assert "caf\u00e9 \u201cclosed\u201d" in doc.text
    assert len(warnings) == 1 and "UTF-8" in warnings[0]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("empty.txt", b""),
        ("blank.txt", b"  \n\n \t\n"),
        ("binary.txt", bytes(range(256)) * 4),
    ],
)
def test_bad_files_are_one_line_input_errors(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(errors.InputError) as info:
        list(read_file(path, lambda _: None))
    assert "\n" not in info.value.message and name in info.value.message


def test_bad_file_in_a_folder_is_skipped_with_a_warning(tmp_path):
    (tmp_path / "good.txt").write_text("A title line\n\nThe body says something.\n")
    (tmp_path / "empty.txt").write_text("")
    warnings: list[str] = []
    docs = list(iter_documents([tmp_path], warn=warnings.append))
    assert len(docs) == 1 and len(warnings) == 1 and "empty" in warnings[0]


def test_missing_path_and_no_articles(tmp_path):
    with pytest.raises(errors.InputError):
        list(iter_documents([tmp_path / "nope"], warn=lambda _: None))
    with pytest.raises(errors.InputError):
        list(iter_documents([tmp_path], warn=lambda _: None))


def test_document_id_is_stable_and_content_based():
    a = parse_text(WIKINEWS_STYLE, source="x.txt")
    b = parse_text(WIKINEWS_STYLE, source="y.txt")
    c = parse_text(WIKINEWS_STYLE.replace("Thursday", "Friday"), source="x.txt")
    assert a.id == b.id != c.id


def test_long_article_is_read_in_parts(tmp_path, monkeypatch):
    import kg.ingest

    monkeypatch.setattr(kg.ingest, "MAX_CHARS", 200)
    paragraphs = [f"Paragraph {i} says the harbour strike went on for a day." for i in range(12)]
    path = tmp_path / "long.txt"
    path.write_text("A title line\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    warnings: list[str] = []
    parts = list(read_file(path, warnings.append))
    assert len(parts) > 1 and all(len(p.text) <= 200 for p in parts)
    assert "\n\n".join(p.text for p in parts) == "\n\n".join(paragraphs)
    assert [p.source for p in parts] == [f"{path}#part{i}" for i in range(1, len(parts) + 1)]
    assert {p.title for p in parts} == {"A title line"}
    assert len({p.id for p in parts}) == len(parts)
    assert len(warnings) == 1 and "parts" in warnings[0]


@pytest.mark.parametrize("text", ["word " * 100, "x" * 500])
def test_split_without_paragraphs_still_bounded(text):
    from kg.ingest import split_document
    from kg.model import Document

    parts = split_document(Document(id="x", source="s", text=text.strip()), max_chars=64)
    assert all(0 < len(p.text) <= 64 for p in parts)
    assert "".join(p.text.replace(" ", "") for p in parts) == text.replace(" ", "")


# -- issue 17 item 1: a line is boilerplate by its shape, not because it holds a "|" --------

LEAD = "The council voted 7-2 on Tuesday to approve the harbour budget for Keldra."


@pytest.mark.parametrize("sep", ["|", "-", "\u2014", "\u2013", ":"])
def test_dateline_with_any_separator_keeps_the_lead(sep):
    text = f"Harbour budget approved\n\nKELDRA {sep} {LEAD}\n\nThe mayor said little.\n"
    doc = parse_text(text, source="a.txt")
    assert doc.dateline == "Keldra"
    assert doc.text.startswith(LEAD)
    assert "The mayor said little." in doc.text


def test_pipe_lead_without_blank_lines_or_title_is_kept():
    doc = parse_text(f"KELDRA | {LEAD}\nThe mayor said little.\n", source="a.txt")
    assert doc.text.startswith(LEAD) and doc.dateline == "Keldra"


def test_pipe_lead_in_a_jsonl_record_is_not_an_empty_document(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text(json.dumps({"text": f"KELDRA | {LEAD}", "title": "Budget"}) + "\n")
    warnings: list[str] = []
    (doc,) = read_file(path, warnings.append)
    assert doc.text == LEAD and warnings == []


def test_long_single_line_article_with_one_pipe_is_read(tmp_path):
    words = " ".join(f"The ferry number {i} left the harbour on time." for i in range(400))
    body = words[:9000] + " | " + words[9000:]
    path = tmp_path / "long.txt"
    path.write_text(body + "\n", encoding="utf-8")
    (doc,) = read_file(path, lambda _: None)
    assert len(doc.text) > 0.99 * len(body)


@pytest.mark.parametrize(
    "nav",
    [
        "Home | World | Sport | Business",
        "News \u00bb Local \u00bb Harbour",
        "Share this | Tweet | Email",
        "Politics \u2022 Economy \u2022 Weather",
    ],
)
def test_navigation_lines_are_still_removed(nav):
    doc = parse_text(f"A title line\n\n{nav}\n\n{LEAD}\n\n{nav}\n", source="n.txt")
    assert doc.text == LEAD


def test_a_short_sentence_with_a_boilerplate_word_is_content():
    line = "Police seized the newsletter printing press on Monday."
    doc = parse_text(f"A title line\n\n{line}\n\n{LEAD}\n", source="n.txt")
    assert doc.text.startswith(line)


# -- issue 17 item 6: wire datelines (place, date, agency, then a dash, colon or pipe) ------


@pytest.mark.parametrize(
    ("first", "place", "date"),
    [
        ("KELDRA, Nov. 12, 2023 (Reuters) \u2014 ", "Keldra", "2023-11-12"),
        ("VELMORA, March 3, 2024 \u2014 ", "Velmora", "2024-03-03"),
        ("VELMORA, Sept. 30, 2021 - ", "Velmora", "2021-09-30"),
        ("PORT ASHBY, Ostland, Jan 5, 2022 (Wire News) : ", "Port Ashby", "2022-01-05"),
        ("ST. ODRAN, 4 June 2020 | ", "St. Odran", "2020-06-04"),
        ("Keldra, Dec. 1, 2019 (AP) -- ", "Keldra", "2019-12-01"),
        ("KELDRA (Reuters) \u2013 ", "Keldra", None),
        ("VELMORA, 9 JAN 90 (NORTHWIRE) -- ", "Velmora", "1990-01-09"),
        ("VELMORA, 3 FEB 04 -- ", "Velmora", "2004-02-03"),
    ],
)
def test_wire_dateline_gives_place_and_date(first, place, date):
    doc = parse_text(f"Harbour budget approved\n\n{first}{LEAD}\n", source="w.txt")
    assert (doc.dateline, doc.date) == (place, date)
    assert doc.text == LEAD


@pytest.mark.parametrize("marks", ["[TEXT] ", "[REPORT] [Ana Ruiz] [TEXT] ", "[Photo]  "])
def test_editorial_marks_that_open_the_story_are_not_its_text(marks):
    doc = parse_text(f"Harbour budget approved\n\nVELMORA, 9 JAN 90 -- {marks}{LEAD}\n", source="w")
    assert (doc.dateline, doc.text) == ("Velmora", LEAD)


def test_story_in_lower_case_has_its_dateline_in_lower_case():
    lead = LEAD.lower()
    text = f"harbour budget approved\n\nvelmora, 9 jan 90 (northwire) -- {lead}\n"
    doc = parse_text(text, source="w")
    assert (doc.dateline, doc.date, doc.text) == ("Velmora", "1990-01-09", lead)
    plain = parse_text(f"a title\n\nofficials said - as expected - that {lead}\n", source="w")
    assert plain.dateline is None


def test_brackets_inside_the_story_stay():
    doc = parse_text(f"Harbour budget approved\n\n{LEAD} [TEXT] follows.\n", source="w")
    assert doc.text == f"{LEAD} [TEXT] follows."


def test_dateline_without_a_year_takes_it_from_the_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    record = {"text": f"VELMORA, March 3 \u2014 {LEAD}", "date": "2024-03-05"}
    path.write_text(json.dumps(record) + "\n")
    (doc,) = read_file(path, lambda _: None)
    assert (doc.dateline, doc.date, doc.text) == ("Velmora", "2024-03-03", LEAD)


def test_dateline_without_a_year_or_a_record_date_gives_the_place_only():
    doc = parse_text(f"A title line\n\nVELMORA, March 3 \u2014 {LEAD}\n", source="w.txt")
    assert (doc.dateline, doc.date, doc.text) == ("Velmora", None, LEAD)


def test_dateline_without_a_date_falls_back_to_the_html_meta_date():
    html = (
        '<html><head><meta name="date" content="2024-03-05"></head><body><article>'
        f"<h1>Budget</h1><p>VELMORA (Reuters) \u2014 {LEAD}</p></article></body></html>"
    )
    doc = parse_html(html, source="w.html")
    assert (doc.dateline, doc.date, doc.text) == ("Velmora", "2024-03-05", LEAD)


@pytest.mark.parametrize(
    "first",
    [
        "The council voted 7-2 - a narrow margin - on Tuesday.",
        "Analysis: the budget is larger than last year's.",
        "In March 3 people were hurt - none badly.",
    ],
)
def test_a_sentence_is_not_a_dateline(first):
    doc = parse_text(f"A title line\n\n{first}\n", source="w.txt")
    assert (doc.dateline, doc.text) == (None, first)


def test_events_of_a_wire_story_are_dated(nlp):
    from kg.pipeline import process

    text = (
        "Harbour strike\n\nKELDRA, Nov. 12, 2023 (Reuters) \u2014 Police arrested the leader "
        "of the dock workers union on Sunday.\n"
    )
    (dg,) = process([parse_text(text, source="w.txt")])
    assert dg.document.date == "2023-11-12" and dg.document.dateline == "Keldra"
    assert "2023-11-12" in {e.date for e in dg.events}  # "on Sunday" counts from the dateline


# -- issue 17 item 7: binary formats are known by their magic bytes ------------------------


def _pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Length 44 >>\nstream\nBT /F1 12 Tf (Harbour strike ends) Tj ET\n"
        b"endstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def _docx() -> bytes:
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:  # stored, not deflated: readable text inside
        z.writestr("word/document.xml", "<w:document>Harbour strike ends.</w:document>")
    return buf.getvalue()


def _gzip() -> bytes:
    import gzip

    return gzip.compress(b"Harbour strike ends\n\nDock workers returned to work.\n", mtime=0)


@pytest.mark.parametrize(
    ("name", "data", "kind"),
    [("report.txt", _pdf(), "PDF"), ("story.txt", _docx(), "ZIP"), ("feed.jsonl", _gzip(), "gzip")],
)
def test_binary_formats_are_sniffed_by_magic_bytes(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(errors.InputError) as info:
        list(read_file(path, lambda _: None))
    assert kind in info.value.message and "\n" not in info.value.message
    (tmp_path / "good.txt").write_text(f"A title line\n\n{LEAD}\n", encoding="utf-8")
    warnings: list[str] = []
    docs = list(iter_documents([tmp_path], warn=warnings.append))
    assert [d.text for d in docs] == [LEAD] and kind in warnings[0]


def test_text_that_starts_like_a_magic_number_is_still_text(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text(f"PK party wins\n\n{LEAD}\n", encoding="utf-8")
    (doc,) = read_file(path, lambda _: None)
    assert doc.title == "PK party wins"
