"""Every hook, exercised through the real desk on the real databases, and the plugin manager.

tests/test_docs.py checks that each hook in ``hookspecs.py`` has a ``test_hook_<name>``
here. Plugins are small classes registered with ``make_desk(plugins=[...])`` on the
database the ``store`` fixture seeded.
"""

from __future__ import annotations

import logging
from decimal import Decimal

import flask
import pytest
from click.testing import CliRunner

import pos_discrepancy
from pos_discrepancy import ConfigurationError, InvalidInput, hookimpl
from pos_discrepancy.domain import Action, Finding, Option, Status
from pos_discrepancy.money import Money
from pos_discrepancy.plugins import (
    AUTOLOAD_OFF_VARIABLE,
    make_plugin_manager,
)
from pos_discrepancy.prices import PriceRecord

NOVEL = "9788883701122"  # 19.95 in the store fixture's price file
COFFEE = "012345678905"  # 12.99
UNKNOWN_SKU = "5000000000001"


def overcharge(desk, **fields):  # type: ignore[no-untyped-def]
    """A scan of the novel at 19.95 under a 9.98 tag (beyond the auto-honor limit)."""
    values = {
        "store": "S001",
        "register": "R1",
        "cashier": "C07",
        "sku": NOVEL,
        "scanned_price": "19.95",
        "shelf_price": "9.98",
    }
    values.update(fields)
    return desk.check(**values)


# --- one behavioural test per hook ---------------------------------------------------------


class FixedPriceSource:
    """A live price feed that knows the novel at 17.00 and a SKU the price file lacks."""

    @hookimpl
    def posdisc_price_lookup(self, sku, store):  # type: ignore[no-untyped-def]
        prices = {NOVEL: "17.00", UNKNOWN_SKU: "4.00"}
        if sku not in prices:
            return None
        return PriceRecord(
            sku=sku,
            description="from the feed",
            price=Money.parse(prices[sku], store.currency),
            attributes=frozenset({"alcohol"}),
        )


def test_hook_posdisc_price_lookup(store, make_desk):  # type: ignore[no-untyped-def]
    plain = store.check(store="S001", register="R1", cashier="C07", sku=NOVEL, shelf_price="9.98")
    assert plain.detail.scanned.scanned_price == Money.parse("19.95", "USD")  # price file

    desk = make_desk(plugins=[FixedPriceSource()])
    fed = desk.check(store="S001", register="R1", cashier="C07", sku=NOVEL, shelf_price="9.98")
    assert fed.detail.scanned.scanned_price == Money.parse("17.00", "USD")  # the feed first
    assert desk.get_incident(fed.incident_id).description == "from the feed"
    assert fed.detail.scanned.attributes == frozenset({"alcohol"})

    # A SKU only the feed knows is priced; one the feed declines falls back to the file.
    assert desk.check(
        store="S001", register="R1", cashier="C07", sku=UNKNOWN_SKU, shelf_price="3.00"
    ).difference == Money.parse("1.00", "USD")
    coffee = desk.check(store="S001", register="R1", cashier="C07", sku=COFFEE, shelf_price="11.99")
    assert coffee.detail.scanned.scanned_price == Money.parse("12.99", "USD")


class MemberPrice:
    """A detector for member prices: the novel is 8.00 for members."""

    @hookimpl
    def posdisc_detect(self, claim, scanned, store):  # type: ignore[no-untyped-def]
        if scanned.sku != NOVEL:
            return None
        return Finding(
            code="member_price",
            message="Members pay 8.00 for this item.",
            claimed_line_total=Money.parse("8.00", store.currency) * scanned.quantity,
        )


def test_hook_posdisc_detect(store, make_desk):  # type: ignore[no-untyped-def]
    equal = dict(scanned_price="9.98", shelf_price="9.98")
    assert not overcharge(store, **equal).discrepancy  # built-ins alone: prices agree

    desk = make_desk(plugins=[MemberPrice()])
    check = overcharge(desk, quantity=2, **equal)
    assert check.discrepancy and check.direction == "overcharge"
    assert check.line_difference == Money.parse("3.96", "USD")  # 2 × (9.98 − 8.00)
    assert "Members pay 8.00 for this item." in check.findings
    honor = next(o for o in check.options if o.action == "honor")
    assert honor.charge == Money.parse("16.00", "USD")
    stored = desk.get_incident(check.incident_id)
    assert stored.claimed_total == Money.parse("16.00", "USD")
    assert [f["code"] for f in stored.claim["findings"]] == ["member_price"]


class BrokenDetector:
    @hookimpl
    def posdisc_detect(self, claim, scanned, store):  # type: ignore[no-untyped-def]
        raise RuntimeError("detector down")


def test_a_failing_detector_leaves_the_built_in_detection(  # type: ignore[no-untyped-def]
    store, make_desk, caplog
):
    desk = make_desk(plugins=[BrokenDetector()])
    with caplog.at_level(logging.ERROR):
        check = overcharge(desk, promo_ends="2026-11-01")
    assert check.discrepancy and check.cause == "sale_ended_tag_left_up"
    assert any("detector down" in w for w in check.warnings)
    assert "posdisc_detect" in caplog.text


class FirstItemFree:
    """A jurisdiction-style remedy: the first unit is free."""

    @hookimpl
    def posdisc_options(self, discrepancy, policy, store):  # type: ignore[no-untyped-def]
        if discrepancy.direction != "overcharge":
            return None
        free = discrepancy.claimed_line_total - discrepancy.claim.lowest_price
        return [
            Option(
                action="first_item_free",
                label="First item free",
                charge=free,
                requires_approval=False,
                available=True,
                script=f"The price was wrong, so your first one is free: {free.format()}.",
            )
        ]


def test_hook_posdisc_options(store, make_desk):  # type: ignore[no-untyped-def]
    assert [o.action for o in overcharge(store).options] == ["honor", "escalate", "decline"]

    desk = make_desk(plugins=[FirstItemFree()])
    check = overcharge(desk, quantity=2)
    assert [o.action for o in check.options] == [
        "honor",
        "escalate",
        "decline",
        "first_item_free",
    ]
    incident = desk.decide(check.incident_id, action="first_item_free", cashier="C07")
    assert incident.status is Status.HONORED
    assert incident.decision.charge == Money.parse("9.98", "USD")


class NoDeclineLaw:
    """A law that forbids charging the scanned price over the tag."""

    reason = "State law: an overcharge must be honored."

    @hookimpl
    def posdisc_adjust_options(self, options, discrepancy, policy, store):  # type: ignore[no-untyped-def]
        options.mark_unavailable(Action.DECLINE, self.reason)


def test_hook_posdisc_adjust_options(store, make_desk):  # type: ignore[no-untyped-def]
    desk = make_desk(plugins=[NoDeclineLaw()])
    check = overcharge(desk)
    decline = next(o for o in check.options if o.action == "decline")
    assert (decline.available, decline.reason) == (False, NoDeclineLaw.reason)
    with pytest.raises(InvalidInput, match="State law") as refused:
        desk.decide(check.incident_id, action="decline", cashier="C07")
    assert refused.value.field == "action"
    incident = desk.get_incident(check.incident_id)
    assert incident.status is Status.DETECTED and len(incident.events) == 1  # nothing stored
    assert desk.decide(check.incident_id, action="honor", cashier="C07").status in (
        Status.HONORED,
        Status.AWAITING_APPROVAL,
    )


class EventRecorder:
    def __init__(self) -> None:
        self.seen: list[tuple[str, str, int, Status]] = []

    @hookimpl
    def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
        self.seen.append((incident.id, event.kind, event.seq, incident.status))


class BrokenNotifier:
    @hookimpl
    def posdisc_incident_event(self, incident, event):  # type: ignore[no-untyped-def]
        raise ConnectionError("webhook unreachable")


def test_hook_posdisc_incident_event(store, make_desk, caplog):  # type: ignore[no-untyped-def]
    recorder = EventRecorder()
    desk = make_desk(plugins=[recorder])
    check = overcharge(desk)
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    desk.approve(check.incident_id, manager="M01", pin="2468", approve=True)
    desk.fix(check.incident_id, staff="O02", cause="price_file_error")
    assert recorder.seen == []  # the checkout path never calls a subscriber: the worker does
    assert desk.run_worker_pass().delivered == 4
    events = desk.get_incident(check.incident_id).events
    assert [(i, k, s) for i, k, s, _ in recorder.seen] == [
        (check.incident_id, e.kind, e.seq) for e in events
    ]
    assert [k for _, k, _, _ in recorder.seen] == [
        "detected",
        "decided",
        "approved",
        "signage_fixed",
    ]
    # the incident as it is when the worker delivers
    assert {s for *_, s in recorder.seen} == {Status.SIGNAGE_FIXED}
    assert desk.run_worker_pass().delivered == 0  # the cursor moved on: nothing again

    # A subscriber that raises never reaches the cashier; the worker logs it and retries.
    failing = make_desk(plugins=[BrokenNotifier()])
    again = overcharge(failing)
    decided = failing.decide(again.incident_id, action="decline", cashier="C07")
    assert again.discrepancy and decided.status is Status.DECLINED
    with caplog.at_level(logging.WARNING):
        # one failure per incident (this one and the first desk's): the rest wait behind
        assert failing.run_worker_pass().failed == 2
    assert "webhook unreachable" in caplog.text


def test_a_failing_subscriber_does_not_hold_back_the_others(store, make_desk):  # type: ignore[no-untyped-def]
    recorder = EventRecorder()
    desk = make_desk(plugins=[recorder, BrokenNotifier()])
    overcharge(desk, scanned_price="7.50")  # undercharge: detected + decided
    report = desk.run_worker_pass()
    assert (report.delivered, report.failed) == (2, 1)
    assert [k for _, k, _, _ in recorder.seen] == ["detected", "decided"]


class HeadKeeper:
    """Keeps the anchor lines it is given, as a store's off-site copy would."""

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], bool]] = []

    @hookimpl
    def posdisc_journal_heads(self, heads, verified, context):  # type: ignore[no-untyped-def]
        assert context.engine is not None
        self.calls.append(([head.line() for head in heads], verified))


class BrokenHeadKeeper:
    @hookimpl
    def posdisc_journal_heads(self, heads):  # type: ignore[no-untyped-def]
        raise OSError("audit share unreachable")


def test_hook_posdisc_journal_heads(store, make_desk, caplog, tmp_path):  # type: ignore[no-untyped-def]
    keeper = HeadKeeper()
    desk = make_desk(plugins=[keeper, BrokenHeadKeeper()])
    check = overcharge(desk)
    desk.decide(check.incident_id, action="decline", cashier="C07")
    with caplog.at_level(logging.ERROR):
        heads = desk.journal_heads()
        report = desk.verify_journal()
    assert [h.line() for h in heads] == [f"S001 register-R1 2 {heads[0].hash}"]
    assert report.ok
    # read by journal head, then vouched for by verify; the broken keeper changed nothing
    assert keeper.calls == [([heads[0].line()], False), ([heads[0].line()], True)]
    assert "audit share unreachable" in caplog.text

    # what the keeper kept is an anchor the next verification checks
    anchor = tmp_path / "anchors.txt"
    anchor.write_text("\n".join(line for lines, _ in keeper.calls for line in lines) + "\n")
    overcharge(desk)  # the journal grows past its anchor: still fine
    assert desk.verify_journal(anchor=anchor).ok
    assert keeper.calls[-1][1] is True and keeper.calls[-1][0][0].startswith("S001 register-R1 3 ")

    # a verification that finds a chain broken tells the keeper nothing of that chain
    with desk.context.engine.begin() as connection:
        connection.exec_driver_sql("UPDATE incidents SET status = 'honored'")
    calls = len(keeper.calls)
    assert not desk.verify_journal().ok
    assert len(keeper.calls) == calls


class SummaryNote:
    def __init__(self) -> None:
        self.calls: list[tuple[str, str, list[str], list[str]]] = []

    @hookimpl
    def posdisc_report_sections(self, report, incidents):  # type: ignore[no-untyped-def]
        from reportlab.platypus import Paragraph

        ids = [row.id for row in incidents]
        walked = [row.id for row in incidents if row.customer_outcome == "walked_away"]
        self.calls.append((report.kind, report.store.code, ids, walked))
        return [Paragraph(f"Plugin note: {len(ids)} incidents, {len(walked)} walked away")]


def test_hook_posdisc_report_sections(store, make_desk):  # type: ignore[no-untyped-def]
    import io

    import pypdfium2

    note = SummaryNote()
    desk = make_desk(plugins=[note])
    kept = overcharge(desk)
    left = overcharge(desk, sku=COFFEE, scanned_price="12.99", shelf_price="10.99")
    desk.decide(kept.incident_id, action="honor", cashier="C07", customer_outcome="purchased")
    desk.decide(left.incident_id, action="decline", cashier="C07", customer_outcome="walked_away")

    out = io.BytesIO()
    desk.write_report("summary", out, store="S001", since="2026-11-25", until="2026-11-25")
    assert note.calls == [
        ("summary", "S001", [kept.incident_id, left.incident_id], [left.incident_id])
    ]
    pdf = pypdfium2.PdfDocument(out.getvalue())
    try:
        text = "".join(page.get_textpage().get_text_range() for page in pdf)
    finally:
        pdf.close()
    assert "Plugin note: 2 incidents, 1 walked away" in text


HELLO_PLUGIN = """
    import click
    from pos_discrepancy import hookimpl

    @click.command(name="hello-plugin")
    def hello():
        "Say hello from a plugin."
        click.echo("hello from a plugin")

    @hookimpl
    def posdisc_register_cli(cli):
        cli.add_command(hello)
"""


def test_hook_posdisc_register_cli(installed_plugin, monkeypatch):  # type: ignore[no-untyped-def]
    from pos_discrepancy.cli import build

    installed_plugin("posdisc_hello", HELLO_PLUGIN)
    monkeypatch.delenv(AUTOLOAD_OFF_VARIABLE)
    cli = build()
    try:
        runner = CliRunner()
        listing = runner.invoke(cli, ["--help"])
        assert listing.exit_code == 0
        assert "hello-plugin" in listing.output
        assert "Say hello from a plugin." in listing.output
        said = runner.invoke(cli, ["hello-plugin"])
        assert (said.exit_code, said.output) == (0, "hello from a plugin\n")
    finally:
        cli.commands.pop("hello-plugin", None)  # the group is module-level


def test_hook_posdisc_register_blueprints() -> None:
    bp = flask.Blueprint("shelf_labels", __name__, url_prefix="/shelf-labels")

    @bp.get("/ping")
    def ping() -> str:
        return "labels ok"

    class Labels:
        @hookimpl
        def posdisc_register_blueprints(self, app):  # type: ignore[no-untyped-def]
            app.register_blueprint(bp)

    app = flask.Flask(__name__)
    make_plugin_manager(plugins=[Labels()]).hook.posdisc_register_blueprints(app=app)
    response = app.test_client().get("/shelf-labels/ping")
    assert (response.status_code, response.get_data(as_text=True)) == (200, "labels ok")


class Testland:
    @hookimpl
    def posdisc_jurisdictions(self):  # type: ignore[no-untyped-def]
        return ["testland"]


def test_hook_posdisc_jurisdictions(desk, make_desk, database_url, tmp_path):  # type: ignore[no-untyped-def]
    # add_store: the caller's value is wrong (InvalidInput); in the policy file the set-up
    # is (ConfigurationError). Both list the installed jurisdictions.
    with pytest.raises(InvalidInput, match="testland; installed: none") as refused:
        desk.add_store("S009", name="Far", currency="USD", jurisdiction="testland")
    assert refused.value.field == "jurisdiction"
    with pytest.raises(pos_discrepancy.NotFound):
        desk.store_info("S009")  # nothing stored

    lawful = make_desk(plugins=[Testland()])
    assert lawful.add_store("S009", name="Far", currency="USD", jurisdiction="testland")
    with pytest.raises(InvalidInput, match=r"elsewhere; installed: testland"):
        lawful.add_store("S010", name="Farther", currency="USD", jurisdiction="elsewhere")

    config = tmp_path / "policy.toml"
    config.write_text('[stores.S009.policy]\njurisdiction = "atlantis"\n')
    with pytest.raises(ConfigurationError, match="atlantis; installed: testland"):
        make_desk(config=str(config), plugins=[Testland()])


# --- faults in policy plugins never leave the cashier without options ---------------------


class BrokenOptions:
    @hookimpl
    def posdisc_options(self, discrepancy, policy, store):  # type: ignore[no-untyped-def]
        raise KeyError("remedy table missing")


class BrokenAdjuster:
    @hookimpl
    def posdisc_adjust_options(self, options, discrepancy, policy, store):  # type: ignore[no-untyped-def]
        options.remove("honor")
        raise ValueError("law table unreadable")


@pytest.mark.parametrize("plugin", [BrokenOptions(), BrokenAdjuster()], ids=type)
def test_a_failing_policy_plugin_leaves_the_default_options(  # type: ignore[no-untyped-def]
    store, make_desk, caplog, plugin
):
    desk = make_desk(plugins=[plugin])
    with caplog.at_level(logging.ERROR):
        check = overcharge(desk)
    assert [o.action for o in check.options] == ["honor", "escalate", "decline"]
    assert check.options == overcharge(store).options
    assert any("policy plugin failed" in w for w in check.warnings)
    assert "posdisc_options / posdisc_adjust_options plugin failed" in caplog.text
    assert desk.decide(check.incident_id, action="escalate", cashier="C07").status is (
        Status.AWAITING_APPROVAL
    )


def test_policy_extra_keys_reach_plugins(store, make_desk, tmp_path):  # type: ignore[no-untyped-def]
    seen: list[object] = []

    class ReadsItsOwnKey:
        @hookimpl
        def posdisc_options(self, policy):  # type: ignore[no-untyped-def]
            seen.append(policy.extra.get("bonus_max"))

    config = tmp_path / "policy.toml"
    config.write_text('[policy]\nbonus_max = "5.00"\n')
    overcharge(make_desk(config=str(config), plugins=[ReadsItsOwnKey()]))
    assert seen == ["5.00"] and Decimal(seen[0]) == Decimal("5.00")  # type: ignore[arg-type]


def test_commands_of_a_plugins_dir_plugin_reach_the_cli(tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    import textwrap

    from pos_discrepancy.cli import build

    folder = tmp_path / "plugins"
    folder.mkdir()
    (folder / "hello_dir.py").write_text(textwrap.dedent(HELLO_PLUGIN), encoding="utf-8")
    config = tmp_path / "posdisc.toml"
    config.write_text('plugins_dir = "plugins"\n', encoding="utf-8")
    cli = build(str(config))
    try:
        said = CliRunner().invoke(cli, ["--config", str(config), "hello-plugin"])
        assert (said.exit_code, said.output) == (0, "hello from a plugin\n")
    finally:
        cli.commands.pop("hello-plugin", None)


@pytest.mark.parametrize(
    ("argv", "config"),
    [
        (["--config", "a.toml", "check"], "a.toml"),
        (["--config=b.toml", "serve"], "b.toml"),
        (["--database-url", "sqlite:///x", "--config", "c.toml", "init"], "c.toml"),
        (["check", "--config", "not-mine.toml"], None),
        (["--database-url", "sqlite:///x", "init"], None),
        (["--config"], None),
        ([], None),
    ],
)
def test_config_option_is_read_before_the_command_name(argv, config):  # type: ignore[no-untyped-def]
    from pos_discrepancy.cli import config_option

    assert config_option(argv) == config


class ReceiptPrinter:
    """A plugin with settings of its own: ``[plugins.receipts]`` with a ``copies`` count."""

    def __init__(self) -> None:
        self.seen: list[dict[str, object]] = []

    @hookimpl
    def posdisc_configure(self, plugin_settings):  # type: ignore[no-untyped-def]
        table = dict(plugin_settings.get("receipts", {}))
        self.seen.append(table)
        unknown = sorted(set(table) - {"copies"})
        if unknown:
            raise ConfigurationError(f"[plugins.receipts]: unknown key {unknown[0]}",
                                     field=f"plugins.receipts.{unknown[0]}")  # fmt: skip
        return ["receipts"]


def test_hook_posdisc_configure(store, make_desk, tmp_path):  # type: ignore[no-untyped-def]
    config = tmp_path / "posdisc.toml"
    config.write_text("[plugins.receipts]\ncopies = 2\n", encoding="utf-8")
    printer = ReceiptPrinter()
    desk = make_desk(plugins=[printer], config=config)
    assert printer.seen == [{"copies": 2}]
    assert desk.settings.plugin_settings == {"receipts": {"copies": 2}}

    config.write_text("[plugins.receipts]\ncopies = 2\ncolour = 'red'\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match="unknown key colour") as refused:
        make_desk(plugins=[ReceiptPrinter()], config=config)
    assert refused.value.field == "plugins.receipts.colour"

    config.write_text("[plugins.fax]\nnumber = '555'\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"\[plugins.fax\]: no installed plugin") as unread:
        make_desk(plugins=[ReceiptPrinter()], config=config)
    assert unread.value.field == "plugins.fax"

    config.write_text("plugins = 3\n", encoding="utf-8")
    with pytest.raises(ConfigurationError, match=r"\[plugins\] must be a table"):
        make_desk(config=config)
