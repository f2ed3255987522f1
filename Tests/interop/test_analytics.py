"""qrbuild ingest and analytics, end to end: real nginx logs, GeoIP databases, rotation, crashes."""
import datetime
import gzip
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import time

import maxminddb
import pytest
from mmdb_writer import MMDBWriter
from netaddr import IPSet

from conftest import ROOT
from nginx_server import NginxServer
from test_manifest import EXAMPLE, qrbuild

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/122.0 Mobile Safari/537.36"
BOTS = ["WhatsApp/2.24.6.77 A", "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
        "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)", "Twitterbot/1.0",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", "curl/8.5.0", "python-requests/2.31.0"]


@pytest.fixture
def project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    return tmp_path


@pytest.fixture(scope="session")
def fixture_mmdb(tmp_path_factory):
    """A small MaxMind-format country database with known IPv4 and IPv6 ranges."""
    path = tmp_path_factory.mktemp("geoip") / "fixture.mmdb"
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoIP2-Country")
    writer.insert_network(IPSet(["203.0.113.0/24"]), {"country": {"iso_code": "DE"}})
    writer.insert_network(IPSet(["198.51.100.0/24"]), {"country": {"iso_code": "FR"}})
    writer.insert_network(IPSet(["2001:db8::/32"]), {"country": {"iso_code": "JP"}})
    writer.to_db_file(str(path))
    return path


def analytics(project, code_id, *args):
    return json.loads(qrbuild(project, "analytics", code_id, "--json", *args).stdout)


def all_totals(project, *args):
    return qrbuild(project, "analytics", "--all", "--csv", *args).stdout.decode()


def test_real_nginx_scans_are_counted_exactly(project, fixture_mmdb):
    qrbuild(project, "build", "--access-log", project / "access.log", "--site-root", project / "dist" / "site",
            "--trusted-proxy", "127.0.0.1")
    server = NginxServer(project, project / "dist").start()
    try:
        def scan(path, agent, forwarded=None):
            headers = {"User-Agent": agent}
            if forwarded:
                headers["X-Forwarded-For"] = forwarded
            return server.get(path, headers=headers)[0]

        # k3x9pq7m: five scans by three people (one of them three times), from DE, FR and JP.
        for _ in range(3):
            assert scan("/r/k3x9pq7m", IPHONE, "203.0.113.7") == 302
        assert scan("/r/K3X9PQ7M", ANDROID, "10.1.1.1, 198.51.100.4") == 302  # the proxy's view: last address
        assert scan("/r/k3x9pq7m", IPHONE, "2001:db8::5") == 302
        for agent in BOTS:
            assert scan("/r/k3x9pq7m", agent, "203.0.113.50") == 302
        # h7c2vx9d: the same address with two browsers is two people.
        assert scan("/r/h7c2vx9d", IPHONE, "203.0.113.7") == 302
        assert scan("/r/h7c2vx9d", ANDROID, "203.0.113.7") == 302
        # A vcard code's scan is the redirect to its page; the page itself is not another scan.
        assert scan("/r/w8d2rt4n", IPHONE, "203.0.113.8") == 302
        scan("/qr-pages/w8d2rt4n.vcf", IPHONE, "203.0.113.8")
        # Not scans: an inactive code (410), unknown ids, a path below an id.
        assert scan("/r/p4q7x2m9", IPHONE, "203.0.113.7") == 410
        assert scan("/r/zzzzzzzz", IPHONE, "203.0.113.7") == 404
        assert scan("/r/k3x9pq7m/x", IPHONE, "203.0.113.7") == 404
    finally:
        server.stop()

    first = qrbuild(project, "ingest", project / "access.log", "--geoip", fixture_mmdb).stdout.decode()
    assert "18 lines read, 8 scans, 7 bots and previews, 1 for unknown ids, 2 other requests" in first, first
    today = datetime.datetime.now(datetime.timezone.utc).date().isoformat()
    result = analytics(project, "k3x9pq7m", "--days", "7")
    assert (result["id"], result["days"], result["total"], result["unique"]) == ("k3x9pq7m", 7, 5, 3)
    assert len(result["series"]) == 7 and result["series"][-1] == {"date": today, "scans": 5, "unique": 3}
    assert all(day == {"date": day["date"], "scans": 0, "unique": 0} for day in result["series"][:-1])
    assert result["countries"] == [{"country": "DE", "scans": 3}, {"country": "FR", "scans": 1}, {"country": "JP", "scans": 1}]
    assert analytics(project, "h7c2vx9d", "--days", "1")["unique"] == 2
    assert analytics(project, "w8d2rt4n", "--days", "1")["total"] == 1
    assert analytics(project, "p4q7x2m9", "--days", "1")["total"] == 0

    # Again: nothing new is counted.
    again = qrbuild(project, "ingest", project / "access.log", "--geoip", fixture_mmdb).stdout.decode()
    assert "0 lines read (18 counted before), 0 scans" in again
    assert analytics(project, "k3x9pq7m", "--days", "7") == result

    totals = all_totals(project).splitlines()
    assert totals[0] == "id,scans,unique,bots,firstDate,lastDate"
    assert f"k3x9pq7m,5,3,7,{today},{today}" in totals and "(unknown ids),1,0,0," + today + "," + today in totals

    # The store holds aggregates and hashes, never an address or a user agent.
    store = project / ".qrbuild" / "analytics.sqlite"
    raw = store.read_bytes() + b"".join(p.read_bytes() for p in store.parent.iterdir() if p.name.startswith("analytics.sqlite-"))
    for secret in [b"203.0.113.7", b"198.51.100.4", b"2001:db8::5", b"iPhone"]:
        assert secret not in raw
    with sqlite3.connect(store) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert {"daily", "visitors", "logs", "grdb_migrations"} <= tables

    text = qrbuild(project, "analytics", "k3x9pq7m", "--days", "7").stdout.decode()
    assert text.startswith("k3x9pq7m: 5 scans, 3 unique, 7 from bots and link previews, last 7 days")
    assert "DE            3  60.0%" in text


def test_forwarded_for_is_ignored_without_a_trusted_proxy(project, fixture_mmdb):
    qrbuild(project, "build", "--access-log", project / "access.log", "--site-root", project / "dist" / "site")
    server = NginxServer(project, project / "dist").start()
    try:
        for forged in ["203.0.113.1", "203.0.113.2", "2001:db8::1"]:
            server.get("/r/k3x9pq7m", headers={"User-Agent": IPHONE, "X-Forwarded-For": forged})
    finally:
        server.stop()
    qrbuild(project, "ingest", project / "access.log", "--geoip", fixture_mmdb)
    result = analytics(project, "k3x9pq7m", "--days", "1")
    assert (result["total"], result["unique"]) == (3, 1), "one client, whatever it claims"
    assert result["countries"] == [{"country": "unknown", "scans": 3}], "127.0.0.1 is in no database"


def combined_line(when, address, path, status=302, agent=IPHONE):
    stamp = when.strftime("%d/%b/%Y:%H:%M:%S +0000")
    return f'{address} - - [{stamp}] "GET {path} HTTP/1.1" {status} 0 "-" "{agent}"\n'


def synthetic_lines(count, seed=7):
    """Combined-format lines over three days: scans, bots, unknown ids and other requests."""
    rng = random.Random(seed)
    ids = ["k3x9pq7m", "h7c2vx9d", "m4n8q2wt", "w8d2rt4n"]
    start = datetime.datetime(2026, 5, 19, 22, tzinfo=datetime.timezone.utc)
    lines = []
    for index in range(count):
        when = start + datetime.timedelta(seconds=index * 200_000 // count)
        roll = rng.random()
        address = rng.choice(["203.0.113.%d" % rng.randrange(20), "198.51.100.%d" % rng.randrange(5), "2001:db8::%x" % rng.randrange(9)])
        if roll < 0.75:
            lines.append(combined_line(when, address, "/r/" + rng.choice(ids), agent=rng.choice([IPHONE, ANDROID])))
        elif roll < 0.9:
            lines.append(combined_line(when, address, "/r/" + rng.choice(ids), agent=rng.choice(BOTS)))
        elif roll < 0.95:
            lines.append(combined_line(when, address, "/r/unknown%d" % rng.randrange(3), status=404))
        else:
            lines.append(combined_line(when, address, "/favicon.ico", status=404))
    return lines


def reference_totals(tmp_path_factory, lines, fixture_mmdb):
    """What one clean ingest of `lines` gives."""
    folder = tmp_path_factory.mktemp("reference")
    shutil.copy(EXAMPLE, folder / "qrcodes.json")
    (folder / "all.log").write_text("".join(lines))
    qrbuild(folder, "ingest", folder / "all.log", "--geoip", fixture_mmdb)
    return all_totals(folder), [analytics(folder, "k3x9pq7m", "--days", "5", "--end", "2026-05-22")]


def test_rotation_in_any_order_counts_every_scan_once(project, tmp_path_factory, fixture_mmdb):
    lines = synthetic_lines(800)
    log = project / "access.log"
    ingest = lambda *logs: qrbuild(project, "ingest", *logs, "--geoip", fixture_mmdb)
    log.write_text("".join(lines[:300]))
    ingest(log)
    with open(log, "a") as handle:
        handle.write("".join(lines[300:500]))
    os.rename(log, project / "access.log.1")  # logrotate: rename, new file
    log.write_text("".join(lines[500:700]))
    ingest(log, project / "access.log.1")  # the new file first
    with open(project / "access.log.1", "rb") as source, gzip.open(project / "access.log.2.gz", "wb") as target:
        target.write(source.read())  # delaycompress: the old one compressed later
    os.remove(project / "access.log.1")
    with open(log, "a") as handle:
        handle.write("".join(lines[700:]))
    ingest(project / "access.log.2.gz", log)
    ingest(log, project / "access.log.2.gz")  # and once more, all of it known
    expected_totals, expected_series = reference_totals(tmp_path_factory, lines, fixture_mmdb)
    assert all_totals(project) == expected_totals
    assert [analytics(project, "k3x9pq7m", "--days", "5", "--end", "2026-05-22")] == expected_series
    assert "k3x9pq7m,0" not in expected_totals


def test_killed_mid_ingest_then_rerun_counts_every_scan_once(project, tmp_path_factory, fixture_mmdb):
    lines = synthetic_lines(60_000, seed=11)
    log = project / "access.log"
    log.write_text("".join(lines))
    binary = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")
    # Kills at fractions of a clean run's time: a release binary reads this log in a tenth
    # of the debug binary's time.
    started = time.monotonic()
    qrbuild(project, "ingest", log, "--geoip", fixture_mmdb, "--block-size", "65536", "--store", tmp_path_factory.mktemp("timing") / "a.sqlite")
    clean = time.monotonic() - started
    killed = 0
    for delay in [clean * 0.25, clean * 0.5, clean * 0.75]:
        process = subprocess.Popen([binary, "ingest", str(log), "--geoip", str(fixture_mmdb), "--block-size", "65536"],
                                   cwd=project, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            killed += 1
        process.wait()
    qrbuild(project, "ingest", log, "--geoip", fixture_mmdb)
    expected_totals, expected_series = reference_totals(tmp_path_factory, lines, fixture_mmdb)
    assert all_totals(project) == expected_totals
    assert [analytics(project, "k3x9pq7m", "--days", "5", "--end", "2026-05-22")] == expected_series
    assert killed >= 1, "the log was too small to interrupt"


def test_concurrent_ingests_are_safe(project, tmp_path_factory, fixture_mmdb):
    lines = synthetic_lines(20_000, seed=5)
    log = project / "access.log"
    log.write_text("".join(lines))
    binary = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")
    runs = [subprocess.Popen([binary, "ingest", str(log), "--geoip", str(fixture_mmdb), "--block-size", "65536"],
                             cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE) for _ in range(3)]
    assert all(run.wait(timeout=120) == 0 for run in runs)
    expected_totals, _ = reference_totals(tmp_path_factory, lines, fixture_mmdb)
    assert all_totals(project) == expected_totals


HOSTILE = [
    ('{"time":"2026-05-21T10:00:00+00:00","path":"/r/k3x9pq7m","status":302', "malformed"),  # truncated JSON
    ('{"time":"2026-05-21T10:00:00+00:00","path":"/r/k3x9pq7m","status":302,"agent":"unterminated}', "malformed"),
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1 302 0 "-" "x"', "malformed"),  # broken quotes
    ("\x00\x00\x00 binary \x01\x02", "malformed"),
    ("x" * 1_000_000, "malformed"),
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "GET /r/\'%3BDROP%20TABLE%20daily HTTP/1.1" 404 0 "-" "Mozilla/5.0 (iPhone)"', "unknown"),
    # %2F is a slash to nginx: two segments under /r/, so not an id at all.
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "GET /r/<script>alert(1)<%2Fscript> HTTP/1.1" 404 0 "-" "Mozilla/5.0 (iPhone)"', "other"),
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "-" "Mozilla/5.0 (iPhone)"', "scan"),
    ('203.0.113.2 - - [21/May/2026:10:00:00 +0000] "GET /r/K3X9PQ7M HTTP/1.1" 302 0 "-" "Mozilla/5.0 \\"quoted\\" (iPhone)"', "scan"),
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "HEAD /r/k3x9pq7m HTTP/1.1" 302 0 "-" "Mozilla/5.0 (iPhone)"', "other"),
    ('203.0.113.1 - - [21/May/2026:10:00:00 +0000] "GET /robots.txt HTTP/1.1" 404 0 "-" "Mozilla/5.0 (iPhone)"', "other"),
]


def test_malformed_and_hostile_lines_are_counted_and_reported(project, fixture_mmdb):
    log = project / "hostile.log"
    payload = b"".join(line.encode("latin-1") + b"\n" for line, _ in HOSTILE[:-4])
    # Invalid UTF-8 inside an otherwise good line: still a line, still a scan of a known code.
    payload += HOSTILE[-4][0].encode() + b"\n" + HOSTILE[-3][0].replace("(iPhone)", "(iPhone \xff\xfe)").encode("latin-1") + b"\n"
    payload += b"".join(line.encode() + b"\n" for line, _ in HOSTILE[-2:])
    # The first line decides the format: put a good combined line first.
    log.write_bytes(HOSTILE[-4][0].encode() + b"\n" + payload)
    result = qrbuild(project, "ingest", log, "--geoip", fixture_mmdb)
    summary = result.stdout.decode()
    assert "12 lines read, 3 scans, 0 bots and previews, 1 for unknown ids, 3 other requests, 5 malformed" in summary, summary
    warnings = result.stderr.decode().splitlines()
    assert len(warnings) == 5
    assert warnings[0].startswith(f"qrbuild: warning: {log}:2: malformed line skipped: ")
    assert warnings[4].startswith(f"qrbuild: warning: {log}:6: malformed line skipped: xxxx") and "(1000000 bytes)" in warnings[4]
    assert all(ord(c) < 127 for line in warnings for c in line), "reports are printable"
    assert analytics(project, "k3x9pq7m", "--days", "1", "--end", "2026-05-21")["total"] == 3
    with sqlite3.connect(project / ".qrbuild" / "analytics.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM daily").fetchone()[0] >= 1, "the table survived the forged id"
        codes = {row[0] for row in db.execute("SELECT code FROM daily")}
        assert codes == {"k3x9pq7m", ""}, "forged ids are counted as unknown, never stored"


def test_geolite2_lookups_agree_with_the_python_reader(project):
    import _maxminddb_geolite2  # the database file of the PyPI package maxminddb-geolite2
    path = os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), "GeoLite2-City.mmdb")
    addresses = ["8.8.8.8", "81.2.69.142", "2a02:2e0:3fe:1001:302::"]
    with maxminddb.open_database(path) as reader:
        expected = {a: ((reader.get(a) or {}).get("country") or {}).get("iso_code") for a in addresses}
    assert expected["8.8.8.8"] and expected["81.2.69.142"], expected
    log = project / "geo.log"
    when = datetime.datetime(2026, 5, 21, 12, tzinfo=datetime.timezone.utc)
    log.write_text("".join(combined_line(when, address, "/r/k3x9pq7m") for address in addresses))
    qrbuild(project, "ingest", log, "--geoip", path)
    countries = analytics(project, "k3x9pq7m", "--days", "1", "--end", "2026-05-21")["countries"]
    counted = {}
    for address, country in expected.items():
        counted[country or "unknown"] = counted.get(country or "unknown", 0) + 1
    assert {entry["country"]: entry["scans"] for entry in countries} == counted


def test_usage_errors(project):
    assert qrbuild(project, "analytics", "k3x9pq7m", "--days", "0", check=False).returncode == 64
    assert qrbuild(project, "analytics", "k3x9pq7m", "--days", "91", check=False).returncode == 64
    missing = qrbuild(project, "analytics", "zzzzzzzz", check=False)
    assert missing.returncode == 65 and "no dynamic code with id" in missing.stderr.decode()
    assert qrbuild(project, "ingest", project / "nope.log", check=False).returncode == 74
    bad_geoip = qrbuild(project, "ingest", EXAMPLE, "--geoip", EXAMPLE, check=False)
    assert bad_geoip.returncode == 74 and "GeoIP database" in bad_geoip.stderr.decode()
    assert qrbuild(project, "ingest", EXAMPLE, "--tz", "Mars/Base", check=False).returncode == 64


def test_every_compression_reads_the_same(project, tmp_path_factory, fixture_mmdb):
    import bz2
    import lzma
    lines = synthetic_lines(400, seed=3)
    text = "".join(lines).encode()
    writers = {"access.log.1.gz": gzip.compress, "access.log.2.bz2": bz2.compress, "access.log.3.xz": lzma.compress}
    expected_totals, _ = reference_totals(tmp_path_factory, lines, fixture_mmdb)
    for name, compress in writers.items():
        folder = tmp_path_factory.mktemp(name.replace(".", "-"))
        shutil.copy(EXAMPLE, folder / "qrcodes.json")
        (folder / name).write_bytes(compress(text))
        summary = qrbuild(folder, "ingest", folder / name, "--geoip", fixture_mmdb).stdout.decode()
        assert "400 lines read" in summary, (name, summary)
        assert all_totals(folder) == expected_totals, name


def test_the_logs_own_country_wins_and_days_follow_tz(project, fixture_mmdb):
    def line(time, address, country):
        return json.dumps({"time": time, "addr": address, "forwarded": "", "method": "GET", "path": "/r/k3x9pq7m",
                           "status": 302, "agent": IPHONE, "referrer": "", "country": country}) + "\n"
    log = project / "geo.log"
    log.write_text(line("2026-05-21T12:00:00+00:00", "203.0.113.1", "FR")   # the log says FR; the database DE
                   + line("2026-05-21T12:00:01+00:00", "203.0.113.2", "")   # no country: the database's DE
                   + line("2026-05-21T12:00:02+00:00", "192.0.2.1", "-")    # neither: unknown
                   + line("2026-05-21T23:30:00+00:00", "203.0.113.3", ""))  # the 22nd in Berlin (UTC+2)
    qrbuild(project, "ingest", log, "--geoip", fixture_mmdb, "--tz", "Europe/Berlin")
    result = analytics(project, "k3x9pq7m", "--days", "2", "--end", "2026-05-22")
    assert [(day["date"], day["scans"]) for day in result["series"]] == [("2026-05-21", 3), ("2026-05-22", 1)]
    assert result["countries"] == [{"country": "DE", "scans": 2}, {"country": "FR", "scans": 1}, {"country": "unknown", "scans": 1}]


def test_the_bundled_example_log(project):
    shutil.copy(os.path.join(ROOT, "examples", "access.log"), project / "access.log")
    summary = qrbuild(project, "ingest", project / "access.log").stdout.decode()
    assert "12 lines read, 9 scans, 1 bots and previews, 1 for unknown ids, 1 other requests" in summary
    result = analytics(project, "k3x9pq7m", "--days", "7", "--end", "2026-05-21")
    assert (result["total"], result["unique"]) == (6, 5)
    assert result["countries"][0] == {"country": "DE", "scans": 3}
