"""Setting a store up from the terminal: ``init``, ``stores``, ``prices``, ``staff``,
``registers``."""

from __future__ import annotations

import click

from ..desk import Desk
from ..domain.staff import ROLES
from ..errors import DiscrepancyError
from ..i18n import N_, words
from ..inputs import check_pin
from ..words import ROLE_NAMES
from .context import CliContext, database_location, pass_context

PIN_ROLES = ("manager", "admin")
#: ``--locale``, shared by ``init`` and ``stores add``.
LOCALE_OPTION = click.option(
    "--locale",
    default="en_US",
    show_default=True,
    help="The store's language and formats: en_US, en_CA, fr_CA, es_US, ...",
)


@click.command()
@click.option("--store", "code", default=None, help="Also add this store (e.g. S001).")
@click.option("--name", default=None, help="The store's name (with --store).")
@click.option("--currency", default=None, help="ISO 4217 code such as USD (with --store).")
@click.option("--jurisdiction", default=None, help="An installed jurisdiction plugin.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone.")
@LOCALE_OPTION
@pass_context
def init(
    ctx: CliContext,
    code: str | None,
    name: str | None,
    currency: str | None,
    jurisdiction: str | None,
    timezone: str,
    locale: str,
) -> None:
    """Create or migrate the database and print where it is; optionally add a store."""
    desk = ctx.desk  # opening the desk runs the migrations
    click.echo(f"Database ready: {database_location(desk)}")
    if code is None:
        if name or currency or jurisdiction:
            raise click.UsageError("--name, --currency and --jurisdiction need --store")
        return
    if not name or not currency:
        raise click.UsageError("--store needs --name and --currency")
    _add_store(desk, code, name, currency, jurisdiction, timezone, locale)


def _add_store(desk: Desk, *fields: str | None) -> None:
    """Add the store (code, name, currency, jurisdiction, timezone, locale) and confirm
    it in its own language."""
    code, name, currency, jurisdiction, timezone, locale = fields
    info = desk.add_store(
        str(code),
        name=str(name),
        currency=str(currency),
        jurisdiction=jurisdiction,
        timezone=str(timezone),
        locale=str(locale),
    )
    say = words(info.locale)
    click.echo(
        say.gettext(
            "Store %(code)s added: %(name)s (%(currency)s, %(timezone)s, %(locale)s)",
            code=info.code,
            name=info.name,
            currency=info.currency,
            timezone=info.timezone,
            locale=info.locale,
        )
    )


@click.group()
def stores() -> None:
    """The stores in this database."""


@stores.command("add")
@click.option("--store", "code", required=True, help="Store code, e.g. S001.")
@click.option("--name", required=True, help="The store's name.")
@click.option("--currency", required=True, help="ISO 4217 code such as USD.")
@click.option("--jurisdiction", default=None, help="An installed jurisdiction plugin.")
@click.option("--timezone", default="UTC", show_default=True, help="IANA time zone.")
@LOCALE_OPTION
@pass_context
def add_store(
    ctx: CliContext,
    code: str,
    name: str,
    currency: str,
    jurisdiction: str | None,
    timezone: str,
    locale: str,
) -> None:
    """Add a store."""
    _add_store(ctx.desk, code, name, currency, jurisdiction, timezone, locale)


@stores.command("list")
@pass_context
def list_stores(ctx: CliContext) -> None:
    """List the stores."""
    rows = ctx.desk.list_stores()
    if not rows:
        click.echo("No stores yet: posdisc init --store S001 --name 'Main St' --currency USD")
    for row in rows:
        where = f", {row.jurisdiction}" if row.jurisdiction else ""
        click.echo(f"{row.code}  {row.name}  ({row.currency}, {row.timezone}, {row.locale}{where})")


@click.group()
def prices() -> None:
    """The store's price file (what the system says each item costs)."""


@prices.command("import")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--store", required=True, help="Store code, e.g. S001.")
@pass_context
def import_prices(ctx: CliContext, file: str, store: str) -> None:
    """Import FILE.csv (columns sku,description,price). A bad row refuses the whole
    file, naming the line numbers."""
    count = ctx.desk.import_prices(store, file)
    say = words(ctx.desk.store_info(store).locale)
    click.echo(
        say.ngettext(
            "Imported %(num)s price into %(store)s.",
            "Imported %(num)s prices into %(store)s.",
            count,
            store=store,
        )
    )


@click.group()
def staff() -> None:
    """Cashiers, managers, ops and admins (managers and admins approve with a PIN)."""


@staff.command("add")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@click.option("--code", required=True, help="Staff code, e.g. M01.")
@click.option("--name", required=True, help="The person's name.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What they may do.")
@click.option("--pin", default=None, help="4–8 digits; asked (hidden) for managers and admins.")
@pass_context
def add_staff(
    ctx: CliContext, store: str, code: str, name: str, role: str, pin: str | None
) -> None:
    """Add a member of staff. Managers and admins are asked for their PIN (hidden)."""
    info = ctx.desk.store_info(store)  # an unknown store fails before anyone types a PIN
    say = words(info.locale)
    if pin is None and role in PIN_ROLES:
        pin = click.prompt(say.gettext("PIN for %(code)s", code=code), hide_input=True,
                           confirmation_prompt=True, value_proc=_pin)  # fmt: skip
    ctx.desk.add_staff(store, code=code, name=name, role=role, pin=pin)
    click.echo(say.gettext("%(code)s (%(name)s, %(role)s) added to %(store)s.", code=code,
                           name=name, role=say.gettext(ROLE_NAMES[role]), store=store))  # fmt: skip


@staff.command("pin")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@click.option("--code", required=True, help="Staff code, e.g. M01.")
@pass_context
def set_pin(ctx: CliContext, store: str, code: str) -> None:
    """Give a member of staff a new PIN (asked twice, hidden); it also lifts a lock."""
    say = words(ctx.desk.store_info(store).locale)
    pin = click.prompt(say.gettext("New PIN for %(code)s", code=code), hide_input=True,
                       confirmation_prompt=True, value_proc=_pin)  # fmt: skip
    ctx.desk.set_pin(store, code=code, pin=pin)
    click.echo(say.gettext("%(code)s at %(store)s has a new PIN.", code=code, store=store))


@staff.command("unlock")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@click.option("--code", required=True, help="Staff code, e.g. M01.")
@pass_context
def unlock(ctx: CliContext, store: str, code: str) -> None:
    """Lift the wrong-PIN lock and the sign-in pause now; signs the person out of the web."""
    ctx.desk.unlock_staff(store, code=code)
    say = words(ctx.desk.store_info(store).locale)
    click.echo(say.gettext("%(code)s at %(store)s is unlocked.", code=code, store=store))


@staff.command("role")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@click.option("--code", required=True, help="Staff code, e.g. M01.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="What they may do.")
@pass_context
def set_role(ctx: CliContext, store: str, code: str, role: str) -> None:
    """Give a member of staff another role; signs them out of the web app."""
    ctx.desk.set_role(store, code=code, role=role)
    say = words(ctx.desk.store_info(store).locale)
    click.echo(say.gettext("%(code)s at %(store)s is now %(role)s.", code=code.upper(),
                           store=store, role=say.gettext(ROLE_NAMES[role])))  # fmt: skip


@staff.command("list")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@pass_context
def list_staff(ctx: CliContext, store: str) -> None:
    """List the store's staff (PINs are never shown)."""
    people = ctx.desk.list_staff(store)
    info = ctx.desk.store_info(store)
    say = words(info.locale)
    if not people:
        click.echo(say.gettext("No staff at %(store)s yet: posdisc staff add --store %(store)s …",
                               store=store))  # fmt: skip
    now = ctx.desk.clock()
    for person in people:
        held = (
            (N_("locked (wrong PINs) until %(until)s"), person["locked_until"]),
            (N_("sign-in paused until %(until)s"), person["signin_locked_until"]),
        )
        locks = [
            "  " + say.gettext(what, until=say.clock(until, info.timezone))
            for what, until in held
            if until is not None and until > now
        ]
        role = say.gettext(ROLE_NAMES.get(person["role"], person["role"]))
        click.echo(f"{person['code']:<8} {role:<8} {person['name']}{''.join(locks)}")


@click.group()
def registers() -> None:
    """Registers (tills) allowed to use the HTTP API."""


@registers.command("add")
@click.option("--store", required=True, help="Store code, e.g. S001.")
@click.option("--register", required=True, help="Register code, e.g. R1.")
@pass_context
def add_register(ctx: CliContext, store: str, register: str) -> None:
    """Add a register and print its bearer token as the last line (shown only once)."""
    token = ctx.desk.add_register(store, register=register)
    say = words(ctx.desk.store_info(store).locale)
    click.echo(say.gettext(
        "Register %(register)s added to %(store)s. Its bearer token (shown only once):",
        register=register, store=store))  # fmt: skip
    click.echo(token)


def _pin(value: str) -> str:
    try:
        return check_pin(value)
    except DiscrepancyError as error:  # click asks again
        raise click.BadParameter(error.message) from None


def register(cli: click.Group) -> None:
    """Attach the set-up commands."""
    for command in (init, stores, prices, staff, registers):
        cli.add_command(command)
