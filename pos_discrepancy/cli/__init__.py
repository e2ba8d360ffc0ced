"""The ``posdisc`` command line (click). One module per group of commands.

Errors a person can fix (``DiscrepancyError``) print as one clear line and exit 1;
never a traceback.
"""

from __future__ import annotations

import importlib
import sys
from dataclasses import dataclass
from typing import Any

import click
import pluggy
from sqlalchemy.exc import OperationalError

from ..config import load_settings
from ..errors import DatabaseUnavailable, DiscrepancyError
from ..plugins import make_plugin_manager
from .context import CliContext

#: Modules that add commands; each has ``register(cli: click.Group) -> None``.
COMMAND_MODULES: tuple[str, ...] = (
    "pos_discrepancy.cli.setup",
    "pos_discrepancy.cli.check",
    "pos_discrepancy.cli.journal",
    "pos_discrepancy.cli.demo",
    "pos_discrepancy.cli.approvals",
    "pos_discrepancy.cli.bonus",
    "pos_discrepancy.cli.report",
    "pos_discrepancy.cli.stats",
    "pos_discrepancy.cli.fix",
    "pos_discrepancy.cli.serve",
    "pos_discrepancy.cli.sync",
    "pos_discrepancy.cli.worker",
    "pos_discrepancy.cli.whatif",
    "pos_discrepancy.cli.audit",
)


@dataclass(frozen=True)
class BuiltPlugins:
    """The plugin manager :func:`build` made, and the plugins folder it loaded."""

    plugins_dir: str | None
    manager: pluggy.PluginManager


class PosdiscGroup(click.Group):
    """Turns ``DiscrepancyError`` (and a lost database) into one line, not a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DiscrepancyError as error:
            raise click.ClickException(error.message) from None
        except OperationalError as error:  # the database went away mid-command
            raise click.ClickException(
                DatabaseUnavailable.from_driver_error(error).message
            ) from None


@click.group(cls=PosdiscGroup)
@click.option(
    "--database-url",
    envvar="POSDISC_DATABASE_URL",
    default=None,
    help="SQLAlchemy URL (default: an SQLite file in your user data folder).",
)
@click.option(
    "--config",
    envvar="POSDISC_CONFIG",
    default=None,
    type=click.Path(dir_okay=False),
    help="TOML policy file.",
)
@click.version_option(package_name="pos-discrepancy")
@click.pass_context
def cli(ctx: click.Context, database_url: str | None, config: str | None) -> None:
    """pos-discrepancy: shelf tag vs scanned price, handled the same way every time."""
    built = ctx.obj if isinstance(ctx.obj, BuiltPlugins) else None
    reuse = built is not None and built.plugins_dir == load_settings(config).plugins_dir
    ctx.obj = CliContext(
        database_url=database_url,
        config=config,
        plugin_manager=built.manager if built is not None and reuse else None,
    )
    ctx.call_on_close(ctx.obj.close)


def build(config: str | None = None) -> click.Group:
    """Attach the built-in command modules and every ``posdisc_register_cli`` plugin.

    Plugins come from entry points and from the ``plugins_dir`` of the policy file
    ``config`` (default ``POSDISC_CONFIG``), as the desk loads them. The commands' desk
    reuses that plugin manager (it reaches the group callback as the context's ``obj``),
    so one run builds one.
    """
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(cli)
    plugins_dir = load_settings(config).plugins_dir
    pm = make_plugin_manager(plugins_dir=plugins_dir)
    pm.hook.posdisc_register_cli(cli=cli)
    cli.context_settings["obj"] = BuiltPlugins(plugins_dir, pm)
    return cli


def config_option(argv: list[str]) -> str | None:
    """The ``--config`` given before the command in ``argv``, if any (click parses the
    rest; commands from plugins must be known before it does)."""
    index = 0
    while index < len(argv) and argv[index].startswith("-"):
        arg = argv[index]
        if arg.startswith("--config="):
            return arg.partition("=")[2]
        if arg in ("--config", "--database-url"):
            if arg == "--config":
                return argv[index + 1] if index + 1 < len(argv) else None
            index += 1  # skip the URL
        index += 1
    return None  # no --config before the command name


def main() -> None:
    """Console-script entry point."""
    try:
        group = build(config_option(sys.argv[1:]))
    except DiscrepancyError as error:  # e.g. an installed plugin that fails to load
        click.echo(f"Error: {error.message}", err=True)
        raise SystemExit(1) from None
    group(prog_name="posdisc")
