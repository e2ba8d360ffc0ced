"""What every part of the desk stands on: the context its methods run in."""

from __future__ import annotations

from ..service.context import Context


class DeskPart:
    """A group of :class:`pos_discrepancy.desk.Desk` methods; each delegates to one command
    or read model in :attr:`context`."""

    #: What every command runs in; plugins and services get this, never the desk.
    context: Context
