"""Root pytest configuration: keep ``python -m kg``'s entry module out of doctest collection."""

collect_ignore = ["kg/__main__.py"]
