"""qrbuild ingest on lines of any length: each is one line (a scan if it is one, else
malformed), lines of 16 MiB or more are skipped without being kept, and the run goes on."""
import gzip
import os
import shutil
import subprocess
import time

import pytest

from conftest import ROOT
from test_manifest import EXAMPLE

MIB = 1 << 20
IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"


def scan(number, referrer="-"):
    """A combined-format scan of k3x9pq7m on 2026-05-21."""
    return (f'203.0.113.{number % 250} - - [21/May/2026:15:{number // 60 % 60:02d}:{number % 60:02d} +0000] '
            f'"GET /r/k3x9pq7m HTTP/1.1" 302 145 "{referrer}" "{IPHONE}"').encode()


def long_scan(number, length):
    """A scan of exactly `length` bytes: its referrer is padded."""
    padding = length - len(scan(number, ""))
    return scan(number, "https://example.com/?" + "r" * (padding - len("https://example.com/?")))


class Log:
    """A log written part by part, with the counts an ingest should report."""

    def __init__(self):
        self.parts, self.lines, self.scans, self.malformed = [], 0, 0, 0

    def add(self, line, is_scan):
        assert b"\n" not in line
        self.parts.append(line + b"\n")
        self.lines += 1
        self.scans += is_scan
        self.malformed += not is_scan

    def add_scan(self):
        self.add(scan(self.lines), True)


def long_line_log():
    log = Log()
    log.add_scan()
    for length in (4 * MIB - 1, 4 * MIB, 4 * MIB + 1):
        log.add(b"x" * length, False)
        log.add_scan()
        log.add(long_scan(log.lines, length), True)  # under the limit: a scan like any other
        log.add_scan()
    log.add(b"y" * (16 * MIB + 1), False)
    log.add_scan()
    log.add(long_scan(log.lines, 16 * MIB + 1), False)  # over the limit: skipped unread
    log.add_scan()
    log.add(b"z" * (50 * MIB), False)
    log.add_scan()
    # 50 MiB with no newline at the end: too long to be a line still being written.
    log.parts.append(b"t" * (50 * MIB))
    log.lines += 1
    log.malformed += 1
    return log


def binary():
    return os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")


def run_timed(cwd, *args):
    """Runs qrbuild, failing the test if it hangs; returns (stdout, stderr, seconds)."""
    started = time.monotonic()
    process = subprocess.Popen([binary(), *map(str, args)], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"qrbuild {' '.join(map(str, args))} still ran after 120 s")
    return stdout.decode(), stderr.decode(), time.monotonic() - started


@pytest.mark.parametrize("compression", ["plain", "gzip"])
def test_lines_of_any_length_are_counted_once_and_the_run_goes_on(tmp_path, compression):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    log = long_line_log()
    path = tmp_path / ("access.log" if compression == "plain" else "access.log.1.gz")
    opener = open if compression == "plain" else (lambda name, mode: gzip.open(name, mode, compresslevel=1))
    with opener(path, "wb") as out:
        for part in log.parts:
            out.write(part)

    stdout, stderr, seconds = run_timed(tmp_path, "ingest", path)
    assert seconds < 60, f"{seconds:.1f} s"
    assert (f"{log.lines} lines read, {log.scans} scans, 0 bots and previews, 0 for unknown ids, "
            f"0 other requests, {log.malformed} malformed") in stdout, stdout
    warnings = stderr.splitlines()
    assert len(warnings) == 5
    assert warnings[0] == f"qrbuild: warning: {path}:2: malformed line skipped: {'x' * 80}... ({4 * MIB - 1} bytes)"
    assert warnings[3] == f"qrbuild: warning: {path}:14: malformed line skipped: {'y' * 80}... ({16 * MIB + 1} bytes)"
    assert warnings[4].startswith(f"qrbuild: warning: {path}:16: malformed line skipped: 203.0.113.")
    assert warnings[4].endswith(f"... ({16 * MIB + 1} bytes)")

    # Exactly once: a second run reads nothing new.
    stdout, _, _ = run_timed(tmp_path, "ingest", path)
    assert f"0 lines read ({log.lines} counted before)" in stdout, stdout

    if compression == "plain":
        # nginx finishes the cut line and writes one more scan: only that scan is new.
        with open(path, "ab") as out:
            out.write(b"t" * 1000 + b"\n" + scan(7) + b"\n")
        stdout, _, _ = run_timed(tmp_path, "ingest", path)
        assert "1 lines read" in stdout and "1 scans" in stdout and "malformed" not in stdout, stdout


def test_memory_stays_bounded_on_a_huge_line(tmp_path):
    """A 200 MiB line is read past, never held: the run's peak memory is far below its size."""
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    path = tmp_path / "access.log"
    with open(path, "wb") as out:
        out.write(scan(1) + b"\n")
        for _ in range(200):
            out.write(b"h" * MIB)
        out.write(b"\n" + scan(2) + b"\n")
    # GNU time forks qrbuild from a small process of its own, so the peak it reports is
    # qrbuild's alone (a child forked straight from pytest inherits pytest's peak).
    result = subprocess.run(["/usr/bin/time", "-f", "peak %M", binary(), "ingest", str(path)], cwd=tmp_path,
                            capture_output=True, timeout=120)
    stdout, stderr = result.stdout.decode(), result.stderr.decode()
    assert "3 lines read, 2 scans" in stdout and "1 malformed" in stdout, stdout
    peak_mib = int(stderr.rsplit("peak ", 1)[1]) / 1024
    assert peak_mib < 120, f"peak resident memory {peak_mib:.0f} MiB for a 200 MiB line"


def test_each_line_is_read_in_its_own_format(tmp_path):
    """A blank or junk first line, or a log_format switched part-way, loses no scan."""
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    json_lines = open(os.path.join(ROOT, "examples", "access.log"), "rb").read()
    path = tmp_path / "access.log"
    path.write_bytes(b"\n\x00\x01 junk\n" + scan(1) + b"\n" + json_lines + scan(2) + b"\n")
    stdout, stderr, _ = run_timed(tmp_path, "ingest", path)
    # The bundled log alone: 12 lines, 9 scans, 1 bot, 1 unknown id, 1 other request.
    assert "16 lines read, 11 scans, 1 bots and previews, 1 for unknown ids, 1 other requests, 1 malformed" in stdout, stdout
    assert stderr.startswith(f"qrbuild: warning: {path}:2: malformed line skipped: ?? junk"), stderr


def test_a_compressed_log_cut_short_is_read_up_to_the_cut_and_the_rest_later(tmp_path):
    """logrotate may still be compressing access.log.1 when cron runs ingest: the whole
    lines before the cut are counted, the run goes on to the next log, and a later run on
    the finished file counts the rest, each scan once."""
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    log = Log()
    for _ in range(20_000):
        log.add_scan()
    text = b"".join(log.parts)
    whole = gzip.compress(text, compresslevel=6, mtime=0)
    partial = tmp_path / "access.log.1.gz"
    partial.write_bytes(whole[: len(whole) // 2])
    (tmp_path / "other.log").write_bytes(scan(1) + b"\n")
    stdout, stderr, _ = run_timed(tmp_path, "ingest", partial, tmp_path / "other.log")
    first = int(stdout.split(" lines read")[0].rsplit(" ", 1)[-1])
    assert 0 < first < log.lines, stdout
    assert "other.log: 1 lines read, 1 scans" in stdout, "the run goes on to the next log"
    assert f"qrbuild: warning: {partial}: decompress: truncated gzip input: read up to there" in stderr, stderr

    partial.write_bytes(whole)
    stdout, stderr, _ = run_timed(tmp_path, "ingest", partial)
    assert f"{log.lines - first} lines read ({first} counted before), {log.lines - first} scans" in stdout, stdout
    assert stderr == ""


def test_encoded_and_unnormalised_paths_count_as_nginx_answers_them(tmp_path):
    """nginx decodes %XX, merges slashes and resolves dot segments before it matches;
    a combined log holds the raw request, so ingest reads it the same way."""
    from nginx_server import NginxServer, header
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    subprocess.run([binary(), "build", "--access-log", str(tmp_path / "nginx.log"), "--site-root", str(tmp_path / "dist" / "site")],
                   cwd=tmp_path, check=True, capture_output=True)
    paths = ["/r/%6B3x9pq7m", "/r/%6b3X9PQ7M", "//r//k3x9pq7m", "/r/./k3x9pq7m", "/x/../r/k3x9pq7m", "/r/%2e/k3x9pq7m"]
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    try:
        for path in paths:
            status, headers, _ = server.get(path)
            assert (status, header(headers, "Location")) == (302, "https://example.com/spring?utm_source=poster"), path
    finally:
        server.stop()
    lines = [f'203.0.113.{n} - - [21/May/2026:15:00:0{n} +0000] "GET {path} HTTP/1.1" 302 0 "-" "{IPHONE}"'
             for n, path in enumerate(paths)]
    lines += [f'203.0.113.9 - - [31/Feb/2026:15:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "-" "{IPHONE}"',
              f'203.0.113.9 - - [31/Dec/9999:15:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "-" "{IPHONE}"',
              '{"time":"2026-02-30T12:00:00+00:00","path":"/r/k3x9pq7m","status":302,"agent":"x"}']
    (tmp_path / "access.log").write_text("\n".join(lines) + "\n")
    stdout, stderr, _ = run_timed(tmp_path, "ingest", tmp_path / "access.log")
    assert "9 lines read, 6 scans, 0 bots and previews, 0 for unknown ids, 0 other requests, 3 malformed" in stdout, stdout
