"""The signed webhooks plugin (plugins/webhooks) against a real HTTP receiver.

The receiver is an ``http.server`` on 127.0.0.1 in a thread. It checks every request's
signature with the ``standardwebhooks`` package (the reference implementation a
receiver would use) before it answers as the test planned: 200, 500, a redirect, or no
answer until after the plugin's timeout. The hook is called directly, as the worker
calls it; an exception means "deliver again later".
"""

from __future__ import annotations

import base64
import dataclasses
import json
import os
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import posdisc_webhooks
import pytest
import standardwebhooks
from hypothesis import given, settings
from hypothesis import strategies as st

import pos_discrepancy
from pos_discrepancy.config import settings_from_mapping
from pos_discrepancy.errors import ConfigurationError
from pos_discrepancy.plugins import configure_plugins, make_plugin_manager
from pos_discrepancy.views import IncidentView

#: Standard Webhooks' own example secret (24 bytes of key).
SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
NOVEL = "9788883701122"


@dataclass
class Delivery:
    """One request as the receiver saw it."""

    headers: dict[str, str]
    body: bytes
    verified: bool
    answered: str


@dataclass
class Receiver:
    """What the receiver got, and what it will answer next (then 200 for ever)."""

    url: str
    plan: list[str] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)

    def documents(self) -> list[dict[str, Any]]:
        """The bodies that were answered 200, parsed (money must never be a float)."""
        return [
            json.loads(d.body, parse_float=_no_float)
            for d in self.deliveries
            if d.answered == "200"
        ]


def _no_float(text: str) -> None:
    raise AssertionError(f"a float in a webhook body: {text}")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """A webhook receiver on a free port of 127.0.0.1 that verifies every signature."""
    verifier = standardwebhooks.Webhook(SECRET)
    state = Receiver(url="")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["content-length"]))
            headers = {k.lower(): v for k, v in self.headers.items()}
            try:
                verifier.verify(body, headers)
                verified = True
            except standardwebhooks.WebhookVerificationError:
                verified = False
            answer = state.plan.pop(0) if state.plan else "200"
            state.deliveries.append(Delivery(headers, body, verified, answer))
            if answer == "hang":  # answer only after the plugin has given up
                state.release.wait(timeout=5)
                answer = "200"
            status = int(answer)
            self.send_response(status)
            if status == 302:
                self.send_header("location", "/elsewhere")
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # quiet test output
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

        def handle_error(self, request: Any, client_address: Any) -> None:
            pass  # a client that timed out and left: writing the late answer fails

    server = Server(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/posdisc"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    state.release.set()
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


def table(receiver_url: str, **keys: object) -> dict[str, dict[str, Any]]:
    """``plugin_settings`` holding a ``[plugins.webhooks]`` table for ``receiver_url``."""
    return {"webhooks": {"url": receiver_url, "secret": SECRET, **keys}}


def toml_config(tmp_path: Path, body: str) -> Path:
    """A policy file whose ``[plugins.webhooks]`` table is ``body``."""
    path = tmp_path / "posdisc.toml"
    path.write_text(f"[plugins.webhooks]\n{body}\n", encoding="utf-8")
    return path


def an_incident(desk: pos_discrepancy.Desk) -> IncidentView:
    """An overcharge escalated, approved and fixed: four events, in order."""
    check = desk.check(
        store="S001",
        register="R1",
        cashier="C07",
        sku=NOVEL,
        scanned_price="19.95",
        shelf_price="9.98",
    )
    desk.decide(check.incident_id, action="escalate", cashier="C07")
    desk.approve(check.incident_id, manager="M01", pin="2468", approve=True)
    desk.fix(check.incident_id, staff="O02", cause="price_file_error")
    incident = desk.get_incident(check.incident_id)
    assert [e.kind for e in incident.events] == ["detected", "decided", "approved", "signage_fixed"]
    return incident


# --- delivery -----------------------------------------------------------------------------


def test_every_event_is_posted_signed_with_the_documented_body(
    store, make_desk, receiver, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    config = toml_config(tmp_path, f'url = "{receiver.url}"\nsecret = "{SECRET}"')
    subscriber = make_desk(plugins=[posdisc_webhooks], config=config)
    incident = an_incident(store)
    for event in incident.events:  # as the worker calls it, with the desk's settings
        subscriber.context.pm.hook.posdisc_incident_event(
            incident=incident, event=event, plugin_settings=subscriber.settings.plugin_settings
        )

    assert [d.verified for d in receiver.deliveries] == [True] * 4
    assert [d.headers["webhook-id"] for d in receiver.deliveries] == [e.id for e in incident.events]
    for delivery in receiver.deliveries:
        assert delivery.headers["content-type"] == "application/json"
        assert abs(int(delivery.headers["webhook-timestamp"]) - time.time()) < 60  # send time
        assert delivery.headers["webhook-signature"].startswith("v1,")
        assert delivery.body.isascii()  # non-ASCII text travels as \u escapes
    documents = receiver.documents()
    assert [d["type"] for d in documents] == [
        "incident.detected",
        "incident.decided",
        "incident.approved",
        "incident.signage_fixed",
    ]
    first = documents[0]
    assert set(first) == {"type", "timestamp", "data"}
    assert first["timestamp"] == incident.events[0].at.astimezone(UTC).isoformat()
    assert datetime.fromisoformat(first["timestamp"]).utcoffset().total_seconds() == 0
    assert first["data"]["event"] == incident.events[0].to_dict()
    assert first["data"]["incident"] == json.loads(json.dumps(incident.to_dict()))
    money = first["data"]["incident"]
    assert (money["shelf_price"], money["scanned_price"], money["currency"]) == (
        "9.98",
        "19.95",
        "USD",
    )
    assert documents[-1]["data"]["incident"]["decision"]["charge"] == "9.98"


def test_failures_raise_and_a_retry_delivers_the_same_id_signed_again(store, receiver) -> None:  # type: ignore[no-untyped-def]
    incident = an_incident(store)
    plugin_settings = table(receiver.url, timeout_seconds=0.5)

    def deliver(index: int) -> None:
        posdisc_webhooks.posdisc_incident_event(
            incident=incident, event=incident.events[index], plugin_settings=plugin_settings
        )

    deliver(0)  # the first event goes through; then the receiver fails the second
    receiver.plan = ["500", "500", "hang", "302"]
    for expected in ("answered 500", "answered 500"):
        with pytest.raises(posdisc_webhooks.DeliveryFailed, match=expected) as failed:
            deliver(1)
        assert receiver.url in str(failed.value) and SECRET not in str(failed.value)
    started = time.monotonic()
    with pytest.raises(posdisc_webhooks.DeliveryFailed, match=r"timed out after 0.5 s"):
        deliver(1)
    assert time.monotonic() - started < 2.5  # cut at the timeout, not when it answers
    with pytest.raises(posdisc_webhooks.DeliveryFailed, match="answered 302"):
        deliver(1)  # a redirect is not followed: the body would be lost
    deliver(1)  # the worker's next try succeeds
    deliver(2)
    deliver(3)

    attempts = [d for d in receiver.deliveries if d.headers["webhook-id"] == incident.events[1].id]
    assert [d.answered for d in attempts] == ["500", "500", "hang", "302", "200"]
    assert all(d.verified for d in receiver.deliveries)  # every try signed, each at its time
    assert len({d.body for d in attempts}) == 1  # the same message, re-signed
    assert [d.headers["webhook-id"] for d in receiver.deliveries if d.answered == "200"] == [
        e.id for e in incident.events
    ]  # each event delivered once it succeeded, in the order the worker gave them


def test_an_unreachable_receiver_raises_naming_the_url_but_no_secret_or_query(store) -> None:  # type: ignore[no-untyped-def]
    incident = an_incident(store)
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"http://127.0.0.1:{port}/hooks?token=s3cr3t-token"
    with pytest.raises(posdisc_webhooks.DeliveryFailed) as failed:
        posdisc_webhooks.posdisc_incident_event(
            incident=incident, event=incident.events[0], plugin_settings=table(url)
        )
    message = str(failed.value)
    assert f"POST http://127.0.0.1:{port}/hooks?…" in message
    assert "ConnectionRefusedError" in message
    assert "s3cr3t-token" not in message and SECRET not in message
    assert failed.value.__cause__ is None and failed.value.__suppress_context__


def test_the_events_filter_sends_only_the_kinds_named(store, receiver) -> None:  # type: ignore[no-untyped-def]
    incident = an_incident(store)
    plugin_settings = table(receiver.url, events=["detected", "signage_fixed"])
    for event in incident.events:
        posdisc_webhooks.posdisc_incident_event(
            incident=incident, event=event, plugin_settings=plugin_settings
        )
    assert [d["type"] for d in receiver.documents()] == [
        "incident.detected",
        "incident.signage_fixed",
    ]

    newer = dataclasses.replace(incident.events[0], kind="price_corrected")  # a future kind
    posdisc_webhooks.posdisc_incident_event(
        incident=incident, event=newer, plugin_settings=plugin_settings
    )
    assert len(receiver.deliveries) == 2  # filtered out
    posdisc_webhooks.posdisc_incident_event(
        incident=incident, event=newer, plugin_settings=table(receiver.url)
    )
    assert receiver.documents()[-1]["type"] == "incident.price_corrected"  # no filter: all


def test_without_its_table_the_plugin_starts_and_does_nothing(
    store, make_desk, receiver, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    assert posdisc_webhooks.posdisc_configure(plugin_settings={}) == []
    desk = make_desk(plugins=[posdisc_webhooks])  # no policy file at all
    assert desk.settings.plugin_settings == {}
    incident = an_incident(store)
    for plugin_settings in ({}, {"receipts": {"copies": 2}}):
        for event in incident.events:
            posdisc_webhooks.posdisc_incident_event(
                incident=incident, event=event, plugin_settings=plugin_settings
            )
    assert receiver.deliveries == []


def test_the_signature_is_the_standard_one_and_a_wrong_key_fails(receiver) -> None:  # type: ignore[no-untyped-def]
    body = b'{"type":"incident.detected"}'
    moment = datetime.now(UTC).replace(microsecond=0)
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    ours = posdisc_webhooks.sign(
        key, webhook_id="evt_1", timestamp=int(moment.timestamp()), body=body
    )
    assert ours == standardwebhooks.Webhook(SECRET).sign("evt_1", moment, body.decode())
    headers = {
        "webhook-id": "evt_1",
        "webhook-timestamp": str(int(moment.timestamp())),
        "webhook-signature": ours,
    }
    other = standardwebhooks.Webhook(
        "whsec_" + base64.b64encode(b"another key 24 bytes....").decode()
    )
    with pytest.raises(standardwebhooks.WebhookVerificationError):
        other.verify(body, headers)  # the receiver's check is not a formality


# --- the plugin is installed --------------------------------------------------------------


def test_the_plugin_is_installed_as_a_posdisc_entry_point() -> None:
    [entry] = [e for e in entry_points(group="posdisc") if e.name == "webhooks"]
    assert entry.value == "posdisc_webhooks"
    assert entry.load() is posdisc_webhooks
    assert entry.dist is not None and entry.dist.name == "posdisc-webhooks"


# --- bad settings are refused at start-up -------------------------------------------------

GOOD_URL = 'url = "https://hooks.example.com/posdisc"'
GOOD_SECRET = f'secret = "{SECRET}"'


@pytest.mark.parametrize(
    ("body", "key", "says"),
    [
        pytest.param(GOOD_SECRET, "url", "is required", id="url-missing"),
        pytest.param(f'url = "ftp://h.example/x"\n{GOOD_SECRET}', "url", "http", id="url-ftp"),
        pytest.param(f'url = "hooks.example.com"\n{GOOD_SECRET}', "url", "http", id="no-scheme"),
        pytest.param(f'url = "https://"\n{GOOD_SECRET}', "url", "no host", id="url-no-host"),
        pytest.param(f'url = "http:///x"\n{GOOD_SECRET}', "url", "no host", id="url-only-path"),
        pytest.param(f'url = "http://h:99999/"\n{GOOD_SECRET}', "url", "valid", id="url-port"),
        pytest.param(f'url = "http://a b/"\n{GOOD_SECRET}', "url", "spaces", id="url-space"),
        pytest.param(f"url = 443\n{GOOD_SECRET}", "url", "http", id="url-number"),
        pytest.param(
            f'url = "https://u:pw@h.example/"\n{GOOD_SECRET}', "url", "password", id="url-userinfo"
        ),
        pytest.param(GOOD_URL, "secret", "is required", id="secret-missing"),
        pytest.param(
            f'{GOOD_URL}\nsecret = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"',
            "secret",
            "whsec_",
            id="secret-no-prefix",
        ),
        pytest.param(f'{GOOD_URL}\nsecret = "whsec_"', "secret", "empty", id="secret-empty"),
        pytest.param(
            f'{GOOD_URL}\nsecret = "whsec_no spaces!"', "secret", "base64", id="secret-not-b64"
        ),
        pytest.param(f'{GOOD_URL}\nsecret = "whsec_abcde"', "secret", "base64", id="secret-len"),
        pytest.param(f"{GOOD_URL}\nsecret = 12", "secret", "whsec_", id="secret-number"),
        pytest.param(
            f"{GOOD_URL}\n{GOOD_SECRET}\nretries = 3", "retries", "unknown key", id="unknown-key"
        ),
        pytest.param(
            f'{GOOD_URL}\n{GOOD_SECRET}\nevents = "detected"', "events", "list", id="events-text"
        ),
        pytest.param(
            f"{GOOD_URL}\n{GOOD_SECRET}\nevents = []", "events", "non-empty", id="events-empty"
        ),
        pytest.param(
            f'{GOOD_URL}\n{GOOD_SECRET}\nevents = ["escalated"]',
            "events",
            "unknown event kind 'escalated'; the kinds are detected, decided, approved, "
            "denied, approval_timed_out, outcome_recorded, bonus_claimed, signage_fixed",
            id="events-unknown-kind",
        ),
        pytest.param(
            f"{GOOD_URL}\n{GOOD_SECRET}\nevents = [1]",
            "events",
            "unknown event",
            id="events-number",
        ),
        *(
            pytest.param(
                f"{GOOD_URL}\n{GOOD_SECRET}\ntimeout_seconds = {value}",
                "timeout_seconds",
                "above 0, at most 60",
                id=f"timeout-{value}",
            )
            for value in ("0", "-1", "60.5", "61", '"5"', "true", "inf", "nan")
        ),
    ],
)
def test_a_bad_table_is_refused_at_start_up_naming_the_key(tmp_path, body, key, says) -> None:  # type: ignore[no-untyped-def]
    config = toml_config(tmp_path, body)
    with pytest.raises(ConfigurationError) as refused:
        pos_discrepancy.connect(
            f"sqlite:///{tmp_path}/posdisc.sqlite3", config=config, plugins=[posdisc_webhooks]
        )
    assert refused.value.field == f"plugins.webhooks.{key}"
    assert says in refused.value.message and "[plugins.webhooks]" in refused.value.message
    assert "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw" not in refused.value.message  # never echoed


@pytest.mark.parametrize(
    "body",
    [
        f'url = "http://127.0.0.1:8080/h?x=1"\n{GOOD_SECRET}',
        f'{GOOD_URL}\nsecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw=="',  # padded
        f"{GOOD_URL}\n{GOOD_SECRET}\nevents = ['approval_timed_out']\ntimeout_seconds = 60",
        f"{GOOD_URL}\n{GOOD_SECRET}\ntimeout_seconds = 0.25",
    ],
)
def test_a_good_table_starts(tmp_path, body) -> None:  # type: ignore[no-untyped-def]
    config = toml_config(tmp_path, body)
    with pos_discrepancy.connect(
        f"sqlite:///{tmp_path}/posdisc.sqlite3",
        config=config,
        plugins=[posdisc_webhooks],
        run_migrations=False,
    ) as desk:
        assert set(desk.settings.plugin_settings) == {"webhooks"}


def test_without_the_plugin_the_table_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    config = toml_config(tmp_path, f"{GOOD_URL}\n{GOOD_SECRET}")
    with pytest.raises(ConfigurationError, match="no installed plugin reads it") as refused:
        pos_discrepancy.connect(f"sqlite:///{tmp_path}/posdisc.sqlite3", config=config)
    assert refused.value.field == "plugins.webhooks"


_PM = make_plugin_manager(plugins=[posdisc_webhooks], load_entrypoints=False)
toml_scalars = st.one_of(
    st.text(max_size=40),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.datetimes(),
    st.dates(),
    st.sampled_from(
        ["https://h.example/x", "http://[::1]:9/x", "http://h:0/", SECRET, "whsec_", "detected"]
    ),
)
toml_values = st.recursive(
    toml_scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)
webhooks_tables = st.one_of(
    st.dictionaries(st.sampled_from(posdisc_webhooks.KEYS) | st.text(max_size=12), toml_values),
    st.fixed_dictionaries(
        {
            "url": st.sampled_from(["https://h.example/x", "http://127.0.0.1:1/"]) | toml_values,
            "secret": st.just(SECRET) | toml_values,
        },
        optional={
            "events": st.lists(st.sampled_from([*posdisc_webhooks.EVENT_KINDS, "escalated"]))
            | toml_values,
            "timeout_seconds": st.floats(allow_nan=True, allow_infinity=True) | toml_values,
        },
    ),
)


@settings(max_examples=300, deadline=None)
@given(webhooks_table=webhooks_tables)
def test_any_table_either_starts_or_is_refused_naming_a_webhooks_key(webhooks_table) -> None:  # type: ignore[no-untyped-def]
    try:
        plugin_settings = settings_from_mapping({"plugins": {"webhooks": webhooks_table}})
        configure_plugins(_PM, plugin_settings.plugin_settings)
    except ConfigurationError as refused:
        assert refused.field is not None and refused.field.startswith("plugins.webhooks")
        assert SECRET not in refused.message
        return
    checked = posdisc_webhooks.read_settings({"webhooks": webhooks_table})
    assert checked is not None and checked.key and checked.url.startswith(("http://", "https://"))
    assert 0 < checked.timeout_seconds <= 60
    assert checked.events is None or set(posdisc_webhooks.EVENT_KINDS) >= checked.events


# --- the drill: a real worker process, killed, against a receiver that fails ----------------

#: Incidents of the drill (four events each) and SIGKILLs of the worker; scale them up with
#: the environment for a longer run.
DRILL_INCIDENTS = int(os.environ.get("POSDISC_DRILL_WEBHOOK_INCIDENTS", "6"))
DRILL_KILLS = int(os.environ.get("POSDISC_DRILL_WORKER_KILLS", "3"))
LAUNCH = "from pos_discrepancy.cli import main; main()"


def test_drill_every_event_arrives_signed_in_order_across_failures_and_worker_kills(
    store, database_url, receiver, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import random
    import signal
    import subprocess
    import sys

    incidents = [an_incident(store) for _ in range(DRILL_INCIDENTS)]
    wanted = [event.id for incident in incidents for event in incident.events]
    rng = random.Random(7)
    # about a third of the first answers fail (500) or hang past the timeout, then 200s
    receiver.plan = [rng.choice(["500", "500", "hang", "200", "200", "200"]) for _ in wanted]
    config = toml_config(
        tmp_path, f'url = "{receiver.url}"\nsecret = "{SECRET}"\ntimeout_seconds = 0.3'
    )
    env = {k: v for k, v in os.environ.items() if k != "POSDISC_DISABLE_PLUGIN_AUTOLOAD"}
    env.update(POSDISC_DATABASE_URL=database_url, POSDISC_CONFIG=str(config),
               POSDISC_WORKER_LEASE_SECONDS="1", PYTHONUNBUFFERED="1")  # fmt: skip

    def start() -> subprocess.Popen[bytes]:
        return subprocess.Popen([sys.executable, "-c", LAUNCH, "worker", "--poll", "0.05"],
                                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, env=env, cwd=tmp_path)  # fmt: skip

    def taken() -> list[str]:  # event ids answered 200, in the order they arrived
        return [d.headers["webhook-id"] for d in receiver.deliveries if d.answered == "200"]

    kills = 0
    worker = start()
    deadline = time.monotonic() + 120
    try:
        while set(wanted) - set(taken()):
            assert time.monotonic() < deadline, f"undelivered: {set(wanted) - set(taken())}"
            if kills < DRILL_KILLS and len(receiver.deliveries) >= (kills + 1) * len(wanted) // (
                DRILL_KILLS + 1
            ):
                worker.send_signal(signal.SIGKILL)  # mid-delivery, no clean-up at all
                worker.wait()
                kills += 1
                worker = start()
            time.sleep(0.02)
    finally:
        worker.kill()
        worker.wait()
    assert kills == DRILL_KILLS
    assert all(d.verified for d in receiver.deliveries), "a signature did not verify"
    arrived = taken()
    assert set(arrived) == set(wanted)  # nothing lost (repeats allowed: at least once)
    for incident in incidents:  # each incident's events first arrived in journal order
        ids = [event.id for event in incident.events]
        firsts = sorted(ids, key=arrived.index)
        assert firsts == ids, incident.id
    print(
        f"\nwebhook drill: {len(wanted)} events, {len(receiver.deliveries)} POSTs "
        f"({sum(d.answered != '200' for d in receiver.deliveries)} failed or hung), "
        f"{kills} worker SIGKILLs, lost 0, repeats {len(arrived) - len(set(arrived))}"
    )
