"""Every benchmark script runs once at a tiny size, so none rots unnoticed (issue 13).

The figures of a tiny run mean nothing and are not checked; what is checked is that each
script runs to the end and prints its same-run baseline beside its figures. The real
figures come from running the scripts at full size (see docs/performance.md).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
CHROMIUM = os.environ.get("POSDISC_TEST_CHROMIUM", "/usr/bin/chromium")

#: script: (tiny arguments, a word its output must contain: its baseline's line)
TINY = {
    "register_path.py": (["--n", "20", "--warmup", "5", "--slow-notifier", "0.01"],
                         "raw sqlite3 INSERT+COMMIT"),
    "sign_in_timing.py": (["--n", "2"], "baseline: one argon2id verify"),
    "http_api.py": (["--seconds", "0.3", "--clients", "1", "--rate", "20", "--rate-seconds",
                     "0.5"], "of hello-JSON's"),
    "journal_verify.py": (["--events", "200", "--runs", "1"], "[sqlite] ratio to baseline:"),
    "reports.py": (["--n", "200"], "tags PDF / bare reportlab"),
    "live_approvals.py": (["--n", "2"], "baseline: the decision POST"),
    "chain_10m.py": (["--incidents", "2000", "--stores", "3", "--runs", "1", "--throwaway"],
                     "baseline: SELECT count(*) FROM incidents"),
    "store_lock.py": (["--processes", "2", "--seconds", "0.5", "--rounds", "1"],
                      "baseline: 2 registers in 2 stores"),
}  # fmt: skip


def _journal_verify_figures(output: str) -> None:
    """Per database that ran: the baseline, verify ok and a ratio to the baseline."""
    databases = ["sqlite"] + ([] if "[postgresql] skipped" in output else ["postgresql"])
    for label in databases:
        assert f"[{label}] baseline: bare driver read + SHA-256 + json.loads" in output
        assert re.search(rf"\[{label}\] verify_journal: \d+ events in .*; ok=True", output)
        ratio = re.search(rf"\[{label}\] ratio to baseline: (\d+\.\d+)x", output)
        assert ratio is not None and float(ratio.group(1)) > 0, output
        assert f"[{label}] posdisc journal verify: exit 0" in output


#: script: what else its tiny output must show
FIGURES = {"journal_verify.py": _journal_verify_figures}


def test_every_bench_script_is_run_here() -> None:
    assert sorted(TINY) == sorted(p.name for p in BENCH.glob("*.py"))


@pytest.mark.parametrize("script", sorted(TINY))
def test_the_bench_runs_at_a_tiny_size(script: str, tmp_path: Path) -> None:
    if script == "live_approvals.py" and not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"no Chromium at {CHROMIUM}: run .ci/install-chromium")
        pytest.skip("no Chromium")
    arguments, baseline = TINY[script]
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data")}
    result = subprocess.run(
        [sys.executable, str(BENCH / script), *arguments],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert baseline in result.stdout, result.stdout[-2000:]
    if script in FIGURES:
        FIGURES[script](result.stdout)
