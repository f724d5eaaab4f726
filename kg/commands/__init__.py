"""Subcommands of the ``kg`` CLI, one module each."""
