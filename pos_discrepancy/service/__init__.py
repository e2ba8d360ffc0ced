"""The commands and read models, each a function over an explicit :class:`Context`.

One module per command or concern: :mod:`.check` (the register's scan), :mod:`.decide`
(the cashier's choice, the customer's outcome), :mod:`.approve` (a manager's answer),
:mod:`.timeouts` (escalations settled by policy), :mod:`.fix` (the shelf tag),
:mod:`.bonus` (Michigan claims), :mod:`.setup` (stores, staff, prices, registers),
:mod:`.sign_in` (register tokens, staff PINs for the pages), :mod:`.pins`,
:mod:`.idempotency`, :mod:`.sync_intake` (an offline register's batch), :mod:`.journal`
(heads and verification), and the read
models :mod:`.read` and :mod:`.incidents`. Nothing here imports the desk or the faces;
see docs/architecture.md.
"""

from .context import Context

__all__ = ["Context"]
