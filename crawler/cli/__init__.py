"""The ``epaper`` command: query what the crawler stored, export it, run the demo.

It reads the store through :mod:`crawler.store`, exactly as the pipelines write it (``MONGO_URI``
and ``MONGO_DATABASE``, or the shared embedded store under ``EPAPER_HOME``). What a user types only
reaches MongoDB as validated, typed values (:mod:`crawler.query`). One module per command group;
:mod:`.common` holds what they share and :mod:`.render` the terminal output.

Exit codes: 0 done (also when nothing matched), 1 nothing to read (empty store, unknown article,
store unreachable, failed crawl), 2 bad input (dates, papers, pages, words).
"""

from __future__ import annotations

import click


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="epaper-crawler", prog_name="epaper")
@click.option("-v", "--verbose", is_flag=True, help="Say on stderr which store the command uses.")
@click.pass_context
def cli(ctx: click.Context, verbose: bool) -> None:
    """Query and export the newspaper editions the crawler stored: MONGO_URI, or the embedded
    store under EPAPER_HOME (`epaper store status` says where)."""
    ctx.meta["verbose"] = verbose

def main() -> None:
    """Console-script entry point."""
    _exit_without_waiting_for_pymongo()
    cli(prog_name="epaper")


def _exit_without_waiting_for_pymongo() -> None:
    """Drop pymongo's exit hook, which waits up to half a second for its idle monitor threads.

    Every command closes the clients it opened; the monitor threads are daemon threads that die
    with the process. Half a second is most of a query's time. If pymongo renames the hook, this
    does nothing and commands are merely slower.
    """
    import atexit

    try:
        from pymongo.synchronous import monitor
    except ImportError:
        return
    hook = getattr(monitor, "_shutdown_resources", None)
    if hook is not None:
        atexit.unregister(hook)


from . import archive, articles, browse, demo, editions, index, store, web  # noqa: E402,F401  (each registers its commands)
