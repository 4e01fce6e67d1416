"""``python -m qa``: the same as the ``qa`` command."""

from web.cli import main

main()
