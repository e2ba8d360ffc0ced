"""Chains travel (design §6): a till's events reach the server with their link in the
till's own hash chain; the server checks the link, keeps it, and ``journal verify`` on
the server checks the till's chain as the till made it. Forks (two tills cloned from one
image, a till restored from a backup) are quarantined and named, and do not stop the
first till's later events. On SQLite and PostgreSQL (the server's database)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

import pos_discrepancy
from pos_discrepancy.desk import Desk
from pos_discrepancy.store.chain_links import device_id, till_chain
from pos_discrepancy.store.journal import register_chain
from pos_discrepancy.sync.outbox import mark_delivered, next_batch
from pos_discrepancy.views import JournalHead

from .conftest import CHEAP_PINS, StoreServer, offline_day


def sync(register_url: str, server: StoreServer, token: str = "R1") -> Any:
    """``posdisc sync`` from the till at ``register_url`` (its own CLI)."""
    from click.testing import CliRunner

    from pos_discrepancy.cli import build

    result = CliRunner().invoke(
        build(),
        ["--database-url", register_url, "sync", "--server", server.url,
         "--token", server.tokens[token]],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    return result


def till_head(register: Desk) -> JournalHead:
    """The till's own chain head for S001 (register R1's chain, as its journal keeps it)."""
    (head,) = register.journal_heads("S001")
    return head


def chain_of(register: Desk) -> str:
    """The name the till's R1 chain travels under."""
    with register.context.engine.connect() as connection:
        return till_chain(device_id(connection), register_chain("R1"))


def quarantine_reasons(server: StoreServer) -> list[str]:
    return [q.reason for q in server.desk.quarantine("S001")]


def check(register: Desk, shelf: str = "9.98") -> str:
    return register.check(
        store="S001", register="R1", cashier="C07", sku="9788883701122",
        scanned_price="19.95", shelf_price=shelf,
    ).incident_id  # fmt: skip


def test_the_till_s_chain_arrives_as_made_and_verifies_on_the_server(
    server: StoreServer, register: Desk, register_url: str
) -> None:
    offline_day(register)
    made = till_head(register)
    sync(register_url, server)
    heads = {(h.store, h.chain): h for h in server.desk.journal_heads("S001")}
    kept = heads[("S001", chain_of(register))]
    assert (kept.seq, kept.hash) == (made.seq, made.hash)  # the till's chain, unchanged
    report = server.desk.verify_journal()
    assert report.ok, report.problems
    assert report.links_checked == {"S001": made.seq}
    assert {(h.chain, h.seq, h.hash) for h in report.journal_heads()} >= {
        (kept.chain, kept.seq, kept.hash)
    }
    anchor = [h.line() for h in server.desk.journal_heads("S001")]
    assert server.desk.verify_journal(anchor=anchor).ok


def test_a_cloned_till_is_a_named_fork_and_the_first_till_keeps_syncing(
    server: StoreServer, register: Desk, register_url: str, tmp_path: Path, clock: Any
) -> None:
    check(register)
    sync(register_url, server)  # the image: one event delivered
    clone_path = tmp_path / "clone.sqlite3"
    for suffix in ("", "-wal", "-shm"):  # the whole disk image, as a till is cloned
        original = Path(register_url.removeprefix("sqlite:///") + suffix)
        if original.exists():
            shutil.copy(original, f"{clone_path}{suffix}")
    clone_url = f"sqlite:///{clone_path}"
    clone = pos_discrepancy.connect(clone_url, clock=clock, pin_hasher=CHEAP_PINS)
    try:
        first = check(register, "9.99")
        sync(register_url, server)
        forked = check(clone, "8.88")
        sync(clone_url, server)  # answered 200: nothing blocks, the fork is held
        reasons = quarantine_reasons(server)
        assert len(reasons) == 1 and "fork of chain" in reasons[0]
        assert "cloned from one image" in reasons[0]
        later = check(register, "7.77")
        sync(register_url, server)  # the first till's later events still apply
        assert server.desk.get_incident(later).id == later
        assert server.desk.get_incident(first).id == first
        assert [q.incident_id for q in server.desk.quarantine("S001")] == [forked]
        report = server.desk.verify_journal()
        assert report.ok, report.problems
    finally:
        clone.close()


def test_a_till_restored_from_a_backup_is_a_named_fork(
    server: StoreServer, register: Desk, register_url: str, tmp_path: Path, clock: Any
) -> None:
    check(register)
    sync(register_url, server)
    register.close()
    path = Path(register_url.removeprefix("sqlite:///"))
    backup = tmp_path / "backup.sqlite3"
    shutil.copy(path, backup)
    till = pos_discrepancy.connect(register_url, clock=clock, pin_hasher=CHEAP_PINS)
    check(till, "9.99")
    sync(register_url, server)
    till.close()
    shutil.copy(backup, path)  # the till's disk restored: its second event made again
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    restored = pos_discrepancy.connect(register_url, clock=clock, pin_hasher=CHEAP_PINS)
    try:
        again = check(restored, "8.88")
        sync(register_url, server)
        (held,) = server.desk.quarantine("S001")
        assert held.incident_id == again and "restored from a backup" in held.reason
        assert server.desk.verify_journal().ok
    finally:
        restored.close()


def test_an_event_changed_after_the_till_hashed_it_is_held_and_the_rest_waits(
    server: StoreServer, register: Desk
) -> None:
    offline_day(register)
    batch = next_batch(register.context, server=server.url, size=100)
    assert batch is not None
    body = json.loads(json.dumps(batch.body))
    first = body["incidents"][0]["events"][0]
    first["data"]["shelf_price"] = "1.00"  # changed in transit; the link is not
    client = server.app.test_client()
    response = client.post(
        "/api/v1/sync", json=body, headers={"Authorization": f"Bearer {server.tokens['R1']}"}
    )
    assert response.status_code == 200, response.json
    answer = response.json
    held = {q["event_id"]: q for q in answer["quarantined"]}
    assert "changed after the till hashed it" in held[first["id"]]["reason"]
    assert held[first["id"]]["field"].endswith(".link.body")
    others = [q for q in answer["quarantined"] if q["event_id"] != first["id"]]
    assert others and all("gap in chain" in q["reason"] for q in others)
    assert server.desk.verify_journal().ok


def test_a_till_on_a_copy_of_the_server_s_database_is_refused_by_name(
    server: StoreServer, server_app: Any, tmp_path: Path, clock: Any
) -> None:
    with server.desk.context.engine.connect() as connection:
        own = till_chain(device_id(connection))
    till = pos_discrepancy.connect(f"sqlite:///{tmp_path / 'till.sqlite3'}", clock=clock)
    try:
        till.add_store("S001", name="Main St", currency="USD")
        check(till)
        batch = next_batch(till.context, server=server.url, size=10)
        assert batch is not None
        body = json.loads(json.dumps(batch.body))
        body["incidents"][0]["events"][0]["link"]["chain"] = own
        answer = server.app.test_client().post(
            "/api/v1/sync", json=body,
            headers={"Authorization": f"Bearer {server.tokens['R1']}"},
        ).json  # fmt: skip
        (held,) = answer["quarantined"]
        assert "this server's own chain" in held["reason"]
    finally:
        till.close()


TRIGGER = "chain_links_append_only"


def _tamper(server: StoreServer, statement: str, **params: Any) -> None:
    """Change chain_links as someone with the database would (triggers out of the way)."""
    engine = create_engine(server.desk.context.engine.url)
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("ALTER TABLE chain_links DISABLE TRIGGER chain_links_append_only")
            )
        else:
            connection.execute(text("DROP TRIGGER IF EXISTS chain_links_no_update"))
            connection.execute(text("DROP TRIGGER IF EXISTS chain_links_no_delete"))
        connection.execute(text(statement), params)
        if engine.dialect.name == "postgresql":
            connection.execute(
                text("ALTER TABLE chain_links ENABLE TRIGGER chain_links_append_only")
            )
    engine.dispose()


def test_verify_names_a_till_chain_edited_or_cut_short_on_the_server(
    server: StoreServer, register: Desk, register_url: str
) -> None:
    offline_day(register)
    sync(register_url, server)
    chain = chain_of(register)
    anchor = [h.line() for h in server.desk.journal_heads("S001")]
    _tamper(
        server,
        "UPDATE chain_links SET body = replace(body, '9.98', '1.00') WHERE chain = :c AND seq = 1",
        c=chain,
    )
    report = server.desk.verify_journal()
    assert [(p.problem, p.chain, p.seq) for p in report.problems] == [("edited", chain, 1)]
    last = till_head(register).seq
    _tamper(server, "DELETE FROM chain_links WHERE chain = :c AND seq = :s", c=chain, s=last)
    report = server.desk.verify_journal(anchor=anchor)
    kinds = {(p.problem, p.chain) for p in report.problems}
    assert ("anchor_shorter", chain) in kinds and not report.ok


def test_a_link_whose_event_left_the_journal_is_named(
    server: StoreServer, register: Desk, register_url: str
) -> None:
    check(register)
    sync(register_url, server)
    chain = chain_of(register)
    _tamper(
        server,
        "INSERT INTO chain_links (store_id, chain, seq, event_id, prev_hash, hash, body, "
        "received_at) SELECT store_id, chain, seq + 1, '01a00000-0000-7000-8000-000000000000', "
        "hash, hash, body, received_at FROM chain_links WHERE chain = :c",
        c=chain,
    )
    problems = {p.problem for p in server.desk.verify_journal().problems}
    assert "edited" in problems  # its hash is not its body's


def test_a_till_that_synced_before_it_sent_links_joins_with_its_next_event(
    server: StoreServer, register: Desk, register_url: str
) -> None:
    check(register)
    batch = next_batch(register.context, server=server.url, size=100)
    assert batch is not None
    older = json.loads(json.dumps(batch.body))
    for item in older["incidents"]:
        for event in item["events"]:
            del event["link"]  # as a till of the previous version sent it
    response = server.app.test_client().post(
        "/api/v1/sync", json=older, headers={"Authorization": f"Bearer {server.tokens['R1']}"}
    )
    assert response.status_code == 200 and response.json["quarantined"] == []
    mark_delivered(register.context, batch, server=server.url)
    check(register, "9.99")  # after the upgrade: sent with links from here on
    sync(register_url, server)
    assert server.desk.quarantine("S001") == []
    report = server.desk.verify_journal()
    assert report.ok, report.problems
    assert report.links_checked == {"S001": till_head(register).seq - batch.last_seq}
