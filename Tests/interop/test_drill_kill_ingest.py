"""Drill: ingests of a rotated, partly gzipped log set killed with SIGKILL at random moments.
After each kill a rerun completes, and every count in the store equals one clean ingest's,
exactly (no scan lost, none counted twice).

Bounded for CI (QRBUILD_DRILL_KILLS, default 12 kills); the long form is
`QRBUILD_DRILL_KILLS=200 pytest -s Tests/interop/test_drill_kill_ingest.py`.
"""
import gzip
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time

from conftest import ROOT
from test_analytics import all_totals, analytics, fixture_mmdb, synthetic_lines  # noqa: F401 (fixture)
from test_manifest import EXAMPLE, qrbuild

KILLS = int(os.environ.get("QRBUILD_DRILL_KILLS", "12"))
BINARY = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")
CODES = ["k3x9pq7m", "h7c2vx9d", "m4n8q2wt"]


def rotated_set(folder, lines):
    """access.log.3.gz (oldest), access.log.2.gz, access.log.1, access.log, as logrotate leaves them."""
    parts = [lines[i * len(lines) // 4:(i + 1) * len(lines) // 4] for i in range(4)]
    names = ["access.log.3.gz", "access.log.2.gz", "access.log.1", "access.log"]
    for name, part in zip(names, parts):
        data = "".join(part).encode()
        if name.endswith(".gz"):
            with gzip.open(folder / name, "wb") as handle:
                handle.write(data)
        else:
            (folder / name).write_bytes(data)
    return [folder / name for name in names]


def snapshot(project):
    return all_totals(project), [analytics(project, code, "--days", "5", "--end", "2026-05-22") for code in CODES]


def scanned(totals_csv):
    return sum(int(row.split(",")[1]) for row in totals_csv.splitlines()[1:] if row)


def test_killed_ingests_rerun_to_exact_counts(tmp_path, fixture_mmdb):  # noqa: F811
    lines = synthetic_lines(80_000, seed=31)
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(EXAMPLE, reference / "qrcodes.json")
    logs = rotated_set(reference, lines)
    started = time.monotonic()
    qrbuild(reference, "ingest", *logs, "--geoip", fixture_mmdb, "--block-size", "65536")
    clean_seconds = time.monotonic() - started
    expected = snapshot(reference)
    total = scanned(expected[0])
    assert total > 50_000

    project = tmp_path / "drill"
    project.mkdir()
    shutil.copy(EXAMPLE, project / "qrcodes.json")
    logs = rotated_set(project, lines)
    rng = random.Random(KILLS)
    kill_points = []
    finished = 0
    for _ in range(KILLS):
        shutil.rmtree(project / ".qrbuild", ignore_errors=True)
        # One to three kills in a row, each at a random moment, then a rerun to the end.
        for _ in range(rng.randrange(1, 4)):
            order = logs[:]
            rng.shuffle(order)
            process = subprocess.Popen([BINARY, "ingest", *map(str, order), "--geoip", str(fixture_mmdb), "--block-size", "65536"],
                                       cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(rng.uniform(0, clean_seconds * 0.9))
            if process.poll() is not None:
                finished += 1  # done before the signal: not a kill
                continue
            process.send_signal(signal.SIGKILL)
            process.wait()
            counted = scanned(all_totals(project)) if (project / ".qrbuild" / "analytics.sqlite").exists() else 0
            kill_points.append(counted / total)
        qrbuild(project, "ingest", *logs, "--geoip", fixture_mmdb, "--block-size", "65536")
        assert snapshot(project) == expected
        with sqlite3.connect(project / ".qrbuild" / "analytics.sqlite") as store:
            assert store.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    deciles = [sum(1 for point in kill_points if i / 10 <= point < (i + 1) / 10 or (i == 9 and point == 1)) for i in range(10)]
    print(f"drill: {KILLS} ingests, {len(kill_points)} kills ({finished} more ended before their signal); "
          f"share of the scans committed when killed, by tenth: {deciles}")
    assert len(kill_points) >= KILLS // 2
