"""Puts ``tests/`` on the import path, for the helpers shared by several suites
(:mod:`yanglint_check`)."""
