"""Smart redirects on a real nginx: rules by os, device, language and country, splits,
schedules (under faketime) and UTM tags, all from the files `qrbuild nginx` writes."""
import collections
import http.client
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time

import pytest

from nginx_server import NGINX, NginxServer, free_port, header
from test_manifest import qrbuild

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "data"))
from routing_agents import AGENTS  # noqa: E402

BASE = "https://qr.example.com/r/"
# A stand-in for the GeoIP2 module: the country comes from a test header. The real
# address comes from X-Forwarded-For (the realip module), so a test can be many visitors.
HTTP_EXTRA = """map $http_x_test_country $geoip2_data_country_code { default ""; "~^([A-Za-z]{2})$" $1; }
    set_real_ip_from 127.0.0.1;
    real_ip_header X-Forwarded-For;"""

OS_TARGETS = {os_name: f"https://example.com/os/{os_name}" for os_name in ["ios", "android", "windows", "macos", "linux", "other"]}
DEVICE_TARGETS = {device: f"https://example.com/device/{device}" for device in ["phone", "tablet"]}

CODES = [
    # Every os value, then the default.
    {"id": "bys22222", "name": "by-os", "data": "https://example.com/default",
     "rules": [{"when": {"os": name}, "to": url} for name, url in OS_TARGETS.items() if name != "other"]},
    {"id": "dev22222", "name": "by-device", "data": "https://example.com/device/desktop",
     "rules": [{"when": {"device": name}, "to": url} for name, url in DEVICE_TARGETS.items()]},
    {"id": "ang22222", "name": "by-language", "data": "https://example.com/lang/default",
     "rules": [{"when": {"language": "de-AT"}, "to": "https://example.com/lang/de-at"},
               {"when": {"language": ["de", "fr"]}, "to": "https://example.com/lang/de-fr"},
               {"when": {"language": "zh-Hant"}, "to": "https://example.com/lang/zh-hant"}]},
    {"id": "ctry2222", "name": "by-country", "data": "https://example.com/country/default",
     "rules": [{"when": {"country": ["FR", "be"]}, "to": "https://example.com/country/fr-be"}]},
    # First match wins: the country rule comes before the os rule.
    {"id": "frst2222", "name": "first-match", "data": "https://example.com/first/default",
     "rules": [{"when": {"country": "FR"}, "to": "https://example.com/first/fr"},
               {"when": {"os": "ios"}, "to": "https://example.com/first/ios"}]},
    # All conditions of one `when` must hold.
    {"id": "bth22222", "name": "combined", "data": "https://example.com/both/default",
     "rules": [{"when": {"os": "android", "device": "tablet", "language": "de"}, "to": "https://example.com/both/android-tablet-de"},
               {"when": {"os": "android"}, "to": "https://example.com/both/android"}]},
    {"id": "spt22222", "name": "split", "data": "https://example.com/split/never",
     "split": [{"to": "https://example.com/split/a", "weight": 70}, {"to": "https://example.com/split/b", "weight": 20},
               {"to": "https://example.com/split/c", "weight": 10}]},
    {"id": "pan22222", "name": "plain", "data": "https://example.com/plain"},
    {"id": "gne22222", "name": "inactive-with-rules", "data": "https://example.com/x", "status": "inactive",
     "rules": [{"when": {"os": "ios"}, "to": "https://example.com/x/ios"}]},
]


def write_manifest(folder, codes, redirect=None, defaults=None):
    manifest = {"version": 1, "redirect": redirect or {"base": BASE, "countryVariable": "$geoip2_data_country_code"}, "codes": codes}
    if defaults:
        manifest["defaults"] = defaults
    (folder / "qrcodes.json").write_text(json.dumps(manifest, indent=2))


def compile_nginx(folder):
    qrbuild(folder, "nginx", "--access-log", folder / "access.log", "--site-root", folder / "site")


@pytest.fixture(scope="module")
def routed(tmp_path_factory):
    folder = tmp_path_factory.mktemp("routing")
    write_manifest(folder, CODES)
    compile_nginx(folder)
    server = NginxServer(folder, folder / "dist", http_extra=HTTP_EXTRA).start()
    yield server, folder
    server.stop()


def location(server, code, **headers):
    status, response_headers, _ = server.get("/r/" + code, headers={key.replace("_", "-"): value for key, value in headers.items()})
    return status, header(response_headers, "Location")


def test_os_and_device_of_real_user_agents(routed):
    server, _ = routed
    assert len(AGENTS) >= 40
    wrong = []
    for agent, os_name, device in AGENTS:
        got_os = location(server, "bys22222", User_Agent=agent)
        want_os = (302, OS_TARGETS.get(os_name) if os_name != "other" else "https://example.com/default")
        got_device = location(server, "dev22222", User_Agent=agent)
        want_device = (302, DEVICE_TARGETS.get(device, "https://example.com/device/desktop"))
        if got_os != want_os or got_device != want_device:
            wrong.append((agent, got_os, want_os, got_device, want_device))
    assert wrong == []


def test_language_prefixes_and_first_choice(routed):
    server, _ = routed
    cases = {
        "de-AT,de;q=0.9,en;q=0.8": "de-at",
        "de-at": "de-at",           # the map ignores case
        "DE-AT-1996": "de-at",      # a longer tag under the prefix
        "de-CH,de;q=0.9": "de-fr",  # only the primary tag matches
        "de": "de-fr",
        "fr-BE": "de-fr",
        "zh-Hant-TW,zh;q=0.8": "zh-hant",
        "zh-Hans-CN": "default",
        "en-US,de;q=0.9": "default",  # the first choice decides
        "dee": "default",             # a prefix only at a subtag boundary
        "": "default",
        "*": "default",
    }
    for accept, expected in cases.items():
        assert location(server, "ang22222", Accept_Language=accept) == (302, f"https://example.com/lang/{expected}"), accept
    assert location(server, "ang22222") == (302, "https://example.com/lang/default")


def test_country_rules_and_first_match_order(routed):
    server, _ = routed
    assert location(server, "ctry2222", X_Test_Country="FR") == (302, "https://example.com/country/fr-be")
    assert location(server, "ctry2222", X_Test_Country="be") == (302, "https://example.com/country/fr-be")
    assert location(server, "ctry2222", X_Test_Country="DE") == (302, "https://example.com/country/default")
    assert location(server, "ctry2222") == (302, "https://example.com/country/default")
    iphone = AGENTS[0][0]
    assert location(server, "frst2222", X_Test_Country="FR", User_Agent=iphone) == (302, "https://example.com/first/fr")
    assert location(server, "frst2222", X_Test_Country="DE", User_Agent=iphone) == (302, "https://example.com/first/ios")
    assert location(server, "frst2222", X_Test_Country="FR") == (302, "https://example.com/first/fr")
    assert location(server, "frst2222") == (302, "https://example.com/first/default")


def test_combined_conditions_must_all_hold(routed):
    server, _ = routed
    tablet = "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"
    phone = "Mozilla/5.0 (Linux; Android 14; Pixel 8 Pro) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.6099.144 Mobile Safari/537.36"
    assert location(server, "bth22222", User_Agent=tablet, Accept_Language="de-DE") == (302, "https://example.com/both/android-tablet-de")
    assert location(server, "bth22222", User_Agent=tablet, Accept_Language="en") == (302, "https://example.com/both/android")
    assert location(server, "bth22222", User_Agent=phone, Accept_Language="de") == (302, "https://example.com/both/android")
    assert location(server, "bth22222", Accept_Language="de") == (302, "https://example.com/both/default")


def test_plain_and_inactive_codes_are_untouched(routed):
    server, _ = routed
    assert location(server, "pan22222", User_Agent=AGENTS[0][0]) == (302, "https://example.com/plain")
    assert location(server, "gne22222", User_Agent=AGENTS[0][0])[0] == 410
    assert location(server, "zzzz2222")[0] == 404


class KeepAlive:
    """Many requests over few connections (nginx closes one after 1,000 requests)."""

    def __init__(self, port):
        self.port, self.connection = port, None

    def get(self, path, headers):
        for _ in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
            try:
                self.connection.request("GET", path, headers=headers)
                response = self.connection.getresponse()
                response.read()
                if response.getheader("Connection", "").lower() == "close":
                    self.connection.close()
                    self.connection = None
                return response.status, response.getheader("Location")
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = None
        raise RuntimeError("nginx stopped answering")


def test_split_follows_the_weights_and_sticks_to_the_visitor(routed):
    server, _ = routed
    client = KeepAlive(server.port)
    rng = random.Random(7)
    counts = collections.Counter()
    visitors = []
    for index in range(10_000):
        address = f"10.{index >> 16 & 255}.{index >> 8 & 255}.{index & 255}"
        agent = rng.choice(AGENTS[:30])[0]
        status, target = client.get("/r/spt22222", {"X-Forwarded-For": address, "User-Agent": agent})
        assert status == 302
        counts[target] += 1
        if index % 500 == 0:
            visitors.append((address, agent, target))
    shares = {target.rsplit("/", 1)[1]: count / 100 for target, count in counts.items()}
    for variant, weight in {"a": 70, "b": 20, "c": 10}.items():
        assert abs(shares[variant] - weight) <= 2, shares
    for address, agent, target in visitors:
        for _ in range(3):
            assert client.get("/r/spt22222", {"X-Forwarded-For": address, "User-Agent": agent}) == (302, target)


UTM_CASES = [
    ("https://example.com/a", "https://example.com/a?utm_source=qr&utm_medium=print&utm_campaign=spring"),
    ("https://example.com/a?x=1", "https://example.com/a?x=1&utm_source=qr&utm_medium=print&utm_campaign=spring"),
    ("https://example.com/a#top", "https://example.com/a?utm_source=qr&utm_medium=print&utm_campaign=spring#top"),
    ("https://example.com/a?x=1#top", "https://example.com/a?x=1&utm_source=qr&utm_medium=print&utm_campaign=spring#top"),
    ("https://example.com/a?utm_source=poster", "https://example.com/a?utm_source=poster&utm_medium=print&utm_campaign=spring"),
    ("https://example.com/a?UTM_MEDIUM=x&y=2", "https://example.com/a?UTM_MEDIUM=x&y=2&utm_source=qr&utm_campaign=spring"),
]


def test_utm_tags_every_destination_once(tmp_path):
    codes = [{"id": "utm" + "abcdef"[index] + "2222", "name": f"utm-{index}", "data": data} for index, (data, _) in enumerate(UTM_CASES)]
    codes.append({"id": "utmrues2", "name": "tagged-rules", "data": "https://example.com/d", "tags": ["spring-poster"],
                  "rules": [{"when": {"os": "ios"}, "to": "https://apps.apple.com/app/id1?mt=8#x"}],
                  "schedule": {"until": "2099-01-01T00:00:00Z"},
                  "utm": {"campaign": "{tag}", "content": "{name}", "term": "a b&c=d#e\"$x'\\;ü<>"}})
    codes.append({"id": "utmhst22", "name": "hostile-target", "data": "https://example.com/h",
                  "rules": [{"when": {"os": "ios"}, "to": "https://example.com/a\"; return 200 \"x$host ${uri}"}]})
    codes.append({"id": "utmnne22", "name": "untagged", "data": "https://example.com/n", "utm": None})
    write_manifest(tmp_path, codes, redirect={"base": BASE}, defaults={"utm": {"source": "qr", "medium": "print", "campaign": "spring"}})
    compile_nginx(tmp_path)
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    try:
        for index, (_, expected) in enumerate(UTM_CASES):
            assert location(server, codes[index]["id"]) == (302, expected)
        hostile = "a%20b%26c%3Dd%23e%22%24x%27%5C%3B%C3%BC%3C%3E"
        tail = f"utm_source=qr&utm_medium=print&utm_campaign=spring-poster&utm_term={hostile}&utm_content=tagged-rules"
        assert location(server, "utmrues2", User_Agent=AGENTS[0][0]) == (302, "https://apps.apple.com/app/id1?mt=8&" + tail + "#x")
        assert location(server, "utmrues2") == (302, "https://example.com/d?" + tail)
        assert location(server, "utmnne22") == (302, "https://example.com/n")
        # A target that tries to end nginx's string or name a variable reaches the client as text.
        status, target = location(server, "utmhst22", User_Agent=AGENTS[0][0])
        assert status == 302 and target.startswith("https://example.com/a") and "$host" in target and "$%7Buri%7D" in target
        assert '"' not in target and " " not in target and "qr.example.com" not in target
    finally:
        server.stop()


def test_scan_log_names_the_rule_and_analytics_counts_them(tmp_path):
    codes = [dict(code) for code in CODES if code["id"] in ("bys22222", "spt22222", "pan22222")]
    write_manifest(tmp_path, codes)
    compile_nginx(tmp_path)
    server = NginxServer(tmp_path, tmp_path / "dist", http_extra=HTTP_EXTRA).start()
    iphone, android = AGENTS[0][0], AGENTS[14][0]
    try:
        chromebook = next(agent for agent, _, _ in AGENTS if "CrOS" in agent)
        for agent in [iphone, iphone, android, "Mozilla/5.0 (X11; Linux x86_64) Firefox/121.0", chromebook]:
            server.get("/r/bys22222", headers={"User-Agent": agent})
        for index in range(200):
            server.get("/r/spt22222", headers={"X-Forwarded-For": f"10.1.0.{index}", "User-Agent": iphone})
        server.get("/r/pan22222", headers={"User-Agent": iphone})
    finally:
        server.stop()
    lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
    assert [line["rule"] for line in lines[:5]] == ["r1", "r1", "r2", "r5", "d"]
    assert {line["rule"] for line in lines[5:205]} == {"v1", "v2", "v3"}
    assert lines[-1]["rule"] == ""
    qrbuild(tmp_path, "ingest", tmp_path / "access.log")
    report = json.loads(qrbuild(tmp_path, "analytics", "bys22222", "--json").stdout)
    assert {entry["rule"]: entry["scans"] for entry in report["rules"]} == {"r1": 2, "r2": 1, "r5": 1, "d": 1}
    described = {entry["rule"]: entry["to"] for entry in report["rules"]}
    assert described["r1"] == OS_TARGETS["ios"] and described["d"] == "https://example.com/default"
    split = json.loads(qrbuild(tmp_path, "analytics", "spt22222", "--json").stdout)
    variants = {entry["rule"]: entry["scans"] for entry in split["rules"]}
    assert sum(variants.values()) == 200 and set(variants) == {"v1", "v2", "v3"}
    assert json.loads(qrbuild(tmp_path, "analytics", "pan22222", "--json").stdout)["rules"] == []
    # The site's code page and data file show the same, each route with its destination.
    qrbuild(tmp_path, "build")
    page = (tmp_path / "dist" / "site" / "codes" / "bys22222.html").read_text()
    assert "Rules and variants" in page and "rule 1 → https://example.com/os/ios" in page and "default (data) → https://example.com/default" in page
    data = json.loads((tmp_path / "dist" / "site" / "data" / "bys22222.json").read_text())
    assert data["rules"] == report["rules"]
    assert "Rules and variants" not in (tmp_path / "dist" / "site" / "codes" / "pan22222.html").read_text()
    assert json.loads((tmp_path / "dist" / "site" / "data" / "all.json").read_text())["rules"] == []


# Schedules under faketime: nginx starts two seconds before a boundary and is asked a
# second before and a second after it, without a reload in between.
SCHEDULES = [
    # (from, until, boundary to cross in UTC, expected label before, after)
    ("2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z", "2027-03-01 00:00:00", "before", "during"),
    ("2027-03-01T00:00:00Z", "2027-04-01T00:00:00Z", "2027-04-01 00:00:00", "during", "after"),
    # The year changes in UTC at a boundary written with a negative offset...
    ("2027-12-31T19:00:00-05:00", None, "2028-01-01 00:00:00", "before", "during"),
    # ... and with a positive one; the window ends in a new year.
    (None, "2028-01-01T01:00:00+01:00", "2028-01-01 00:00:00", "during", "after"),
    # An offset with minutes, across a day.
    ("2027-06-30T23:30:00-02:30", None, "2027-07-01 02:00:00", "before", "during"),
]


@pytest.mark.skipif(shutil.which("faketime") is None, reason="needs Debian's faketime")
@pytest.mark.parametrize("start,until,boundary,before,after", SCHEDULES)
def test_schedule_switches_at_the_second_without_reload(tmp_path, start, until, boundary, before, after):
    schedule = {key: value for key, value in {"from": start, "until": until}.items() if value}
    if start:
        schedule["before"] = "https://example.com/soon"
    code = {"id": "schd2222", "name": "scheduled", "data": "https://example.com/during", "schedule": schedule}
    gone = {"id": "gne33333", "name": "no-after", "data": "https://example.com/during", "schedule": {k: v for k, v in schedule.items() if k != "before"}}
    write_manifest(tmp_path, [code, gone], redirect={"base": BASE})
    compile_nginx(tmp_path)
    server = NginxServer(tmp_path, tmp_path / "dist")
    server.check()
    epoch = int(subprocess.run(["date", "-u", "-d", boundary, "+%s"], capture_output=True, text=True, check=True).stdout)
    fake = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(epoch - 2))
    started = time.monotonic()
    server.process = subprocess.Popen(["faketime", fake, NGINX, "-c", str(server.conf), "-p", str(tmp_path), "-g", "daemon off;"],
                                      env={**os.environ, "TZ": "UTC"})
    expected = {"before": (302, "https://example.com/soon"), "during": (302, "https://example.com/during"), "after": None}
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                server.get("/r/pan22222")
                break
            except OSError:
                time.sleep(0.02)
        # One second before the boundary.
        time.sleep(max(0, started + 1.0 - time.monotonic()))
        assert time.monotonic() - started < 1.8, "nginx took too long to start for this test"
        first = location(server, "schd2222")
        first_gone = location(server, "gne33333")
        # One second after it.
        time.sleep(max(0, started + 3.0 - time.monotonic()))
        second = location(server, "schd2222")
        second_gone = location(server, "gne33333")
    finally:
        server.stop()
    for label, got, got_gone in [(before, first, first_gone), (after, second, second_gone)]:
        if label == "after":
            assert got[0] == 410 and got_gone[0] == 410
        elif label == "before":
            assert got == expected["before"] and got_gone[0] == 410
        else:
            assert got == expected["during"] and got_gone == expected["during"]
    times = [json.loads(line)["time"] for line in (tmp_path / "access.log").read_text().splitlines() if "schd2222" in line]
    assert len(times) == 2


def test_time_patterns_agree_with_number_order(tmp_path):
    """Every boundary's pattern, on a large random sample of $msec values near and far."""
    rng = random.Random(11)
    boundaries = [1, 9, 10, 99, 100, 1_000_000_000, 1_799_999_999, 1_800_000_000, 1_999_999_999, 2_000_000_000, 9_999_999_999,
                  10_000_000_000] + [rng.randrange(1_600_000_000, 4_200_000_000) for _ in range(30)]
    codes = [{"id": "t" + "".join(rng.choice("23456789abcdefghjkmnpqrstuvwxyz") for _ in range(7)), "name": f"t{index}",
              "data": "https://example.com/", "schedule": {"from": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))}}
             for index, seconds in enumerate(boundaries)]
    write_manifest(tmp_path, codes, redirect={"base": BASE})
    compile_nginx(tmp_path)
    text = (tmp_path / "dist" / "nginx" / "qrbuild-http.conf").read_text()
    found = re.findall(r'# (\S+): 1 from that second on\.\nmap \$msec \$qrbuild_t\d+ \{\n    default 0;\n    "~(.*?)" 1;', text)
    assert len(found) == len(boundaries)
    checked = 0
    for stamp, pattern in found:
        boundary = int(subprocess.run(["date", "-u", "-d", stamp, "+%s"], capture_output=True, text=True, check=True).stdout)
        regex = re.compile(pattern)
        samples = [boundary - 1, boundary, boundary + 1] + [rng.randrange(max(0, boundary - 10**k), boundary + 10**k) for k in range(11) for _ in range(150)]
        for value in samples:
            if value < 0:
                continue
            msec = f"{value}.{rng.randrange(1000):03d}"
            assert bool(regex.match(msec)) == (value >= boundary), (stamp, pattern, msec)
            checked += 1
    assert checked > 50_000


BAD = [
    ({"rules": [{"when": {"country": "FR"}, "to": "https://e.com/"}]}, None, "codes[0].rules[0].when.country", "countryVariable"),
    ({"rules": [{"when": {"os": "iOS"}, "to": "https://e.com/"}]}, None, "codes[0].rules[0].when.os", "\"ios\""),
    ({"rules": [{"when": {}, "to": "https://e.com/"}]}, None, "codes[0].rules[0].when", "no condition"),
    ({"rules": [{"when": {"language": "deutsch-de-at-x"}, "to": "https://e.com/"}]}, None, "codes[0].rules[0].when.language", "language tag"),
    ({"rules": [{"when": {"os": "ios"}, "to": "javascript:alert(1)"}]}, None, "codes[0].rules[0].to", ""),
    ({"rules": [{"when": {"os": "ios"}, "to": "https://e.com/" + "x" * 5000}]}, None, "codes[0].rules[0].to", "nginx takes at most"),
    ({"split": [{"to": "https://e.com/a", "weight": 60}, {"to": "https://e.com/b", "weight": 30}]}, None, "codes[0].split", "add up to 90"),
    ({"split": [{"to": "https://e.com/a", "weight": 100}]}, None, "codes[0].split", "at least two"),
    ({"split": [{"to": "https://e.com/a", "weight": 50.005}, {"to": "https://e.com/b", "weight": 49.995}]}, None, "codes[0].split[0].weight", "two decimals"),
    ({"schedule": {"from": "2027-03-01T00:00:00Z", "until": "2027-02-01T00:00:00Z"}}, None, "codes[0].schedule.until", "not after from"),
    ({"schedule": {"from": "2027-02-30T00:00:00Z"}}, None, "codes[0].schedule.from", "date and time"),
    ({"schedule": {"until": "2027-02-01T00:00:00Z", "before": "https://e.com/"}}, None, "codes[0].schedule.before", "no from"),
    ({"utm": {"source": "{nmae}"}}, None, "codes[0].utm.source", "{name}"),
    ({"utm": {"channel": "x"}}, None, "codes[0].utm.channel", "unknown key"),
    ({"type": "static", "name": "s", "rules": [{"when": {"os": "ios"}, "to": "https://e.com/"}]}, None, "codes[0].rules", "static"),
    ({"dataType": "text", "data": "hello", "rules": [{"when": {"os": "ios"}, "to": "https://e.com/"}]}, None, "codes[0].rules", "only url codes"),
]


@pytest.mark.parametrize("fields,redirect,path,words", BAD)
def test_bad_routing_is_a_clear_error(tmp_path, fields, redirect, path, words):
    code = {"id": "bad22222", "data": "https://example.com/", **fields}
    if code.get("type") == "static":
        del code["id"]
    write_manifest(tmp_path, [code], redirect=redirect or {"base": BASE})
    # `nginx` decodes the manifest as `validate` does, and also checks what only nginx limits.
    completed = qrbuild(tmp_path, "nginx", check=False)
    assert completed.returncode != 0
    message = completed.stderr.decode()
    assert path in message and words in message, message


def test_schema_show_and_codes_json_know_the_new_keys(tmp_path):
    write_manifest(tmp_path, [CODES[0], CODES[6]], defaults={"utm": {"source": "qr"}})
    schema = json.loads(qrbuild(tmp_path, "schema").stdout)
    code_properties = schema["properties"]["codes"]["items"]["properties"]
    assert {"rules", "split", "schedule", "utm"} <= set(code_properties)
    assert "utm" in schema["properties"]["defaults"]["properties"]
    import jsonschema
    jsonschema.validate(json.loads((tmp_path / "qrcodes.json").read_text()), schema)
    shown = json.loads(qrbuild(tmp_path, "show", "bys22222", "--json").stdout)
    assert [rule["to"] for rule in shown["rules"]] == [OS_TARGETS[name] for name in ["ios", "android", "windows", "macos", "linux"]]
    assert shown["rules"][0]["when"] == {"os": ["ios"]} and shown["utm"] == {"source": "qr"}
    qrbuild(tmp_path, "build")
    codes = {code["id"]: code for code in json.loads((tmp_path / "dist" / "codes.json").read_text())}
    assert [variant["weight"] for variant in codes["spt22222"]["split"]] == [70, 20, 10]
    assert "rules" not in codes["spt22222"] and codes["bys22222"]["rules"][1]["when"] == {"os": ["android"]}


def test_rules_command_edits_one_line_and_lists(tmp_path):
    manifest = tmp_path / "qrcodes.json"
    manifest.write_text("""{
  "version": 1,
  "redirect": { "base": "https://qr.example.com/r/", "countryVariable": "$geoip2_data_country_code" },
  "codes": [
    { "id": "a7pp4k2m", "name": "app", "data": "https://example.com/app",
      "rules": [
        { "when": { "os": "ios" }, "to": "https://apps.apple.com/app/id123" }
      ] },
    { "id": "k3x9pq7m", "name": "plain", "data": "https://example.com/plain" }
  ]
}
""")
    original = manifest.read_text()
    qrbuild(tmp_path, "rules", "a7pp4k2m", "add", "--os", "android", "--to", "https://play.google.com/store/apps/details?id=x")
    qrbuild(tmp_path, "rules", "a7pp4k2m", "add", "--language", "de", "--country", "at,ch", "--to", "https://example.com/de", "--at", "1")
    # Each new rule is one line in the list's style; the line before the last gains its comma.
    expected = original.replace(
        '        { "when": { "os": "ios" }, "to": "https://apps.apple.com/app/id123" }\n',
        '        { "when": { "language": "de", "country": ["AT", "CH"] }, "to": "https://example.com/de" },\n'
        '        { "when": { "os": "ios" }, "to": "https://apps.apple.com/app/id123" },\n'
        '        { "when": { "os": "android" }, "to": "https://play.google.com/store/apps/details?id=x" }\n')
    assert manifest.read_text() == expected
    listing = json.loads(qrbuild(tmp_path, "rules", "a7pp4k2m", "list", "--json").stdout)
    assert [rule["to"] for rule in listing["rules"]] == ["https://example.com/de", "https://apps.apple.com/app/id123",
                                                          "https://play.google.com/store/apps/details?id=x"]
    text = qrbuild(tmp_path, "rules", "a7pp4k2m", "list").stdout.decode()
    assert "1  language=de country=AT,CH → https://example.com/de" in text and "otherwise → https://example.com/app" in text
    # A new rules list on a code without one: one member added.
    qrbuild(tmp_path, "rules", "k3x9pq7m", "add", "--device", "tablet", "--to", "https://example.com/tablet")
    assert '"rules": [{ "when": { "device": "tablet" }, "to": "https://example.com/tablet" }]' in manifest.read_text()
    # Removing them all gives back the file as it was, byte for byte.
    qrbuild(tmp_path, "rules", "k3x9pq7m", "remove", "1")
    qrbuild(tmp_path, "rules", "a7pp4k2m", "remove", "3")
    qrbuild(tmp_path, "rules", "a7pp4k2m", "remove", "1")
    assert manifest.read_text() == original
    # Mistakes: a clear message, a non-zero exit, the manifest untouched.
    for args, words in [(["remove", "5"], "there is no rule 5"), (["add", "--os", "ios"], "--to"),
                        (["add", "--os", "beos", "--to", "https://e.com/"], "not one of"),
                        (["add", "--country", "FRA", "--to", "https://e.com/"], "country code"),
                        (["add", "--os", "ios", "--to", "ftp://e.com/"], "--to: scheme")]:
        completed = qrbuild(tmp_path, "rules", "a7pp4k2m", *args, check=False)
        assert completed.returncode != 0 and words in completed.stderr.decode(), (args, completed.stderr)
        assert manifest.read_text() == original
    assert qrbuild(tmp_path, "rules", "k3x9pq7m", "list").stdout.decode().startswith("k3x9pq7m (plain): 0 rules")
