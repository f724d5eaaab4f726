"""``python -m kg``."""

from kg.cli import run

run()
