"""What every command shares: the desk, opened on first use."""

from __future__ import annotations

from dataclasses import dataclass, field

import click

from ..desk import Desk


@dataclass
class CliContext:
    """Global options and the lazily opened desk."""

    database_url: str | None
    config: str | None
    _desk: Desk | None = field(default=None, repr=False)

    @property
    def desk(self) -> Desk:
        """The desk on the configured database (migrated on first open)."""
        if self._desk is None:
            self._desk = Desk.open(database_url=self.database_url, config=self.config)
        return self._desk

    def close(self) -> None:
        """Release the database."""
        if self._desk is not None:
            self._desk.close()


def database_location(desk: Desk) -> str:
    """Where the data lives, for people: the SQLite file path, or the URL without password."""
    url = desk.engine.url
    if url.get_backend_name() == "sqlite" and url.database:
        return f"SQLite file {url.database}"
    return url.render_as_string(hide_password=True)


pass_context = click.make_pass_decorator(CliContext)
