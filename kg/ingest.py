"""Read articles (``.txt``, ``.html``, ``.jsonl``) into :class:`kg.model.Document`.

A news file is more than its body: a header of date lines, a dateline place, navigation
and boilerplate lines, then the title and the paragraphs. Ingest separates them so the
NLP stage only sees content, and keeps the metadata for the ``kg:Document`` node.
Documents stream one at a time so a corpus never has to fit in memory.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from kg import errors
from kg.dates import MONTHS, WEEKDAYS, parse_date, resolve
from kg.model import Document
from kg.recase import letter_case

SUFFIXES = (".txt", ".html", ".htm", ".jsonl")
MAX_BYTES = 50_000_000
#: Longest text handed to the NLP stage in one piece (spaCy refuses over 1,000,000 chars and
#: its parser's memory grows with length): longer articles are processed in parts.
MAX_CHARS = 100_000

Warn = Callable[[str], None]

_META_LINE = re.compile(r"^(date|title|source|url)\s*[:=]?\s+(.+)$", re.I)
_BOILERPLATE = re.compile(
    r"click here|subscribe|sign up|sign in|log in|read more|advertisement|share this|"
    r"all rights reserved|copyright|©|cookie|follow us|newsletter|related articles?|"
    r"^home\b|^menu\b|^skip to",
    re.I,
)
#: What separates the items of a navigation or share bar.
_NAV_SEPARATORS = re.compile(r"\s*(?:\||\u2022|\u00b7|\u00bb|\u203a|>>)\s*")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*$")
# Wire datelines at the start of the body: "CARACAS –", "KIEV (Reuters) -",
# "NEW YORK, March 3 —", "KELDRA, Nov. 12, 2023 (Reuters) —", "ST. ODRAN, 4 June 2020 |",
# "VELMORA, 9 JAN 90 (AGENCY) --" (a two-digit year, as older wire copy wrote it):
# a place (and maybe its region), an optional date, an optional agency, then a dash, colon
# or pipe. Month and weekday names come from kg.dates.
_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY_NAMES = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_WORD = r"[^\W\d_][\w.'\u2019\-]*"
_DATELINE_DATE = (
    rf"(?i:(?:(?:{_WEEKDAY_NAMES})\.?,?\s+)?"
    rf"(?:(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?|\d{{1,2}}\s+(?:{_MONTH_NAMES})\.?)"
    r"(?:,?\s+(?:\d{4}|\d{2}))?)"
)
_DATELINE = re.compile(
    rf"^(?P<place>{_WORD}(?: {_WORD}){{0,3}})"
    rf"(?:,\s*(?!(?i:{_MONTH_NAMES})\b)(?P<region>{_WORD}(?: {_WORD}){{0,2}}))?"
    rf"(?:,?\s*(?P<date>{_DATELINE_DATE})\b)?"
    r",?\s*(?:\((?P<agency>[^()\n]{1,40})\))?"
    r"\s*(?:--|[\u2013\u2014\-:|])\s+"
)
#: Editorial marks in brackets that open the text of a monitoring service's or a wire's
#: story: the kind of item and the byline ("[TEXT]", "[REPORT] [Ana Ruiz] [TEXT]").
_EDITORIAL_MARKS = re.compile(r"^(?:\[[^\[\]\n]{1,60}\]\s*)+(?=\S)")
#: Capitalised labels before a colon or dash that are not places ("UPDATE: ...").
_NOT_PLACES = frozenset(
    [
        "analysis",
        "breaking",
        "correction",
        "editorial",
        "exclusive",
        "live",
        "opinion",
        "photos",
        "update",
        "video",
        "watch",
    ]
)


@dataclass(frozen=True, slots=True)
class Dateline:
    """The wire dateline that opens a story: its place, its date (ISO) and where it ends."""

    place: str
    date: str | None
    end: int


def parse_dateline(text: str, anchor: str | None = None) -> Dateline | None:
    """The dateline at the start of ``text``, or None.

    The place is upper-case ("KELDRA -"), or any capitalised name when a date or an agency
    follows it ("Keldra, Dec. 1, 2019 (AP) -"). A date without a year takes its year from
    ``anchor`` (the record's or page's date: the nearest such day not after it); without an
    anchor it gives no date rather than a guessed year.

    >>> parse_dateline("KELDRA, Nov. 12, 2023 (Reuters) \u2014 The council voted.")
    Dateline(place='Keldra', date='2023-11-12', end=34)
    >>> parse_dateline("VELMORA, March 3 - The council voted.", "2024-03-05").date
    '2024-03-03'
    >>> parse_dateline("Officials said - as expected - that it passed.") is None
    True
    """
    m = _DATELINE.match(text)
    if m is None:
        return None
    place = m["place"].strip(" ,")
    letters = [c for c in place if c.isalpha()]
    # a story set all in lower case has its dateline so too: a place, then a date or agency
    upper = all(c.isupper() for c in letters) or (
        letter_case(text) == "lower" and bool(m["date"] or m["agency"])
    )
    if len(letters) < 3 or place.casefold() in _NOT_PLACES:
        return None
    if not upper and not (m["date"] or m["agency"]):
        return None
    if not upper and not all(w[0].isupper() for w in place.split()):
        return None
    return Dateline(
        place=place.title() if upper else place,
        date=_dateline_date(m["date"], anchor) if m["date"] else None,
        end=m.end(),
    )


def _dateline_date(text: str, anchor: str | None) -> str | None:
    full = parse_date(text)
    if full or not anchor:
        return full
    try:
        day = dt.date.fromisoformat(anchor[:10])
    except ValueError:
        return None
    resolved = resolve(text, day)
    return resolved if resolved and len(resolved) == 10 else None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that could not be read, with the reason (reported, never silent)."""

    path: str
    reason: str


def document_id(text: str) -> str:
    """A stable id from the content: the same article always gets the same IRI."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Every article file named or found (recursively) under the given paths, sorted.

    Raises :class:`kg.errors.InputError` for a path that does not exist.
    """
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found.extend(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.suffix.lower() in SUFFIXES and f.is_file() and not f.name.startswith(".")
                )
            )
        elif p.is_file():
            found.append(p)
        elif p.exists():
            raise errors.unreadable(str(p), "not a regular file")
        else:
            raise errors.missing_path(str(p))
    return found


#: Leading bytes of the binary formats that end up named ``.txt`` (a PDF or a Word file
#: renamed, a compressed feed): an uncompressed PDF is mostly ASCII, and would otherwise be
#: read as an article titled "%PDF-1.4".
MAGIC = (
    (rb"%PDF-", "PDF document"),
    (rb"PK\x03\x04|PK\x05\x06", "ZIP archive (.docx, .odt, .epub, .zip)"),
    (rb"\x1f\x8b", "gzip-compressed file"),
    (rb"BZh[1-9]1AY&SY", "bzip2-compressed file"),
    (rb"\xfd7zXZ\x00", "xz-compressed file"),
    (rb"\x28\xb5\x2f\xfd", "zstd-compressed file"),
    (rb"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (rb"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (.doc) file"),
    (rb"\{\\rtf", "RTF document"),
    (rb"\x89PNG\r\n\x1a\n", "PNG image"),
    (rb"\xff\xd8\xff", "JPEG image"),
    (rb"GIF8[79]a", "GIF image"),
    (rb"\x7fELF", "program (ELF)"),
)
_MAGIC = [(re.compile(pattern), kind) for pattern, kind in MAGIC]


def sniff(data: bytes) -> str | None:
    """The binary format ``data`` starts with, if it is one of :data:`MAGIC`.

    >>> sniff(b"%PDF-1.4 ..."), sniff(b"PK party wins")
    ('PDF document', None)
    """
    head = data[:16]
    return next((kind for pattern, kind in _MAGIC if pattern.match(head)), None)


def count_articles(paths: Iterable[str | Path]) -> int | None:
    """How many articles the inputs hold (files, and the records of JSONL files), or None.

    Cheap next to reading them: a folder walk and a line count. A long article processed
    in parts counts once, as does a file that later turns out to be unreadable.
    """
    try:
        files = find_files(paths)
    except errors.InputError:
        return None  # reported by the build itself
    total = 0
    for f in files:
        if f.suffix.lower() != ".jsonl":
            total += 1
            continue
        try:
            with f.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        except OSError:
            total += 1
    return total


def is_continuation(doc: Document) -> bool:
    """Whether ``doc`` is the second or a later part of a long article (``#part2``)."""
    return _LATER_PART.search(doc.source) is not None


_LATER_PART = re.compile(r"#part(?:[2-9]|[1-9]\d+)$")


def decode(data: bytes, path: str, warn: Warn) -> str:
    """UTF-8 text of ``data``; other bytes fall back to Windows-1252 with a warning."""
    kind = sniff(data)
    if kind:
        raise errors.binary_file(path, kind)
    if b"\x00" in data[:4096]:
        raise errors.binary_file(path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        warn(f"{path}: not valid UTF-8 (byte {exc.start}); decoded as Windows-1252/Latin-1")
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            return data.decode("latin-1")


def _looks_binary(text: str) -> bool:
    sample = text[:4096]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f\v")
    return bool(sample) and controls / len(sample) > 0.05


def _clean_line(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def _header_fragment(line: str) -> bool:
    """A short header line that is part of a date or place, not a title: "Caracas,", "Monday".

    >>> _header_fragment("Monday"), _header_fragment("Lagos,"), _header_fragment("Strike ends")
    (True, True, False)
    """
    if line.endswith(","):
        return True
    words = [w.strip(".,").casefold() for w in line.split()]
    return all(w in MONTHS or w in WEEKDAYS or w.isdigit() for w in words if w)


def _is_boilerplate(line: str) -> bool:
    """Navigation, a share bar or a notice, judged by the line's shape, not one character.

    A content line (a lead sentence, even one that starts with a ``|`` dateline) is kept:

    >>> _is_boilerplate("Home | World | Sport"), _is_boilerplate("All rights reserved.")
    (True, True)
    >>> _is_boilerplate("KELDRA | The council voted 7-2 on Tuesday to approve the budget.")
    False
    >>> _is_boilerplate("Police seized the newsletter printing press on Monday.")
    False
    """
    if len(line) >= 200:
        return False
    return _is_navigation(line) or (len(line) < 120 and _is_notice(line))


def _is_navigation(line: str) -> bool:
    """Short items between separators ("Home | World | Sport"), none of them a sentence."""
    items = [item.strip() for item in _NAV_SEPARATORS.split(line)]
    if len(items) < 2:
        return False
    return all(len(item.split()) <= 5 and not _SENTENCE_END.search(item) for item in items)


def _is_notice(line: str) -> bool:
    """A boilerplate phrase, unless the line reads as a sentence that merely contains it."""
    m = _BOILERPLATE.search(line)
    if m is None:
        return False
    sentence = len(line.split()) >= 6 and bool(_SENTENCE_END.search(line))
    return not sentence or m.start() == 0


def parse_text(
    text: str, *, source: str, title: str | None = None, date: str | None = None
) -> Document:
    """Split a plain-text article into header metadata and body.

    The header is every line before the first paragraph of prose: ``key value`` metadata
    lines, date lines (possibly spread over several short lines), a place line, navigation
    and boilerplate, and the title (the first short content line, unless given).

    The document's date is the dateline's ("KELDRA, Nov. 12, 2023 -": the day the story was
    filed, which its "on Tuesday" counts from), else ``date`` (what a JSONL record or an
    HTML page's metadata says), else a date line of the header.
    """
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    has_paragraphs = any(not ln.strip() for ln in raw_lines[3:]) if len(raw_lines) > 3 else False
    given_date = date
    date = None
    meta_date: str | None = None
    header_place: str | None = None
    i = 0
    pending: list[str] = []  # short header lines that may join into one date
    while i < len(raw_lines) and i < 15:
        line = _clean_line(raw_lines[i])
        if not line:
            i += 1
            continue
        meta = _META_LINE.match(line)
        if meta and len(line) < 100:
            key, value = meta[1].lower(), meta[2].strip()
            if key == "date":
                meta_date = parse_date(value)
            elif key == "title" and title is None:
                title = value
            i += 1
            continue
        pending.append(line)
        joined = " ".join(pending)
        if parse_date(line) or parse_date(joined):
            date = date or parse_date(line) or parse_date(joined)
            pending.clear()
            i += 1
            continue
        if _is_boilerplate(line):
            pending.clear()
            i += 1
            continue
        if len(line) <= 40 and len(line.split()) <= 4 and _header_fragment(line):
            # a place or weekday fragment ("Caracas,", "Wednesday"): keep for a date join
            if line.endswith(","):
                header_place = line.rstrip(",")
            i += 1
            continue
        if title is None and len(line) <= 200 and not re.search(r"[.!?]$", line):
            title = line
            pending.clear()
            i += 1
            continue
        break
    body_lines = raw_lines[i:]
    # a date line right after the title (Wikinews style)
    while body_lines and not _clean_line(body_lines[0]):
        body_lines = body_lines[1:]
    if body_lines and parse_date(_clean_line(body_lines[0])):
        date = date or parse_date(_clean_line(body_lines[0]))
        body_lines = body_lines[1:]
    paragraphs = _paragraphs(body_lines, joined_lines=has_paragraphs)
    paragraphs = [p for p in paragraphs if not (_is_boilerplate(p) and len(p) < 120)]
    date = given_date or date or meta_date
    dateline = None
    found = parse_dateline(paragraphs[0], date) if paragraphs else None
    if found is not None:
        dateline, date = found.place, found.date or date
        paragraphs[0] = paragraphs[0][found.end :]
    if paragraphs:
        paragraphs[0] = _EDITORIAL_MARKS.sub("", paragraphs[0], count=1)
    body = "\n\n".join(p for p in paragraphs if p)
    if not dateline and header_place:
        dateline = header_place
    return Document(
        id=document_id(body),
        source=source,
        text=body,
        title=title,
        date=date,
        dateline=dateline,
    )


def _paragraphs(lines: list[str], *, joined_lines: bool) -> list[str]:
    """Paragraphs: blank-line separated blocks, or one per line when there are no blanks."""
    if not joined_lines:
        return [c for c in (_clean_line(ln) for ln in lines) if c]
    out: list[str] = []
    block: list[str] = []
    for ln in [*lines, ""]:
        c = _clean_line(ln)
        if c:
            block.append(c)
        elif block:
            out.append(" ".join(block))
            block = []
    return out


def parse_html(html: str, *, source: str) -> Document:
    """Main text of an HTML page: scripts, styles, navigation and asides removed."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(html)
    for tag in ("script", "style", "noscript", "nav", "header", "footer", "aside", "form"):
        for node in tree.css(tag):
            node.decompose()
    title = None
    for sel, attr in (('meta[property="og:title"]', "content"), ("h1", None), ("title", None)):
        node = tree.css_first(sel)
        if node is not None:
            value = node.attributes.get(attr) if attr else node.text(strip=True)
            if value and value.strip():
                title = _clean_line(value)
                break
    date = None
    for sel, attr in (
        ('meta[property="article:published_time"]', "content"),
        ('meta[name="date"]', "content"),
        ("time[datetime]", "datetime"),
    ):
        node = tree.css_first(sel)
        if node is not None and node.attributes.get(attr):
            date = parse_date(node.attributes[attr] or "")
            if date:
                break
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    paragraphs: list[str] = []
    if root is not None:
        nodes = root.css("p") or [root]
        for node in nodes:
            text = _clean_line(node.text(separator=" "))
            if text and text != title:
                paragraphs.append(text)
    return parse_text("\n".join(paragraphs), source=source, title=title, date=date)


def read_jsonl(path: str | Path, data: str, warn: Warn) -> Iterator[Document]:
    """One article per line (``text`` and optional ``title``, ``date``, ``url``).

    Broken lines are reported with their line number and skipped; good lines are kept.
    """
    for number, line in enumerate(data.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            text = record["text"]
            if not isinstance(text, str):
                raise TypeError("'text' is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            reason = f"missing {exc}" if isinstance(exc, KeyError) else str(exc).split("\n")[0]
            warn(f"{path}:{number}: skipped a broken line ({reason})")
            continue
        if not text.strip():
            warn(f"{path}:{number}: skipped an empty article")
            continue
        url = record.get("url")
        source = str(url) if url else f"{path}#L{number}"
        title = record.get("title")
        date = parse_date(str(record["date"])) if record.get("date") else None
        yield parse_text(text, source=source, title=str(title) if title else None, date=date)


def split_document(doc: Document, *, max_chars: int | None = None) -> list[Document]:
    r"""``doc`` itself, or its parts when its text is longer than ``max_chars``.

    Parts break at paragraph ends (else at a sentence end, else at a space), each becomes a
    document of its own (``source#part2``) with the article's title, date and dateline.

    >>> d = Document(id="x", source="a.txt", text="One.\n\nTwo.\n\nThree.")
    >>> [(p.source, p.text) for p in split_document(d, max_chars=12)]
    [('a.txt#part1', 'One.\n\nTwo.'), ('a.txt#part2', 'Three.')]
    """
    if max_chars is None:
        max_chars = MAX_CHARS
    if len(doc.text) <= max_chars:
        return [doc]
    pieces: list[str] = []
    text, pos = doc.text, 0  # positions, not slices of the rest: linear in the length
    while len(text) - pos > max_chars:
        limit = pos + max_chars + 1
        cut = text.rfind("\n\n", pos, limit) - pos
        if cut <= 0:
            cut = max(text.rfind(". ", pos, limit), text.rfind("\n", pos, limit)) - pos
            cut = cut + 1 if cut > 0 else text.rfind(" ", pos, limit) - pos
        if cut <= 0:
            cut = max_chars
        pieces.append(text[pos : pos + cut].strip())
        pos += cut
        while pos < len(text) and text[pos].isspace():
            pos += 1
    pieces.append(text[pos:].strip())
    return [
        Document(
            id=document_id(text),
            source=f"{doc.source}#part{i}",
            text=text,
            title=doc.title,
            date=doc.date,
            dateline=doc.dateline,
        )
        for i, text in enumerate((p for p in pieces if p), start=1)
    ]


def read_file(path: Path, warn: Warn) -> Iterator[Document]:
    """The documents in one file (one, or many for ``.jsonl``)."""
    name = str(path)
    try:
        if path.stat().st_size > MAX_BYTES:
            raise errors.unreadable(name, f"larger than {MAX_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        raise errors.unreadable(name, exc.strerror or str(exc)) from None
    yield from read_data(name, data, warn)


def read_data(name: str, data: bytes, warn: Warn) -> Iterator[Document]:
    """The documents in the bytes of the file ``name`` (whose suffix gives the format):
    :func:`read_file` reads them from disk, ``kg build --cluster`` also from fsspec URLs."""
    text = decode(data, name, warn)
    if not text.strip():
        raise errors.empty_article(name)
    if _looks_binary(text):
        raise errors.binary_file(name)
    for doc in _read_text(name, text, warn):
        parts = split_document(doc)
        if len(parts) > 1:
            warn(f"{doc.source}: {len(doc.text):,} characters; processed in {len(parts)} parts")
        yield from parts


def _read_text(name: str, text: str, warn: Warn) -> Iterator[Document]:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix == ".jsonl":
        yield from read_jsonl(name, text, warn)
    elif suffix in (".html", ".htm"):
        doc = parse_html(text, source=name)
        if not doc.text.strip():
            raise errors.empty_article(name)
        yield doc
    else:
        doc = parse_text(text, source=name)
        if not doc.text.strip():
            raise errors.empty_article(name)
        yield doc


def iter_documents(
    paths: Iterable[str | Path], *, warn: Warn, skipped: list[Skipped] | None = None
) -> Iterator[Document]:
    """Stream the documents of every input path.

    A file the user named explicitly that cannot be read is an error; a bad file found
    while walking a folder is skipped with a warning (and recorded in ``skipped``), so one
    broken file does not stop a corpus build.
    """
    paths = list(paths)
    explicit = {Path(p) for p in paths if Path(p).is_file()}
    files = find_files(paths)
    produced = 0
    for f in files:
        try:
            for doc in read_file(f, warn):
                produced += 1
                yield doc
        except errors.InputError as exc:
            if f in explicit:
                raise
            warn(f"skipped: {exc.message}")
            if skipped is not None:
                skipped.append(Skipped(str(f), exc.message))
    if produced == 0:
        raise errors.no_articles([str(p) for p in paths])
