"""Time expressions resolved against the publication date (``kg.dates.resolve``)."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.dates import parse_date, resolve

WEDNESDAY = dt.date(2018, 1, 17)


@pytest.mark.parametrize(
    ("expression", "future", "expected"),
    [
        ("on Tuesday", False, "2018-01-16"),
        ("Tuesday", False, "2018-01-16"),
        ("last June", False, "2017-06"),
        ("since last June", False, "2017-06"),
        ("last month", False, "2017-12"),
        ("next month", False, "2018-02"),
        ("last year", False, "2017"),
        ("Thursday", True, "2018-01-18"),
        ("on Thursday", True, "2018-01-18"),
        ("Thursday", False, "2018-01-11"),
        ("yesterday", False, "2018-01-16"),
        ("last night", False, "2018-01-16"),
        ("yesterday morning", False, "2018-01-16"),
        ("today", False, "2018-01-17"),
        ("this morning", False, "2018-01-17"),
        ("tomorrow", True, "2018-01-18"),
        ("tomorrow evening", True, "2018-01-18"),
        ("on Wednesday", False, "2018-01-17"),
        ("last Wednesday", False, "2018-01-10"),
        ("on Monday night", False, "2018-01-15"),
        ("on August 10", False, "2017-08-10"),
        ("on August 10", True, "2018-08-10"),
        ("January 3", False, "2018-01-03"),
        ("in 1994", False, "1994"),
        ("in March 2015", False, "2015-03"),
        ("on 4 July 2016", False, "2016-07-04"),
        ("in June", False, "2017-06"),
        ("in June", True, "2018-06"),
    ],
)
def test_resolve_against_a_wednesday(expression, future, expected):
    assert resolve(expression, WEDNESDAY, future=future) == expected


@pytest.mark.parametrize("expression", ["last week", "for nine hours", "recently", "", "the 1990s"])
def test_unresolvable_expressions_give_none(expression):
    assert resolve(expression, WEDNESDAY) is None


def test_resolve_is_deterministic_and_anchor_driven():
    other = dt.date(2020, 3, 5)  # a Thursday
    assert resolve("on Tuesday", other) == "2020-03-03"
    assert resolve("last month", other) == "2020-02"


@pytest.mark.parametrize(
    ("line", "expected"),
    [("Wednesday January 17,2018", "2018-01-17"), ("2018-01-17", "2018-01-17"), ("soon", None)],
)
def test_parse_date_keeps_its_behaviour(line, expected):
    assert parse_date(line) == expected
