"""Shared fixtures: the real pipeline and graph (built once per session) and hand-built Docs.

Unit tests build spaCy ``Doc`` objects by hand with :func:`make_doc` so that they test our
rules, not the statistical model; end-to-end tests use ``examples_kb``.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples" / "articles"
SEED = EXAMPLES / "venezuela-perez.txt"


@pytest.fixture(scope="session")
def nlp():
    """The full kg pipeline with the real model."""
    from kg.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def examples_kb():
    """The knowledge graph of ``examples/articles`` (built once)."""
    import kg

    return kg.build([EXAMPLES])


@pytest.fixture(scope="session")
def examples_ttl(examples_kb, tmp_path_factory) -> Path:
    """``examples/articles`` as a Turtle file."""
    path = tmp_path_factory.mktemp("examples") / "graph.ttl"
    examples_kb.to_turtle(path)
    return path


@pytest.fixture(scope="session")
def vocab():
    """A blank vocabulary; the kg ``Doc`` extensions are registered with it, so that any
    test module run alone can build Docs for the components."""
    from spacy.vocab import Vocab

    from kg.components import register

    register()

    return Vocab()


def make_doc(
    vocab,
    words: Sequence[str],
    *,
    heads: Sequence[int] | None = None,
    deps: Sequence[str] | None = None,
    pos: Sequence[str] | None = None,
    lemmas: Sequence[str] | None = None,
    ents: Sequence[str] | None = None,
    spaces: Sequence[bool] | None = None,
):
    """A parsed ``Doc`` built by hand.

    ``heads`` are absolute token indices (a root is its own head); ``ents`` are IOB tags
    such as ``"B-PERSON"``. Sentence boundaries follow the parse.
    """
    from spacy.tokens import Doc

    n = len(words)
    if spaces is None:
        spaces = [
            i + 1 < n and words[i + 1] not in {".", ",", "'s", "’s", ":", ";", "?", "!"}
            for i in range(n)
        ]
    return Doc(
        vocab,
        words=list(words),
        spaces=list(spaces),
        heads=list(heads) if heads is not None else None,
        deps=list(deps) if deps is not None else None,
        pos=list(pos) if pos is not None else None,
        lemmas=list(lemmas) if lemmas is not None else None,
        ents=list(ents) if ents is not None else None,
    )


@pytest.fixture
def doc_factory(vocab):
    """``doc_factory(words, heads=..., deps=..., ...)`` -> a hand-built ``Doc``."""

    def factory(words: Sequence[str], **kwargs):
        return make_doc(vocab, words, **kwargs)

    return factory


@pytest.fixture
def recording_server():
    """A local HTTP server that records every request made to it."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            if "sparql" in self.path:  # a SPARQL endpoint (SERVICE), for GET and POST
                body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
                kind = "application/sparql-results+json"
            else:  # a JSON-LD context
                body = b'{"@context": {"name": "http://schema.org/name"}}'
                kind = "application/ld+json"
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_POST = do_GET

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()
