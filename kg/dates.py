"""Dates in news: publication dates and time expressions resolved against them.

Regex-based rather than dateutil's fuzzy parser, which silently fills missing parts with
today's date (``"January 17,2018"`` became 2026-01-17 in a test): a news date is either
understood exactly or not at all.
"""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}
WEEKDAYS = {
    name: i
    for i, names in enumerate(
        [
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        ]
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:" + "|".join(sorted(WEEKDAYS, key=len, reverse=True)) + r")\.?,?\s*)?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d{2})"
_DATE_PATTERNS = [
    re.compile(rf"^{_WEEKDAY}{_MONTH}\s+{_DAY}\s*,?\s*{_YEAR}$", re.I),  # January 17, 2018
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}$", re.I),  # 17 January 2018
    re.compile(rf"^{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+(?P<yy>\d{{2}})$", re.I),  # 9 JAN 90 (wire)
    re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ][\d:.+\-Z]*)?$"),
    re.compile(r"^(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{4})$"),
]


def _month(value: str) -> int:
    return int(value) if value.isdigit() else MONTHS[value.lower().rstrip(".")]


def _year(m: re.Match[str]) -> int:
    """The year of a date match; two digits as POSIX ``%y`` reads them (69-99: 1900s)."""
    if "yy" in m.re.groupindex:
        yy = int(m["yy"])
        return 1900 + yy if yy >= 69 else 2000 + yy
    return int(m["year"])


def parse_date(text: str) -> str | None:
    """The ISO 8601 date written in ``text`` (a whole date line), or ``None``.

    >>> parse_date("Wednesday January 17,2018")
    '2018-01-17'
    >>> parse_date("Friday, August 21, 2015")
    '2015-08-21'
    >>> parse_date("9 JAN 90"), parse_date("3 Feb 04")
    ('1990-01-09', '2004-02-03')
    >>> parse_date("not a date") is None
    True
    """
    text = " ".join(text.replace("\u00a0", " ").split()).strip(" .")
    for pattern in _DATE_PATTERNS:
        m = pattern.match(text)
        if m:
            try:
                day = dt.date(_year(m), _month(m["month"]), int(m["day"]))
            except ValueError:
                return None
            return day.isoformat()
    return None


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def resolve(expression: str, anchor: dt.date, *, future: bool = False) -> str | None:
    """Resolve a time expression against the publication date ``anchor``.

    ``future`` says the clause speaks of what is to come (``"will meet on Thursday"``),
    which turns a bare weekday or month forwards instead of backwards.

    >>> d = dt.date(2018, 1, 17)  # a Wednesday
    >>> resolve("on Tuesday", d), resolve("last June", d), resolve("last month", d)
    ('2018-01-16', '2017-06', '2017-12')
    >>> resolve("Thursday", d, future=True), resolve("yesterday", d), resolve("in 1994", d)
    ('2018-01-18', '2018-01-16', '1994')
    >>> resolve("on August 10", d)
    '2017-08-10'
    """
    text = " ".join(expression.lower().replace("\u2019", "'").split())
    text = re.sub(r"^(?:on|in|since|by|until|from|during|of|at|early|late|earlier)\s+", "", text)
    text = re.sub(r"^(?:the|this past)\s+", "", text)
    if not re.fullmatch(r"(?:last|this|yesterday|tomorrow)\s+\w+", text):
        text = re.sub(r"\s+(?:night|morning|afternoon|evening)$", "", text)  # "Monday night"
    full = parse_date(text)
    if full:
        return full
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return anchor.isoformat()
    if text in ("yesterday", "last night") or text.startswith("yesterday "):
        return (anchor - dt.timedelta(days=1)).isoformat()
    if text == "tomorrow" or text.startswith("tomorrow "):
        return (anchor + dt.timedelta(days=1)).isoformat()
    m = re.fullmatch(r"(last|next|this|past|coming)?\s*(\w+)", text)
    if m and m[2] in WEEKDAYS and m[2] not in ("sun", "sat", "wed", "mar"):
        return _weekday(anchor, WEEKDAYS[m[2]], m[1], future=future).isoformat()
    if m and m[2] in ("month", "year", "week") and m[1] in ("last", "next", "this", "past"):
        step = {"last": -1, "past": -1, "next": 1, "this": 0}[m[1]]
        if m[2] == "year":
            return str(anchor.year + step)
        if m[2] == "month":
            y, mo = _shift_month(anchor.year, anchor.month, step)
            return f"{y:04d}-{mo:02d}"
        return None  # a week is not a date we can write as xsd:date/gYearMonth
    if m and m[2] in MONTHS and len(m[2]) > 3:
        month = MONTHS[m[2]]
        year = anchor.year
        if m[1] == "last" or (m[1] is None and not future and month > anchor.month):
            year -= 1 if month >= anchor.month or m[1] == "last" else 0
        elif m[1] == "next" or (future and month < anchor.month):
            year += 1
        return f"{year:04d}-{month:02d}"
    m = re.fullmatch(rf"{_MONTH}\s+{_DAY}(?:\s*,?\s*{_YEAR})?", text) or re.fullmatch(
        rf"{_DAY}\s+{_MONTH}(?:\s*,?\s*{_YEAR})?", text
    )
    if m:
        month, day = _month(m["month"]), int(m["day"])
        year = int(m["year"]) if m["year"] else anchor.year
        try:
            when = dt.date(year, month, day)
        except ValueError:
            return None
        if not m["year"]:
            if not future and when > anchor + dt.timedelta(days=1):
                when = when.replace(year=year - 1)
            elif future and when < anchor:
                when = when.replace(year=year + 1)
        return when.isoformat()
    m = re.fullmatch(rf"{_MONTH},?\s+{_YEAR}", text)
    if m:
        return f"{int(m['year']):04d}-{_month(m['month']):02d}"
    m = re.fullmatch(r"((?:1[89]|20)\d{2})", text)
    if m:
        return m[1]
    return None


def _weekday(anchor: dt.date, weekday: int, qualifier: str | None, *, future: bool) -> dt.date:
    """The nearest such weekday before (or, for the future, after) ``anchor``."""
    if qualifier in ("next", "coming") or (future and qualifier != "last"):
        delta = (weekday - anchor.weekday()) % 7 or 7
        return anchor + dt.timedelta(days=delta)
    delta = (anchor.weekday() - weekday) % 7
    if delta == 0 and qualifier in ("last", "past"):
        delta = 7  # "last Tuesday" on a Tuesday; a bare "Tuesday" is the day itself
    return anchor - dt.timedelta(days=delta)
