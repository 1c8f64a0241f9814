"""``python -m service`` is the ``tollgate`` command."""

from service.cli import main

main()
