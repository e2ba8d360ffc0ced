"""Setting up: stores, staff, prices and registers, and who is asking (tokens, sign-in)."""

from __future__ import annotations

from typing import Any

from ..domain import StoreInfo
from ..prices import PriceRecord
from ..service import read, setup, sign_in
from ..service.read import StoreSummary
from ..service.sign_in import RegisterIdentity, StaffMember
from .part import DeskPart


class SetUp(DeskPart):
    """Setting up stores, staff, prices and registers; who is asking."""

    # --- set-up (design §5) -------------------------------------------------------------
    def add_store(
        self,
        code: str,
        *,
        name: str,
        currency: str,
        jurisdiction: str | None = None,
        timezone: str = "UTC",
        locale: str = "en_US",
    ) -> StoreInfo:
        """Add a store. ``jurisdiction`` names an installed rule plugin (or ``None``);
        ``locale`` is the store's language and formats (Babel: ``en_US``, ``fr_CA``)."""
        return setup.add_store(
            self.context,
            code,
            name=name,
            currency=currency,
            jurisdiction=jurisdiction,
            timezone=timezone,
            locale=locale,
        )

    def list_stores(self) -> list[StoreSummary]:
        """Every store, by code."""
        return read.list_stores(self.context)

    def add_staff(
        self, store: str, *, code: str, name: str, role: str, pin: str | None = None
    ) -> None:
        """Add a member of staff; managers and admins need a PIN (4–8 digits)."""
        setup.add_staff(self.context, store, code=code, name=name, role=role, pin=pin)

    def list_staff(self, store: str) -> list[dict[str, Any]]:
        """The store's staff (no PIN hashes)."""
        return setup.list_staff(self.context, store)

    def set_pin(self, store: str, *, code: str, pin: str) -> None:
        """Give a member of staff a new PIN (4–8 digits); lifts their locks and ends
        their web sessions."""
        setup.set_pin(self.context, store, code=code, pin=pin)

    def set_role(self, store: str, *, code: str, role: str) -> None:
        """Give a member of staff another role; ends their web sessions."""
        setup.set_role(self.context, store, code=code, role=role)

    def unlock_staff(self, store: str, *, code: str) -> None:
        """Lift a member's wrong-PIN and sign-in locks before they run out; ends their
        web sessions."""
        setup.unlock_staff(self.context, store, code=code)

    def import_prices(self, store: str, source: Any) -> int:
        """Import a price file (CSV path) or an iterable of ``(sku, description, price)``.

        The import is all or nothing: any bad row refuses the whole file, with line
        numbers. Returns the number of items written.
        """
        return setup.import_prices(self.context, store, source)

    def price_of(self, store: str, sku: str) -> PriceRecord | None:
        """The price-file record of ``sku`` at ``store``, or ``None``."""
        return setup.price_of(self.context, store, sku)

    def add_register(self, store: str, *, register: str) -> str:
        """Allow a till to use the HTTP API; returns its bearer token (shown once)."""
        return setup.add_register(self.context, store, register=register)

    def rotate_register_token(self, store: str, *, register: str) -> str:
        """Give a register a new bearer token (shown once); the old one stops working."""
        return setup.rotate_register_token(self.context, store, register=register)

    # --- who is asking ---------------------------------------------------------------
    def authenticate_register(self, token: str) -> RegisterIdentity:
        """The store and register a bearer token belongs to; ``AuthenticationFailed``."""
        return sign_in.authenticate_register(self.context, token)

    def sign_in(self, store: str, *, code: str, pin: str) -> StaffMember:
        """Check a member of staff's PIN for the web pages (design §11).

        Failures count towards the code's sign-in pause, never the register's wrong-PIN
        lock; an unknown code and a wrong PIN are refused alike
        (``AuthenticationFailed``); a paused code raises ``TooManyAttempts``.
        """
        return sign_in.sign_in(self.context, store, code=code, pin=pin)

    def session_member(self, store: str, *, code: str, version: int) -> StaffMember | None:
        """The member a web session was made for, or ``None`` once it was ended."""
        return sign_in.session_member(self.context, store, code=code, version=version)

    def end_sessions(self, store: str, *, code: str) -> None:
        """End every web session of a member of staff (signing out does this)."""
        sign_in.end_sessions(self.context, store, code=code)
