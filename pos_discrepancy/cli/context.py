"""What every command shares: the desk, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
import pluggy

from ..desk import Desk
from ..errors import DiscrepancyError
from ..i18n import Words, words


@dataclass
class CliContext:
    """Global options and the lazily opened desk."""

    database_url: str | None
    config: str | None
    #: the plugin manager ``main`` built to find plugin commands; the desk reuses it
    plugin_manager: pluggy.PluginManager | None = None
    _desk: Desk | None = field(default=None, repr=False)

    @property
    def desk(self) -> Desk:
        """The desk on the configured database (migrated on first open)."""
        if self._desk is None:
            self._desk = Desk.open(
                database_url=self.database_url,
                config=self.config,
                plugin_manager=self.plugin_manager,
            )
        return self._desk

    def close(self) -> None:
        """Release the database."""
        if self._desk is not None:
            self._desk.close()


def database_location(desk: Desk) -> str:
    """Where the data lives, for people: the SQLite file path, or the URL without password."""
    return desk.database_location()


def store_words(desk: Desk, store: str | None = None) -> Words:
    """The words of ``store`` (American English if it is unknown here); with no store,
    those of the stores' one locale (American English when they have several, or none)."""
    if store is not None:
        try:
            return words(desk.store_info(store).locale)
        except DiscrepancyError:  # a register's database may not know the store
            return words()
    locales = {summary.locale for summary in desk.list_stores()}
    return words(locales.pop() if len(locales) == 1 else None)


pass_context = click.make_pass_decorator(CliContext)
