"""The ``epaper`` command: query what the crawler stored, export it, run the demo.

It reads the store through :mod:`crawler.store`, exactly as the pipelines write it (``MONGO_URI``
and ``MONGO_DATABASE``, or the embedded default under ``./data/mongo``). What a user types only
reaches MongoDB as validated, typed values (:mod:`crawler.query`). One module per command group;
:mod:`.common` holds what they share and :mod:`.render` the terminal output.

Exit codes: 0 done (also when nothing matched), 1 nothing to read (empty store, unknown article,
store unreachable, failed crawl), 2 bad input (dates, papers, pages, words).
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Query and export the newspaper editions the crawler stored (MONGO_URI, or ./data/mongo)."""

def main() -> None:
    """Console-script entry point."""
    cli(prog_name="epaper")


from . import archive, articles, browse, demo, editions, web  # noqa: E402,F401  (each registers its commands)
