"""The ``kg`` command line: a thin layer over the Python API.

Each subcommand lives in ``kg/commands/<name>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``. Errors a user can cause are :class:`kg.errors.KgError`: printed as
one line on stderr with a documented exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from kg import __version__, errors

COMMANDS = ("build", "query", "validate", "analyze", "viz")


class _Parser(argparse.ArgumentParser):
    """argparse with our exit code for usage errors and a one-line message."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(errors.UsageError.exit_code)


def _epilog() -> str:
    codes = "\n".join(f"  {code:>3}  {text}" for code, text in errors.EXIT_CODES.items())
    return f"exit codes:\n{codes}"


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="kg",
        description="Build knowledge graphs from news: who did what to whom, where and when.",
        epilog=_epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"kg {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    for name in COMMANDS:
        module = importlib.import_module(f"kg.commands.{name}")
        p = module.add_parser(sub)
        p.epilog = _epilog()
        p.formatter_class = argparse.RawDescriptionHelpFormatter
        p.set_defaults(run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.run(args) or 0)
    except errors.KgError as exc:
        sys.stderr.write(f"kg: error: {exc.message}\n")
        return exc.exit_code
    except KeyboardInterrupt:
        sys.stderr.write("kg: interrupted; earlier output is left as it was\n")
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug of ours: still one line unless debugging
        if os.environ.get("KG_DEBUG"):
            raise
        sys.stderr.write(
            f"kg: internal error: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"
            " (set KG_DEBUG=1 for a traceback)\n"
        )
        return 70


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())
