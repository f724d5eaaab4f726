"""The ``kg`` command line: a thin layer over the Python API.

Each subcommand lives in ``kg/commands/<name>.py`` with ``add_parser(subparsers)`` and
``run(args) -> int``. Errors a user can cause are :class:`kg.errors.KgError`: printed as
one line on stderr with a documented exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import multiprocessing
import os
import signal
import sys
import warnings
from collections.abc import Sequence

from kg import __version__, errors, fileio

COMMANDS = ("build", "query", "validate", "analyze", "viz", "serve", "export", "push")


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


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace:
    """Parse ``argv``; an unknown option is reported by its subcommand, with a suggestion.

    argparse leaves options it does not know to the top-level parser, which would print the
    usage of ``kg`` itself: ``kg build --ot x`` should print ``kg build``'s, and "--out".
    """
    args, extra = parser.parse_known_args(argv)
    if extra:
        sub = _subparsers(parser)[args.command]
        message = f"unrecognized arguments: {' '.join(extra)}"
        unknown = next((x.split("=", 1)[0] for x in extra if x.startswith("-")), None)
        known = [s for action in sub._actions for s in action.option_strings]
        guess = difflib.get_close_matches(unknown, known, n=1, cutoff=0.6) if unknown else []
        sub.error(f"{message} (did you mean {guess[0]}?)" if guess else message)
    return args


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


class _Terminated(BaseException):
    """Raised in the main process on SIGTERM so that it unwinds like Ctrl-C."""


def _on_sigterm(signum: int, frame: object) -> None:
    """SIGTERM unwinds the main process like Ctrl-C, so atomic writes remove their temps."""
    if os.getpid() != _MAIN_PID[0]:
        # a forked worker inherited this handler: die the default way, silently
        signal.signal(signum, signal.SIG_DFL)
        os.kill(os.getpid(), signum)
        return
    _stop(143, _Terminated)


def _on_sigint(signum: int, frame: object) -> None:
    """Ctrl-C reaches every process of the group; only the main process reports it."""
    if os.getpid() != _MAIN_PID[0]:
        # a forked worker: the main process reports the interruption, not every worker
        os._exit(130)
    _stop(130, KeyboardInterrupt)


#: The exit code of the first signal (130 or 143) once kg is stopping, and whether the
#: one line saying so was written.
_STOPPING: dict[str, int | bool] = {"code": 0, "reported": False}


def _stop(code: int, exc: type[BaseException]) -> None:
    """The first signal unwinds the main process; any later one ends it at once.

    A second Ctrl-C or SIGTERM while kg is already stopping (removing temporary files,
    stopping workers, or even after ``main`` returned) must not print a traceback from
    wherever it lands: it stops the workers and exits with the first signal's code.
    """
    if _STOPPING["code"] and _OWN_PROCESS[0]:
        _exit_now()
    _STOPPING["code"] = _STOPPING["code"] or code
    fileio.request_stop()
    raise exc


def _exit_now() -> None:
    code = int(_STOPPING["code"])
    try:
        for child in multiprocessing.active_children():
            child.kill()
    except Exception:
        pass
    if not _STOPPING["reported"]:
        _report_stop(code)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


def _report_stop(code: int) -> None:
    """The one line saying kg stopped (written once, whoever reports it first)."""
    if _STOPPING["reported"]:
        return
    _STOPPING["reported"] = True
    if code == 130:
        newline = "\n" if sys.stderr.isatty() else ""  # end a progress bar's line
        sys.stderr.write(f"{newline}kg: interrupted; earlier output is left as it was\n")
    else:
        sys.stderr.write("kg: terminated; earlier output is left as it was\n")


#: The process that installed the handlers (forked children inherit them but are not it).
_MAIN_PID = [0]


def _install_handlers() -> dict[int, object]:
    """Ctrl-C and SIGTERM unwind the main process (temp files removed, one-line message).

    Returns the previous handlers, restored when :func:`main` returns (it may be called
    in-process, e.g. by tests).
    """
    _MAIN_PID[0] = os.getpid()
    _STOPPING.update(code=0, reported=False)
    previous: dict[int, object] = {}
    try:
        if signal.getsignal(signal.SIGINT) is signal.default_int_handler:
            previous[signal.SIGINT] = signal.signal(signal.SIGINT, _on_sigint)
        if signal.getsignal(signal.SIGTERM) == signal.SIG_DFL:
            previous[signal.SIGTERM] = signal.signal(signal.SIGTERM, _on_sigterm)
    except ValueError:  # not the main thread (kg.cli.main called from a thread)
        pass
    return previous


def _restore(previous: dict[int, object]) -> None:
    for signum, handler in previous.items():
        try:
            signal.signal(signum, handler)  # type: ignore[arg-type]
        except ValueError:
            pass


def _one_line_warnings() -> None:
    """Library warnings (spaCy, rdflib) as one ``kg: warning:`` line each, not two."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        text = " ".join(str(message).split())
        (file or sys.stderr).write(f"kg: warning: {text}\n")

    warnings.showwarning = show


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:300] if text else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run one ``kg`` command; returns its exit code (see :data:`kg.errors.EXIT_CODES`).

    Every failure ends here as one stderr line and a documented code, so scripts can rely
    on the exit status and users never see a traceback.
    """
    debug = bool(os.environ.get("KG_DEBUG"))
    _STOPPING.update(code=0, reported=False)  # a program may call main() again after a stop
    fileio.request_stop(False)
    previous = _install_handlers()
    showwarning = warnings.showwarning
    if not debug:
        _one_line_warnings()
    try:
        return _main(argv, debug=debug)
    finally:
        warnings.showwarning = showwarning
        if _STOPPING["code"] and _OWN_PROCESS[0]:
            # the kg command stopped by a signal: leave now. Interpreter shutdown (joining
            # pool threads, atexit handlers) could wait, and resets the handlers, so a
            # second signal there would kill kg with a traceback or the default action.
            _exit_now()
        _restore(previous)


def _main(argv: Sequence[str] | None, *, debug: bool) -> int:
    try:
        parser = build_parser()
        args = parse(parser, argv)
        code = int(args.run(args) or 0)
        if _STOPPING["code"]:  # the signal's exception was dropped where it landed
            raise KeyboardInterrupt
        return code
    except errors.KgError as exc:
        sys.stderr.write(f"kg: error: {exc.message}\n")
        return exc.exit_code
    except (KeyboardInterrupt, _Terminated) as exc:
        code = int(_STOPPING["code"]) or (143 if isinstance(exc, _Terminated) else 130)
        _report_stop(code)
        return code
    except BrokenPipeError:
        # the reader (``| head``) went away: not an error; keep Python quiet at exit
        _silence_stdout()
        return 0
    except OSError as exc:
        if exc.errno not in errors.OUTPUT_ERRNOS:
            return _internal(exc, debug=debug)
        sys.stderr.write(f"kg: error: {errors.output_failed(exc).message}\n")
        return errors.OutputError.exit_code
    except MemoryError:
        sys.stderr.write("kg: error: out of memory (try fewer --jobs or smaller inputs)\n")
        return 70
    except Exception as exc:  # a bug of ours: still one line unless debugging
        if _STOPPING["code"] or _caused_by_stop(exc):
            # a stop signal raised inside code that wraps what it raises (Python reports a
            # _Terminated in a class body being made at import as a RuntimeError): stopping
            code = int(_STOPPING["code"]) or 130
            _report_stop(code)
            return code
        return _internal(exc, debug=debug)


def _caused_by_stop(exc: BaseException) -> bool:
    """Whether ``exc`` was raised because of Ctrl-C or SIGTERM (anywhere in its chain)."""
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        if isinstance(cause, (KeyboardInterrupt, _Terminated)):
            return True
        seen.add(id(cause))
        cause = cause.__cause__ or cause.__context__
    return False


def _internal(exc: Exception, *, debug: bool) -> int:
    if debug:
        raise exc
    sys.stderr.write(
        f"kg: internal error: {type(exc).__name__}: {_first_line(exc)}"
        " (set KG_DEBUG=1 for a traceback)\n"
    )
    return 70


def _silence_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


#: Whether this process is the ``kg`` command (:func:`run`), not a program calling main().
_OWN_PROCESS = [False]


def run() -> None:
    """Console-script entry point (``kg``, ``python -m kg``): the process is kg's own."""
    _OWN_PROCESS[0] = True
    sys.exit(main())
