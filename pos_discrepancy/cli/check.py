"""``posdisc check``: the cashier's prompt in the terminal.

One item at a time: SKU, shelf (tag) price, scanned price, quantity, location. Equal
prices print one line; a discrepancy shows what is wrong, the options with their charge
and the words to say, takes the choice, asks a manager's code and PIN (hidden) when the
choice needs approval, then the customer's outcome. A blank SKU or ``q`` ends the session.
Bad input prints one line and asks again — never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, TypeVar

import click

from ..desk import Desk
from ..domain import Action, CustomerOutcome, Option, Status, StoreInfo
from ..errors import DiscrepancyError, InvalidTransition, NotFound
from ..i18n import N_, Words, words
from ..inputs import check_code, check_date, check_quantity, check_text
from ..money import Money
from ..prices import check_sku
from ..views import CheckResult, IncidentView
from ..words import message_for_people
from .context import CliContext, pass_context
from .render import Line, render_check, render_resolution

T = TypeVar("T")
QUIT = {"", "q", "quit", "exit"}
TONES: dict[str, dict[str, Any]] = {
    "plain": {},
    "dim": {"dim": True},
    "say": {"fg": "cyan"},
    "good": {"fg": "green"},
    "bad": {"fg": "red", "bold": True},
    "warn": {"fg": "yellow"},
    "heading": {"bold": True},
}
OUTCOMES = {
    "b": CustomerOutcome.PURCHASED,
    "bought": CustomerOutcome.PURCHASED,
    "purchased": CustomerOutcome.PURCHASED,
    "y": CustomerOutcome.PURCHASED,
    "w": CustomerOutcome.WALKED_AWAY,
    "walked": CustomerOutcome.WALKED_AWAY,
    "walked away": CustomerOutcome.WALKED_AWAY,
    "walked_away": CustomerOutcome.WALKED_AWAY,
    "n": CustomerOutcome.WALKED_AWAY,
}


def echo_lines(lines: Iterable[Line]) -> None:
    """Print rendered lines with their colour (stripped when not a terminal)."""
    for line in lines:
        click.secho(line.text, **TONES.get(line.tone, {}))


def say_error(message: str) -> None:
    """One clear line for a mistake the person can fix."""
    click.secho(f"✗ {message}", fg="red")


def ask(
    text: str,
    parse: Callable[[str], T],
    *,
    default: str | None = None,
    say: Words | None = None,
) -> T:
    """Prompt until ``parse`` accepts the answer; its ``DiscrepancyError`` is shown (the
    field named in ``say``'s language)."""
    while True:
        answer = click.prompt(text, default=default, show_default=bool(default))
        try:
            return parse(answer)
        except DiscrepancyError as error:
            say_error(message_for_people(error, say))


@dataclass
class CheckPrompt:
    """One cashier's session at one register."""

    desk: Desk
    store: StoreInfo
    register: str
    cashier: str
    ask_promo: bool = False
    checked: int = 0
    discrepancies: int = 0

    @property
    def say(self) -> Words:
        """The store's words (the cashier reads them to the customer)."""
        return words(self.store.locale)

    def ask(self, text: str, parse: Callable[[str], T], *, default: str | None = None) -> T:
        """:func:`ask` with ``text`` in the store's language."""
        return ask(self.say.gettext(text), parse, default=default, say=self.say)

    def error(self, error: DiscrepancyError) -> None:
        """Show ``error`` with its field named in the store's language."""
        say_error(message_for_people(error, self.say))

    def run(self) -> None:
        """Check items until the cashier enters a blank SKU or ``q``."""
        click.secho(
            self.say.gettext(
                "%(name)s (%(code)s) · register %(register)s · cashier %(cashier)s. "
                "Blank SKU or q to finish.",
                name=self.store.name,
                code=self.store.code,
                register=self.register,
                cashier=self.cashier,
            ),
            bold=True,
        )
        while True:
            item = self.read_item()
            if item is None:
                break
            result = self.run_check(item)
            if result is None:
                break
            self.checked += 1
            if result.discrepancy:
                self.discrepancies += 1
            echo_lines(render_check(result, self.say))
            try:
                self.resolve(result)
            except DiscrepancyError as error:
                self.error(error)
            click.echo("")
        checked = self.say.ngettext("Checked %(num)s item", "Checked %(num)s items", self.checked)
        logged = self.say.ngettext(
            "%(num)s discrepancy logged.", "%(num)s discrepancies logged.", self.discrepancies
        )
        click.echo(f"{checked}: {logged}")

    # --- reading an item -------------------------------------------------------------
    def read_item(self) -> dict[str, Any] | None:
        """The next item's fields, or ``None`` when the cashier is done."""
        while True:
            answer = click.prompt(
                self.say.gettext("SKU (blank or q to finish)"), default="", show_default=False
            )
            if answer.strip().lower() in QUIT:
                return None
            try:
                sku = check_sku(answer)
            except DiscrepancyError as error:
                self.error(error)
                continue
            item: dict[str, Any] = {"sku": sku}
            self.fill(item)
            return item

    def fill(self, item: dict[str, Any]) -> None:
        """Ask every field ``item`` lacks (all of them for a new item)."""
        currency = self.store.currency
        if "shelf_price" not in item:
            item["shelf_price"] = self.ask(
                N_("Shelf (tag) price"), lambda v: Money.parse(v, currency, field="shelf_price")
            )
        if "scanned_price" not in item:
            item["scanned_price"] = self.ask(
                N_("Scanned price (blank = look up in the price file)"),
                lambda v: (
                    None if not v.strip() else Money.parse(v, currency, field="scanned_price")
                ),
                default="",
            )
        if "quantity" not in item:
            item["quantity"] = self.ask(N_("Quantity"), check_quantity, default="1")
        if "location" not in item:
            item["location"] = self.ask(
                N_("Location (optional)"),
                lambda v: check_text(v, field="location", max_length=64),
                default="",
            )
        if self.ask_promo and "promo_ends" not in item:
            item["promo_ends"] = self.ask(
                N_("Promotion ends (YYYY-MM-DD, blank if none)"),
                lambda v: check_date(v, field="promo_ends"),
                default="",
            )

    def run_check(self, item: dict[str, Any]) -> CheckResult | None:
        """Call ``desk.check``; on a refused field, ask that field again and retry.
        ``None`` when the cashier quits instead."""
        while True:
            try:
                return self.desk.check(
                    store=self.store.code,
                    register=self.register,
                    cashier=self.cashier,
                    **{k: v for k, v in item.items() if v is not None or k == "scanned_price"},
                )
            except DiscrepancyError as error:
                self.error(error)
                if isinstance(error, NotFound) and error.field == "sku":
                    click.echo(self.say.gettext("Type the price the register shows instead."))
                    item.pop("scanned_price", None)
                elif error.field in item and error.field != "sku":
                    item.pop(error.field)
                else:  # cannot tell which answer was wrong: start the item again
                    item.clear()
                    new = self.read_item()
                    if new is None:
                        return None
                    item.update(new)
                    continue
                self.fill(item)

    # --- after the check -----------------------------------------------------------
    def resolve(self, result: CheckResult) -> None:
        """Take the cashier's choice, the approval if needed, and the outcome."""
        if not result.discrepancy or result.incident_id is None:
            return
        if result.status is Status.HONORED:  # an undercharge: already honored and logged
            return
        if not any(o.available for o in result.options):
            say_error(
                self.say.gettext(
                    "No option can be taken here; call a manager (the incident is logged)."
                )
            )
            return
        option = self.choose(result.options)
        incident = self.desk.decide(result.incident_id, action=option.action, cashier=self.cashier)
        if incident.status is Status.AWAITING_APPROVAL:
            incident = self.approval(incident, option, result.options)
        echo_lines(render_resolution(incident, self.say))
        if incident.status is Status.AWAITING_APPROVAL:
            return
        outcome = self.ask(N_("Customer: [b]ought it or [w]alked away?"), _outcome, default="b")
        self.desk.record_outcome(incident.id, customer_outcome=outcome.value, staff=self.cashier)
        click.echo(self.say.gettext(RECORDED[outcome]))

    def choose(self, options: tuple[Option, ...]) -> Option:
        """The option the cashier picks by number (or action name); refuses unavailable."""
        numbers = [str(n) for n, o in enumerate(options, start=1) if o.available]
        hint = "/".join(numbers)
        while True:
            answer = click.prompt(self.say.gettext("Choose an option (%(keys)s)", keys=hint))
            answer = answer.strip().lower()
            picked = next(
                (o for n, o in enumerate(options, start=1) if answer in (str(n), o.action.lower())),
                None,
            )
            if picked is None:
                say_error(
                    self.say.gettext(
                        "%(answer)s is not an option here; type one of %(keys)s.",
                        answer=repr(answer),
                        keys=hint,
                    )
                )
            elif not picked.available:
                reason = picked.reason or self.say.gettext("not allowed here")
                say_error(
                    self.say.gettext(
                        "%(option)s is not available: %(reason)s",
                        option=picked.label,
                        reason=reason,
                    )
                )
            else:
                return picked

    def approval(
        self, incident: IncidentView, option: Option, options: tuple[Option, ...]
    ) -> IncidentView:
        """A manager enters code and PIN (hidden) and approves or denies; on a wrong PIN
        the cashier may retry or leave the request waiting."""
        say = self.say
        click.secho(
            say.gettext("A manager must approve. Manager, please enter your code and PIN."),
            bold=True,
        )
        decline = next((o for o in options if o.action == Action.DECLINE and o.available), None)
        while True:
            manager = self.ask(N_("Manager code"), lambda v: check_code(v, field="manager"))
            pin = click.prompt(say.gettext("Manager PIN"), hide_input=True)
            approve = True
            if decline is not None:  # denying charges what declining would
                approve = click.confirm(
                    say.gettext(
                        "Approve charging %(price)s? (no = deny, charge %(denied)s)",
                        price=say.money(option.charge),
                        denied=say.money(decline.charge),
                    ),
                    default=True,
                )
            try:
                return self.desk.approve(incident.id, manager=manager, pin=pin, approve=approve)
            except InvalidTransition as error:  # e.g. the approval timed out meanwhile
                self.error(error)
                return self.desk.get_incident(incident.id)
            except DiscrepancyError as error:
                self.error(error)
            again = self.ask(
                N_("[r]etry, or [c]ancel and leave it waiting for a manager?"), _retry, default="r"
            )
            if not again:
                return self.desk.get_incident(incident.id)


#: What the prompt says once the outcome is recorded (translated when shown).
RECORDED = {
    CustomerOutcome.PURCHASED: N_("Recorded: purchased."),
    CustomerOutcome.WALKED_AWAY: N_("Recorded: walked away."),
}


def _outcome(answer: str) -> CustomerOutcome:
    outcome = OUTCOMES.get(answer.strip().lower())
    if outcome is None:
        raise _Retype("type b (bought) or w (walked away)")
    return outcome


def _retry(answer: str) -> bool:
    choice = answer.strip().lower()[:1]
    if choice not in ("r", "c"):
        raise _Retype("type r to retry or c to cancel")
    return choice == "r"


class _Retype(DiscrepancyError):
    """An answer to a menu prompt that is not one of its letters."""


def pick_store(desk: Desk, store: str | None) -> StoreInfo:
    """The store to check at: the one given, the only one there is, or asked."""
    if store is not None:
        return desk.store_info(store)
    codes = [summary.code for summary in desk.list_stores()]
    if not codes:
        raise click.ClickException(
            "no store yet: run posdisc demo, or posdisc init --store S001 --name … --currency …"
        )
    if len(codes) == 1:
        return desk.store_info(codes[0])
    return ask(f"Store ({', '.join(codes)})", desk.store_info)


@click.command("check")
@click.option("--store", default=None, help="Store code (default: the only store).")
@click.option("--register", default="R1", show_default=True, help="This register's code.")
@click.option("--cashier", default=None, help="Your cashier code (asked when not given).")
@click.option("--promo", is_flag=True, help="Also ask for the promotion end date on sale tags.")
@pass_context
def check(
    ctx: CliContext, store: str | None, register: str, cashier: str | None, promo: bool
) -> None:
    """The cashier's prompt: check shelf tag against scanned price, item by item."""
    desk = ctx.desk
    info = pick_store(desk, store)
    register_code = check_code(register, field="register")
    if cashier is None:
        say = words(info.locale)
        cashier = ask(
            say.gettext("Cashier code"), lambda v: check_code(v, field="cashier"), say=say
        )
    else:
        cashier = check_code(cashier, field="cashier")
    CheckPrompt(desk, info, register_code, cashier, ask_promo=promo).run()


def register(cli: click.Group) -> None:
    """Attach ``check``."""
    cli.add_command(check)
