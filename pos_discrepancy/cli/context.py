"""What every command shares: the desk, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import click
import pluggy

from ..desk import Desk


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


pass_context = click.make_pass_decorator(CliContext)
