"""``posdisc report …`` and ``posdisc fix …`` on the real databases."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner

from pos_discrepancy.cli import build
from pos_discrepancy.domain import Status

PERIOD = ["--since", "2026-11-20", "--until", "2026-11-30"]


@pytest.fixture
def posdisc(database_url):  # type: ignore[no-untyped-def]
    """Run ``posdisc ARGS`` against the test database; returns the click result."""
    runner = CliRunner()
    cli = build()

    def run(*args: str, input: str | None = None):  # type: ignore[no-untyped-def]
        return runner.invoke(cli, ["--database-url", database_url, *args], input=input)

    return run


@pytest.mark.parametrize("kind", ["summary", "signage", "tags"])
def test_report_writes_a_pdf(seeded, posdisc, tmp_path, kind, pdf_tools):
    out = tmp_path / f"{kind}.pdf"
    result = posdisc("report", kind, "--store", "S001", *PERIOD, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"Wrote the {kind} report for Main St (S001), 2026-11-20 to 2026-11-30" in result.output
    pages = pdf_tools.read(out.read_bytes())
    if kind != "summary":
        decoded = sorted(c for p in pages for c, _, _ in p.barcodes)
        assert decoded == sorted(pdf_tools.scanned_as(s) for s in seeded.open_skus)
    assert not list(tmp_path.glob(".*partial"))


def test_signage_csv_has_the_same_rows_in_walking_order(seeded, posdisc, tmp_path):
    out = tmp_path / "worklist.csv"
    result = posdisc("report", "signage", "--store", "S001", *PERIOD, "--out", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert [r["location"] for r in rows] == ["A2-B1", "A2-B7", "A10-B2", "B1-B1", "C3-B4", ""]
    novel = next(r for r in rows if r["sku"] == "9788883701122")
    assert novel["tag_price"] == "9.98" and novel["system_price"] == "19.95"
    assert novel["times_reported"] == "2" and novel["barcode"] == "EAN-13"
    assert novel["currency"] == "USD"


def test_tags_and_summary_csv(seeded, posdisc, tmp_path):
    tags = tmp_path / "tags.csv"
    posdisc("report", "tags", "--store", "S001", *PERIOD, "--out", str(tags), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(tags.read_text(encoding="utf-8"))))
    tissues = next(r for r in rows if r["sku"] == "036000291452")
    assert (tissues["price"], tissues["unit_price"], tissues["unit"]) == (
        "3.49",
        "2.18",
        "100 sheets",
    )
    assert tissues["barcode"] == "UPC-A"
    summary = tmp_path / "incidents.csv"
    result = posdisc("report", "summary", "--store", "S001", *PERIOD, "--out", str(summary))
    assert result.exit_code == 0, result.output
    incidents = list(csv.DictReader(io.StringIO(summary.read_text(encoding="utf-8"))))
    assert len(incidents) == 9
    walked = next(r for r in incidents if r["customer_outcome"] == "walked_away")
    assert (walked["sku"], walked["approval"], walked["charge"]) == ("ABC-123", "denied", "6.75")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--store", "S999"], "store: there is no store 'S999'"),
        (["--store", "S001", "--since", "2026-11-30", "--until", "2026-11-01"],
         "since: 2026-11-30 is after until (2026-11-01)"),
        (["--store", "S001", "--since", "yesterday"], "since: 'yesterday' is not a date"),
        (["--since", "2026-11-01"], "store: the signage report is for one store"),
    ],
)  # fmt: skip
def test_bad_input_is_one_clear_line(store, posdisc, tmp_path, args, message):
    out = tmp_path / "w.pdf"
    result = posdisc("report", "signage", *args, "--out", str(out))
    assert result.exit_code == 1
    assert message in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_unwritable_output_path(store, posdisc, tmp_path):
    out = tmp_path / "no-such-folder" / "w.pdf"
    result = posdisc("report", "summary", "--store", "S001", "--out", str(out))
    assert result.exit_code == 1
    assert f"out: cannot write {out}" in result.output


def test_fix_by_sku_fixes_every_open_incident(seeded, store, posdisc):
    result = posdisc("fix", "--store", "S001", "--sku", "9788883701122", "--staff", "O02",
                     "--cause", "wrong_location")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Fixed: 9788883701122 Paperback novel at S001 (2 incidents)" in result.output
    for incident_id in (seeded.ids[0], seeded.ids[-1]):
        incident = store.get_incident(incident_id)
        assert incident.status is Status.SIGNAGE_FIXED
        assert (incident.fixed_by, incident.cause) == ("O02", "wrong_location")
    again = posdisc("fix", "--store", "S001", "--sku", "9788883701122", "--staff", "O02")
    assert again.exit_code == 1 and "no open incident for 9788883701122" in again.output


def test_fix_one_incident_and_the_worklist_forgets_it(seeded, store, posdisc, tmp_path):
    result = posdisc("fix", seeded.ids[1], "--staff", "O02")
    assert result.exit_code == 0, result.output
    assert store.get_incident(seeded.ids[1]).status is Status.SIGNAGE_FIXED
    out = tmp_path / "w.csv"
    posdisc("report", "signage", "--store", "S001", *PERIOD, "--out", str(out))
    assert "012345678905" not in out.read_text(encoding="utf-8")


def test_fix_by_scanning_tags(seeded, store, posdisc):
    scans = "036000291452\nNOPE-1\nABC-123\n\n"
    result = posdisc("fix", "--store", "S001", "--scan", "--staff", "O02", input=scans)
    assert result.exit_code == 0, result.output
    assert "2 tags fixed, 1 not found." in result.output
    assert "Not fixed: sku: no open incident for NOPE-1 at S001" in result.output
    assert store.get_incident(seeded.ids[3]).status is Status.SIGNAGE_FIXED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--staff", "O02"], "give one of INCIDENT_ID, --sku or --scan"),
        (["--sku", "ABC-123", "--staff", "O02"], "--sku and --scan need --store"),
        (["--store", "S001", "--sku", "ABC-123", "--staff", "O02", "--cause", "gremlins"],
         "'gremlins' is not one of"),
        (["not-a-uuid", "--staff", "O02"], "incident_id"),
    ],
)  # fmt: skip
def test_fix_refuses_bad_input(store, posdisc, args, message):
    result = posdisc("fix", *args)
    assert result.exit_code != 0
    assert message in result.output and "Traceback" not in result.output


def test_long_runs_show_a_progress_bar(seeded, posdisc, tmp_path, monkeypatch):
    monkeypatch.setattr("pos_discrepancy.cli.report.PROGRESS_FROM", 5)
    out = tmp_path / "w.pdf"
    result = posdisc("report", "signage", "--store", "S001", *PERIOD, "--out", str(out))
    assert result.exit_code == 0, result.output
    assert "signage (6 rows)" in result.output  # the bar's label (on stderr)
    summary = posdisc("report", "summary", "--store", "S001", *PERIOD, "--out", str(out))
    assert summary.exit_code == 0 and "summary (9 rows)" in summary.output
