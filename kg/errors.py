"""One exception base and the one place where user-facing error messages live.

Every error a user can cause is a :class:`KgError` with a one-line message and a documented
exit code; the CLI prints ``kg: error: <message>`` and exits with that code, never a
traceback. Library users catch :class:`KgError`.
"""

from __future__ import annotations

import errno

#: Exit codes, documented in ``kg --help``.
EXIT_CODES: dict[int, str] = {
    0: "success",
    1: "the graph does not conform to the SHACL shapes (kg validate, kg build --strict)",
    2: "usage error (bad option or argument)",
    3: "bad input (missing, unreadable, empty, binary or undecodable article; no articles)",
    4: "output cannot be written",
    5: "NLP model missing or broken",
    6: "query error (malformed, forbidden or timed-out SPARQL)",
    7: "bad graph file (not RDF or unreadable)",
    8: "remote endpoint refused or unreachable",
    9: "cluster unavailable (no cluster extra, scheduler unreachable, workers lack kg or model)",
    70: "internal error (a bug in kg: please report it; KG_DEBUG=1 shows the traceback)",
    130: "interrupted (Ctrl-C); earlier output is left as it was",
    143: "terminated (SIGTERM); earlier output is left as it was",
}


class KgError(Exception):
    """Base of every error reported to users: a one-line message and an exit code."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(" ".join(str(message).split()))  # always one line

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(KgError):
    exit_code = 2


class InputError(KgError):
    exit_code = 3


class OutputError(KgError):
    exit_code = 4


class ModelError(KgError):
    exit_code = 5


class QueryError(KgError):
    exit_code = 6


class GraphFileError(KgError):
    exit_code = 7


class RemoteError(KgError):
    exit_code = 8


class ClusterError(KgError):
    exit_code = 9


class NotConforming(KgError):
    exit_code = 1


# -- message builders: the wording users see, kept together -------------------------------


def missing_path(path: str) -> InputError:
    return InputError(f"{path}: no such file or folder")


def unreadable(path: str, reason: str) -> InputError:
    return InputError(f"{path}: cannot read ({reason})")


def empty_article(path: str) -> InputError:
    return InputError(f"{path}: the article is empty")


def binary_file(path: str, kind: str | None = None) -> InputError:
    if kind:
        return InputError(f"{path}: a binary file ({kind}), not an article; convert it to text")
    return InputError(f"{path}: looks like a binary file, not an article")


def no_articles(paths: list[str]) -> InputError:
    shown = ", ".join(paths[:3]) + (", ..." if len(paths) > 3 else "")
    return InputError(f"no articles found in {shown} (looked for .txt, .html, .jsonl)")


def model_missing(name: str, package: str) -> ModelError:
    return ModelError(
        f"spaCy model '{name}' is not installed; install it with: pip install {package}"
    )


def cannot_write(path: str, reason: str) -> OutputError:
    return OutputError(f"{path}: cannot write ({reason})")


#: errno values that mean "the output cannot be written" wherever they come from.
OUTPUT_ERRNOS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS})


def output_failed(exc: OSError) -> OutputError:
    """A full disk or quota (or a read-only file system) met outside a file we name."""
    return OutputError(f"cannot write output ({exc.strerror or exc})")


def bad_graph_file(path: str, reason: str) -> GraphFileError:
    return GraphFileError(f"{path}: not a readable RDF graph ({reason})")
