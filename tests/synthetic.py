"""Synthetic news articles for load, interruption and bad-input tests.

The sentences are our own templates over invented names, so NER finds people,
organisations and places and the event rules fire, without copying any real article.
Every article is unique (its number is part of the text), because documents are
identified by their content and duplicates would collapse into one.

>>> a = article(3)
>>> a == article(3), a == article(4)
(True, False)
>>> len(write_corpus(__import__("tempfile").mkdtemp(), 2))
2
"""

from __future__ import annotations

import random
from pathlib import Path

FIRST = ("Anna", "Marek", "Lucia", "Tomas", "Ingrid", "Pavel", "Selma", "Oskar", "Nadia", "Emil")
LAST = ("Varga", "Lindqvist", "Moreau", "Halvorsen", "Kowal", "Brandt", "Okafor", "Duarte")
ORGS = (
    "the Northern Farmers Union",
    "the Ministry of Transport",
    "the Coastal Guard",
    "the National Rail Company",
    "the Red Valley Party",
    "the United Dock Workers",
)
PLACES = ("Halden", "Vorsk", "Port Emery", "Kallstad", "Mirovo", "Eastbridge", "Tarnow Falls")
ROLES = ("minister", "spokesman", "mayor", "police chief", "union leader", "governor")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")

TEMPLATES = (
    "{p1}, the {role} of {place}, said on {day} that {org} would meet {p2} in {place2}.",
    "Police arrested {n} protesters in {place} on {day}, according to {org}.",
    "{p1} accused {org} of blocking the road between {place} and {place2}.",
    "Gunmen attacked a convoy near {place} on {day}, killing {n} soldiers, {p2} said.",
    "{org} signed an agreement with {org2} in {place2} after talks led by {p1}.",
    "{p2} was elected {role} of {place} with {n} percent of the vote.",
    "Workers from {org} went on strike in {place} on {day}, demanding higher wages.",
    "{p1} met {p2} in {place} to discuss the dispute over the {place2} harbour.",
)


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def sentence(rng: random.Random) -> str:
    """One news sentence with invented people, organisations and places."""
    org, org2 = rng.sample(ORGS, 2)
    place, place2 = rng.sample(PLACES, 2)
    text = rng.choice(TEMPLATES).format(
        p1=_name(rng),
        p2=_name(rng),
        org=org,
        org2=org2,
        place=place,
        place2=place2,
        role=rng.choice(ROLES),
        day=rng.choice(DAYS),
        n=rng.randint(2, 90),
    )
    return text[0].upper() + text[1:]


def article(number: int, *, paragraphs: int = 3, sentences: int = 3) -> str:
    """A unique plain-text article: a title line, then paragraphs of template sentences."""
    rng = random.Random(number)
    title = f"Dispute in {rng.choice(PLACES)} enters day {number}"
    body = [" ".join(sentence(rng) for _ in range(sentences)) for _ in range(paragraphs)]
    body[0] = f"Report {number}. " + body[0]
    return title + "\n\n" + "\n\n".join(body) + "\n"


def long_article(n_chars: int, *, seed: int = 0) -> str:
    """One article of about ``n_chars`` characters (paragraphs of five sentences)."""
    rng = random.Random(seed)
    parts = ["A very long report\n"]
    size = len(parts[0])
    while size < n_chars:
        paragraph = " ".join(sentence(rng) for _ in range(5))
        parts.append(paragraph)
        size += len(paragraph) + 2
    return "\n\n".join(parts) + "\n"


def write_corpus(folder: str | Path, count: int, *, start: int = 0, **kwargs: int) -> list[Path]:
    """Write articles ``start`` .. ``start + count - 1`` as ``.txt`` files under ``folder``."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(start, start + count):
        path = folder / f"article-{i:06d}.txt"
        path.write_text(article(i, **kwargs), encoding="utf-8")
        paths.append(path)
    return paths
