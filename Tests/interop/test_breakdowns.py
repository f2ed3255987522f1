"""Scans broken down by device class, OS family, browser family, referring host, hour and
city: counted at ingest from real nginx logs (and the combined format), kept as aggregates
only, reported by `analytics --json` and `--csv`, exactly once however often a log is read,
and added in place to a store made before breakdowns existed."""
import csv
import datetime
import io
import json
import shutil
import sqlite3

import pytest

from nginx_server import NginxServer
from test_manifest import EXAMPLE, qrbuild

IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
ANDROID = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36"
INSTAGRAM = ("Mozilla/5.0 (iPhone; CPU iPhone OS 16_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 "
             "Instagram 290.0.0.13.76 (iPhone14,5; iOS 16_5; en_US; en; scale=3.00; 1170x2532; 489720907)")
IPAD = "Mozilla/5.0 (iPad; CPU OS 12_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/12.1 Mobile/15E148 Safari/604.1"
DESKTOP = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"


@pytest.fixture
def project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    return tmp_path


def report(project, code_id="k3x9pq7m", *args):
    return json.loads(qrbuild(project, "analytics", code_id, "--json", *args).stdout)


def as_dict(entries, key):
    return {entry[key]: entry["scans"] for entry in entries}


def test_breakdowns_from_real_nginx_scans(project, city_mmdb):
    qrbuild(project, "build", "--access-log", project / "access.log", "--site-root", project / "dist" / "site",
            "--trusted-proxy", "127.0.0.1")
    server = NginxServer(project, project / "dist").start()
    try:
        def scan(agent, address, referrer=None, code="k3x9pq7m"):
            headers = {"User-Agent": agent, "X-Forwarded-For": address}
            if referrer:
                headers["Referer"] = referrer
            assert server.get(f"/r/{code}", headers=headers)[0] == 302

        scan(IPHONE, "203.0.113.7")
        scan(IPHONE, "203.0.113.7")
        scan(ANDROID, "203.0.113.200", "https://WWW.Example.ORG:8443/posters?id=1#x")
        scan(INSTAGRAM, "198.51.100.4", "https://l.instagram.com/")
        scan(IPAD, "2001:db8::5")
        scan(DESKTOP, "192.0.2.9", "android-app://com.google.android.gm/")  # an app: its package names it
        scan(DESKTOP, "192.0.2.10", "not a url")
        scan("Twitterbot/1.0", "203.0.113.50", "https://t.co/x")  # a bot: counted apart, never broken down
        scan(IPHONE, "203.0.113.7", code="h7c2vx9d")
    finally:
        server.stop()
    qrbuild(project, "ingest", project / "access.log", "--geoip", city_mmdb)
    result = report(project)
    assert result["total"] == 7
    assert as_dict(result["devices"], "device") == {"phone": 4, "tablet": 1, "desktop": 2}
    assert as_dict(result["os"], "os") == {"iOS": 4, "Android": 1, "Windows": 2}
    assert as_dict(result["browsers"], "browser") == {"Mobile Safari": 3, "Chrome Mobile": 1, "Instagram": 1, "Chrome": 2}
    assert as_dict(result["referrers"], "referrer") == {"direct": 3, "www.example.org": 1, "l.instagram.com": 1,
                                                        "com.google.android.gm": 1, "other": 1}
    assert as_dict(result["cities"], "city") == {"Berlin, DE": 2, "München, DE": 1, "Lyon, FR": 1}
    hours = result["hours"]
    assert [entry["hour"] for entry in hours] == [f"{hour:02d}" for hour in range(24)]
    assert sum(entry["scans"] for entry in hours) == 7
    # Lists are most first, and the other code has its own.
    assert result["devices"][0] == {"device": "phone", "scans": 4}
    assert as_dict(report(project, "h7c2vx9d")["devices"], "device") == {"phone": 1}
    # Aggregates only: no agent, address or full referrer in the store.
    store = sqlite3.connect(project / ".qrbuild" / "analytics.sqlite")
    dump = "\n".join(store.iterdump())
    dump += "".join(bytes(blob).decode("latin-1") for (blob,) in store.execute("SELECT breakdowns FROM daily"))
    store.close()
    assert "l.instagram.com" in dump
    for secret in ["Pixel 8", "203.0.113", "posters?id", "Instagram 290"]:
        assert secret not in dump
    # Read again: nothing counted twice.
    qrbuild(project, "ingest", project / "access.log", "--geoip", city_mmdb)
    assert report(project) == result
    # --csv: the series, then every breakdown.
    rows = list(csv.reader(io.StringIO(qrbuild(project, "analytics", "k3x9pq7m", "--csv").stdout.decode())))
    assert rows[0] == ["kind", "value", "scans", "unique"]
    kinds = {row[0] for row in rows[1:]}
    assert kinds == {"day", "country", "device", "os", "browser", "referrer", "hour", "city"}
    assert ["browser", "Instagram", "1", ""] in rows
    table = qrbuild(project, "analytics", "k3x9pq7m").stdout.decode()
    assert "devices   phone 57%" in table


def test_combined_logs_and_hours_in_the_site_time_zone(project):
    qrbuild(project, "build")
    lines = [
        f'203.0.113.7 - - [21/May/2026:23:30:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "https://news.example.com/a" "{IPHONE}"',
        f'203.0.113.8 - - [21/May/2026:23:40:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "-" "{DESKTOP}"',
    ]
    (project / "access.log").write_text("\n".join(lines) + "\n")
    qrbuild(project, "ingest", project / "access.log", "--tz", "+02:00")
    result = report(project, "k3x9pq7m", "--end", "2026-05-22", "--days", "2", "--tz", "+02:00")
    assert as_dict(result["referrers"], "referrer") == {"news.example.com": 1, "direct": 1}
    assert as_dict(result["hours"], "hour")["01"] == 2  # 23:30 UTC is 01:30 at +02:00
    assert result["cities"] == []


def test_a_store_from_before_breakdowns_upgrades_in_place(project):
    qrbuild(project, "build")
    line = f'203.0.113.7 - - [21/May/2026:10:00:00 +0000] "GET /r/k3x9pq7m HTTP/1.1" 302 0 "-" "{IPHONE}"'
    (project / "access.log").write_text(line + "\n")
    qrbuild(project, "ingest", project / "access.log")
    # Make it the store an older qrbuild left: no breakdowns column, no record of the migration.
    path = project / ".qrbuild" / "analytics.sqlite"
    store = sqlite3.connect(path)
    store.execute("ALTER TABLE daily DROP COLUMN breakdowns")
    store.execute("DELETE FROM grdb_migrations WHERE identifier LIKE 'v2:%'")
    store.commit()
    store.close()
    before = report(project, "k3x9pq7m", "--end", "2026-05-21")
    assert before["total"] == 1 and before["devices"] == []
    (project / "access.log").write_text(line + "\n" + line.replace("10:00", "11:00").replace("203.0.113.7", "203.0.113.9") + "\n")
    qrbuild(project, "ingest", project / "access.log")
    after = report(project, "k3x9pq7m", "--end", "2026-05-21")
    # The old count is kept; the new scan has its breakdown.
    assert after["total"] == 2 and as_dict(after["devices"], "device") == {"phone": 1}


def test_a_city_database_adds_cities_to_a_log_that_has_countries(project, city_mmdb):
    """nginx's GeoIP country module writes the country into the log; a City database given to
    ingest still finds the cities. The log's country stands where the database has no city."""
    today = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")

    def line(address, country, second):
        return json.dumps({"time": f"{today}T00:00:{second:02d}+00:00", "addr": address, "forwarded": "", "method": "GET",
                           "path": "/r/k3x9pq7m", "status": 302, "agent": IPHONE, "referrer": "", "country": country, "proxy": "0"})
    (project / "access.log").write_text("\n".join([
        line("203.0.113.7", "DE", 1), line("203.0.113.7", "DE", 2), line("198.51.100.4", "FR", 3),
        line("2001:db8::5", "JP", 4), line("192.0.2.9", "AT", 5)]) + "\n")
    qrbuild(project, "build")
    qrbuild(project, "ingest", project / "access.log", "--geoip", city_mmdb)
    result = report(project)
    assert as_dict(result["cities"], "city") == {"Berlin, DE": 2, "Lyon, FR": 1}
    assert as_dict(result["countries"], "country") == {"DE": 2, "FR": 1, "JP": 1, "AT": 1}
