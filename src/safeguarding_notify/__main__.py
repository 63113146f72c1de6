"""`python -m safeguarding_notify` runs the command line."""

from .cli import run

run()
