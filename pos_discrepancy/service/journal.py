"""The journal's heads and its verification, and telling ``posdisc_journal_heads``."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import InvalidInput
from ..plugins import call_each
from ..store import chain_links
from ..store.journal import chain_heads
from ..store.verify import VerifyReport, verify_journal
from ..views import JournalHead
from .context import Context

Anchor = str | os.PathLike[str] | Iterable[JournalHead | str]


def journal_heads(ctx: Context, store: str | None = None) -> list[JournalHead]:
    """Each chain's newest event, by store and chain (the server's own chains: one per
    register and ``store``, and each till chain it keeps); ``posdisc_journal_heads``
    plugins hear of them."""
    store_id = None if store is None else ctx.store_info(store).code
    with ctx.reading() as connection:
        heads = [JournalHead(*head) for head in chain_heads(connection, store_id)]
        heads += [JournalHead(*head) for head in chain_links.heads(connection, store_id)]
    heads.sort(key=lambda head: (head.store, head.chain))
    _tell(ctx, heads, verified=False)
    return heads


def verify(ctx: Context, store: str | None = None, *, anchor: Anchor | None = None) -> VerifyReport:
    """Verify the journal (against ``anchor``, if given); then tell ``posdisc_journal_heads``
    plugins the heads of the chains found intact."""
    store_id = None if store is None else ctx.store_info(store).code
    anchors = [] if anchor is None else read_anchor(anchor)
    report = verify_journal(ctx.engine, store_id, anchor=anchors)
    heads = report.journal_heads()
    if heads:
        _tell(ctx, heads, verified=True)
    return report


def read_anchor(anchor: Anchor) -> list[JournalHead]:
    """The heads of an anchor: a file of ``journal head`` lines, or its lines, or heads.

    :raises InvalidInput: (field ``anchor``) a line that is not ``<store> <chain> <seq>
        <hash>`` (the message names its number), or a file that cannot be read.
    """
    if isinstance(anchor, str | os.PathLike):
        try:
            lines: Iterable[Any] = Path(anchor).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeError) as error:
            raise InvalidInput(
                f"anchor: cannot read {os.fspath(anchor)!r} ({error})", field="anchor"
            ) from None
    else:
        lines = anchor
    heads = []
    for number, line in enumerate(lines, start=1):
        head = line if isinstance(line, JournalHead) else JournalHead.from_line(line, line=number)
        if head is not None:
            heads.append(head)
    return heads


def _tell(ctx: Context, heads: list[JournalHead], *, verified: bool) -> None:
    call_each(ctx.pm.hook.posdisc_journal_heads, heads=tuple(heads), verified=verified, context=ctx)
