"""Drill: a log that is mostly hostile bytes around real scans. Ingest finishes, its memory
stays flat as the log grows, and the counts of the valid lines among the garbage are
exactly those of the valid lines alone.

Bounded for CI (QRBUILD_DRILL_MB, default 48 MB of log); the long form is
`QRBUILD_DRILL_MB=1024 pytest Tests/interop/test_drill_hostile_logs.py`.
"""
import os
import random
import shutil
import subprocess

from conftest import ROOT
from test_analytics import all_totals, analytics, fixture_mmdb, synthetic_lines  # noqa: F401 (fixture)
from test_manifest import EXAMPLE, qrbuild

DRILL_MB = int(os.environ.get("QRBUILD_DRILL_MB", "48"))
JSON_SCAN = ('{"time":"2026-05-20T09:%02d:00+00:00","addr":"198.51.100.%d","forwarded":"","method":"GET","path":"/r/h7c2vx9d",'
             '"status":302,"agent":"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Mobile/15E148","referrer":"",'
             '"country":"","proxy":"0","rule":""}\n')


def hostile_chunks(rng):
    """An endless cycle of the kinds of garbage a log can hold."""
    deep = ('{"a":' * 100_000 + "1" + "}" * 100_000).encode()
    while True:
        yield os.urandom(rng.randrange(1, 65_536))                                   # random bytes, newlines and all
        yield b"\x00" * rng.randrange(1, 4096)                                         # NULs
        yield b"GET /r/k3x9pq7m \xff\xfe\xc3\x28\xa0\xa1 \xf0\x28\x8c\xbc" * 50        # invalid UTF-8
        yield deep                                                                     # JSON nested 100,000 deep
        yield b'{"time":"2026-05-20T09:00:00+00:00","path":"/r/k3x9pq7m","status":302,"agent":"' + b"\\" * 9999  # escapes, unterminated
        yield b"203.0.113.9 - - [20/May/2026:09:00:00 +0000] \"GET /r/k3x9pq7m" + b"A" * rng.randrange(1, 200_000)  # a request never closed


def write_drill_log(path, valid, size_bytes, seed):
    """`valid` lines, each on a line of its own, among garbage until the file has `size_bytes`;
    one line of 10 MB among them."""
    rng = random.Random(seed)
    chunks = hostile_chunks(rng)
    garbage = max(0, size_bytes - 10_000_000)
    written = 0
    with open(path, "wb") as out:
        for index, line in enumerate(valid):
            if index == len(valid) // 2:
                out.write(b"\n" + bytes(rng.randrange(32, 127) for _ in range(1000)) * 10_000 + b"\n")  # a 10 MB line
            # Garbage spread evenly: before each valid line, what brings the file to its share.
            while written < garbage * (index + 1) // len(valid):
                chunk = next(chunks)
                out.write(chunk)
                written += len(chunk)
            out.write(b"\n" + line.encode() + b"\n")
        out.write(os.urandom(1000))  # and a last line without its newline


def ingest_peak_kb(project, log, geoip):
    binary = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")
    timing = project / "time.txt"
    completed = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(timing), binary, "ingest", str(log), "--geoip", str(geoip)],
                               cwd=project, capture_output=True, timeout=900)
    assert completed.returncode == 0, completed.stderr.decode()[-2000:]
    return int(timing.read_text().split()[-1]), completed


def test_hostile_log_counts_exactly_with_flat_memory(tmp_path, fixture_mmdb):  # noqa: F811
    valid = synthetic_lines(4000, seed=23) + [JSON_SCAN % (minute, minute) for minute in range(60)]
    random.Random(5).shuffle(valid)
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(EXAMPLE, reference / "qrcodes.json")
    (reference / "valid.log").write_text("".join(valid))
    qrbuild(reference, "ingest", reference / "valid.log", "--geoip", fixture_mmdb)
    assert analytics(reference, "h7c2vx9d", "--days", "5", "--end", "2026-05-22")["total"] > 60, "the valid lines are scans"

    peaks = []
    for share in (4, 1):
        project = tmp_path / f"drill-{share}"
        project.mkdir()
        shutil.copy(EXAMPLE, project / "qrcodes.json")
        log = project / "hostile.log"
        write_drill_log(log, valid, DRILL_MB * 1_000_000 // share, seed=share)
        peak, completed = ingest_peak_kb(project, log, fixture_mmdb)
        peaks.append(peak)
        assert all_totals(project) == all_totals(reference)
        for code in ["k3x9pq7m", "h7c2vx9d"]:
            assert analytics(project, code, "--days", "5", "--end", "2026-05-22") == analytics(reference, code, "--days", "5", "--end", "2026-05-22")
        summary = completed.stdout.decode()
        assert "malformed" in summary, summary
        warnings = completed.stderr.decode().splitlines()
        assert all(ord(c) < 127 for line in warnings for c in line), "reports stay printable"
    print(f"drill: {DRILL_MB} MB of hostile log, peak memory {peaks[0] // 1024} MB at a quarter of it, {peaks[1] // 1024} MB at all of it")
    # A log four times longer, mostly garbage: the same memory, give or take a block.
    assert peaks[1] <= peaks[0] * 1.25 + 16_000, peaks
