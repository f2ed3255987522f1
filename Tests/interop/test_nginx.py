"""Redirects on a real nginx, from the files `qrbuild build` writes."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import ROOT
from nginx_server import NginxServer, header
from test_manifest import EXAMPLE, qrbuild, tree

EXPECTED_HEADERS = {"server", "date", "content-type", "content-length", "connection", "location", "cache-control"}


@pytest.fixture
def served(tmp_path):
    """The example, built and served; yields (server, codes.json objects, project folder)."""
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    yield server, json.loads((tmp_path / "dist" / "codes.json").read_text()), tmp_path
    server.stop()


def test_every_example_code_answers_as_it_should(served):
    server, codes, _ = served
    for code in codes:
        if code["type"] != "dynamic":
            continue
        path = "/r/" + code["id"]
        status, headers, _ = server.get(path)
        assert header(headers, "Cache-Control") == "no-store", path
        if code["status"] == "inactive":
            assert status == 410, path
        elif code["dataType"] == "url":
            assert (status, header(headers, "Location")) == (302, code["destination"]), path
        else:
            assert (status, header(headers, "Location")) == (302, "https://qr.example.com/qr-pages/" + code["id"]), path
        assert status == server.get(path.upper().replace("/R/", "/r/"))[0], "ids match ignoring case"
    assert server.get("/r/zzzzzzzz")[0] == 404
    assert server.get("/r/")[0] == 404
    assert server.get("/r/k3x9pq7m/extra")[0] == 404


def test_scans_are_logged_as_json(served):
    server, _, project = served
    server.get("/r/k3x9pq7m?utm=x", headers={"User-Agent": 'Mozilla "quoted" \\ agent', "Referer": "https://ref.example/"})
    server.get("/r/p4q7x2m9")
    server.stop()
    lines = [json.loads(line) for line in (project / "access.log").read_text().splitlines()]
    assert [(entry["path"], entry["status"]) for entry in lines] == [("/r/k3x9pq7m", 302), ("/r/p4q7x2m9", 410)]
    assert lines[0]["agent"] == 'Mozilla "quoted" \\ agent' and lines[0]["referrer"] == "https://ref.example/"
    assert lines[0]["addr"] == "127.0.0.1" and lines[0]["method"] == "GET" and "T" in lines[0]["time"]


HOSTILE = [
    "https://example.com/a$http_host",
    "https://example.com/$request_uri/${host}",
    "https://example.com/q?x=$1&y=$$",
    'https://example.com/quote"inside',
    "https://example.com/back\\slash",
    "https://example.com/semi;colon{brace}",
    "https://example.com/space here",
    "https://example.com/'single'",
    "https://example.com/%0D%0ASet-Cookie:%20x=1",
    "https://example.com/ünïcödé/日本",
    "https://example.com/#frag$ment",
    "https://example.com/" + "a" * 4000,
]


def test_hostile_destinations_reach_location_exactly(tmp_path):
    ids = ["h2kk2m82", "h3kk2m83", "h4kk2m84", "h5kk2m85", "h6kk2m86", "h7kk2m87", "h8kk2m88", "h9kk2m89", "hakk2m8a",
           "hbkk2m8b", "hckk2m8c", "hdkk2m8d"]
    codes = [{"id": code_id, "name": f"hostile-{n}", "data": url} for n, (code_id, url) in enumerate(zip(ids, HOSTILE))]
    (tmp_path / "qrcodes.json").write_text(json.dumps({"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": codes}))
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    objects = {c["id"]: c for c in json.loads((tmp_path / "dist" / "codes.json").read_text())}
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    try:
        for code_id in ids:
            status, headers, _ = server.get("/r/" + code_id)
            assert status == 302
            location = header(headers, "Location")
            assert location == objects[code_id]["destination"], code_id
            assert "$" not in location or "$" in objects[code_id]["destination"]
            assert {name.lower() for name, _ in headers} <= EXPECTED_HEADERS, headers
    finally:
        server.stop()
    assert objects["h2kk2m82"]["destination"] == "https://example.com/a$http_host"
    assert objects["h5kk2m85"]["destination"] == "https://example.com/quote%22inside"
    assert objects["h6kk2m86"]["destination"] == "https://example.com/back%5Cslash"


def test_a_destination_too_long_for_nginx_is_refused(tmp_path):
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "codes": [{"id": "k3x9pq7m", "data": "https://example.com/" + "a" * 4100}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    result = qrbuild(tmp_path, "build", check=False)
    assert result.returncode == 65
    assert result.stderr.decode() == "qrbuild: error: qrcodes.json: codes[0].data: the destination is 4120 bytes; nginx takes at most 4096 in one value, so shorten it\n"


def test_changing_a_destination_is_a_reload_and_images_stay(served):
    server, _, project = served
    assert header(server.get("/r/k3x9pq7m")[1], "Location") == "https://example.com/spring?utm_source=poster"
    images = tree(project / "dist" / "images")
    qrbuild(project, "set-destination", "k3x9pq7m", "https://example.com/summer")
    qrbuild(project, "deactivate", "m4n8q2wt")
    qrbuild(project, "build", "--access-log", project / "access.log", "--site-root", project / "dist" / "site")
    server.reload()
    assert header(server.get("/r/k3x9pq7m")[1], "Location") == "https://example.com/summer"
    assert server.get("/r/m4n8q2wt")[0] == 410
    assert tree(project / "dist" / "images") == images


@pytest.mark.parametrize("count", [10_000, 100_000, 1_000_000])
def test_map_hash_is_sized_without_warnings(tmp_path, count):
    manifest = subprocess.run([os.path.join(ROOT, ".venv", "bin", "python"), os.path.join(ROOT, "bench", "make_manifest.py"),
                               str(count), "svg"], capture_output=True, check=True).stdout
    (tmp_path / "qrcodes.json").write_bytes(manifest)
    qrbuild(tmp_path, "nginx", "-o", "dist/nginx", "--access-log", tmp_path / "access.log")
    NginxServer(tmp_path, tmp_path / "dist").check()


def test_pages_for_codes_that_are_not_a_redirect(served):
    server, codes, _ = served
    card = next(c for c in codes if c["dataType"] == "vcard")
    status, headers, _ = server.get("/r/" + card["id"])
    page = header(headers, "Location").removeprefix("https://qr.example.com")
    status, headers, body = server.get(page)
    assert status == 200 and header(headers, "Content-Type") == "text/vcard; charset=utf-8"
    assert body.decode() == card["destination"] and body.startswith(b"BEGIN:VCARD\r\n")
    phone = next(c for c in codes if c["dataType"] == "phone")
    status, headers, body = server.get("/qr-pages/" + phone["id"])
    assert status == 200 and header(headers, "Content-Type") == "text/html; charset=utf-8"
    assert header(headers, "X-Content-Type-Options") == "nosniff"
    assert "default-src 'none'" in header(headers, "Content-Security-Policy")
    assert "frame-ancestors 'none'" in header(headers, "Content-Security-Policy")
    assert header(headers, "X-Frame-Options") == "DENY"
    assert b'href="tel:+14155550123"' in body and b"<script" not in body
    assert server.get("/qr-pages/zzzzzzzz")[0] == 404
    assert server.get("/qr-pages/../qrcodes.json")[0] in (400, 404)


def test_page_text_is_escaped_and_the_template_can_be_overridden(tmp_path):
    hostile = '<script>alert("x")</script> & \'quotes\''
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": [
        {"id": "t3x9pq7m", "dataType": "text", "data": hostile},
        {"id": "s3x9pq7m", "dataType": "sms", "data": {"number": "+14155550123", "message": '"><img src=x onerror=alert(1)>'}},
        {"id": "g3x9pq7m", "dataType": "geo", "data": {"latitude": 52.52, "longitude": 13.405}},
        {"id": "e3x9pq7m", "dataType": "email", "data": {"to": "a@example.com", "subject": "Hi <b>"}},
    ]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    pages = tmp_path / "dist" / "site" / "qr-pages"
    text = (pages / "t3x9pq7m.html").read_text()
    assert "<script>alert" not in text and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp;" in text
    sms = (pages / "s3x9pq7m.html").read_text()
    assert "<img" not in sms and 'href="sms:+14155550123?body=%22%3E%3Cimg' in sms
    geo = (pages / "g3x9pq7m.html").read_text()
    assert 'href="geo:52.52,13.405"' in geo and "openstreetmap.org/?mlat=52.52&amp;mlon=13.405" in geo
    assert 'href="mailto:a@example.com?subject=Hi%20%3Cb%3E"' in (pages / "e3x9pq7m.html").read_text()
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "landing.mustache").write_text("<p class=brand>{{heading}}|{{action}}</p>\n")
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    assert (pages / "g3x9pq7m.html").read_text() == "<p class=brand>Open the location|geo:52.52,13.405</p>\n"


def test_a_plain_url_under_password_is_refused(tmp_path):
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "codes": [{"id": "k3x9pq7m", "data": "https://example.com/secret", "secure": ["password"]}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    result = qrbuild(tmp_path, "build", check=False)
    assert result.returncode == 65
    assert "a password-protected code's data must be sealed by `qrbuild add --password-file`, never the plain URL" in result.stderr.decode()
    assert not (tmp_path / "dist").exists()


def test_fallback_for_inactive_codes_and_the_country_in_the_log(tmp_path):
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/", "status": 307,
                                           "fallback": "https://example.com/expired",
                                           "countryVariable": "$geoip2_data_country_code"},
                "codes": [{"id": "k3x9pq7m", "data": "https://example.com/live"},
                          {"id": "p4q7x2m9", "data": "https://example.com/old", "status": "inactive"}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    # This nginx has no GeoIP module: a map stands in for the variable its geoip2 block would set.
    stand_in = "map $http_x_country $geoip2_data_country_code { default $http_x_country; }"
    server = NginxServer(tmp_path, tmp_path / "dist", http_extra=stand_in).start()
    try:
        status, headers, _ = server.get("/r/k3x9pq7m", headers={"X-Country": "DE"})
        assert (status, header(headers, "Location")) == (307, "https://example.com/live")
        status, headers, _ = server.get("/r/p4q7x2m9")
        assert (status, header(headers, "Location")) == (307, "https://example.com/expired")
    finally:
        server.stop()
    lines = [json.loads(line) for line in (tmp_path / "access.log").read_text().splitlines()]
    assert [entry["country"] for entry in lines] == ["DE", ""]


@pytest.mark.parametrize("variable", ["$http_x_country", "$arg_c", "$cookie_session", "$remote_addr", "$geoip2_", "geoip2_x"])
def test_a_country_variable_a_client_could_set_is_refused(tmp_path, variable):
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/", "countryVariable": variable},
                "codes": [{"id": "k3x9pq7m", "data": "https://example.com/live"}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    result = qrbuild(tmp_path, "validate", check=False)
    assert result.returncode == 65
    assert f'redirect.countryVariable: "{variable}" is not a GeoIP variable: use $geoip_country_code' in result.stderr.decode()


@pytest.mark.parametrize("base,reason", [
    ("https://qr.example.com/", "is the host's root"),
    ("https://qr.example.com/qr-pages/", "lies under /qr-pages/"),
    ("https://qr.example.com/qr-pages/r/", "lies under /qr-pages/"),
    ("https://qr.example.com/r//", "has an empty segment"),
    ("https://qr.example.com//r/", "has an empty segment"),
    ("https://qr.example.com/./", 'has a "." segment'),
    ("https://qr.example.com/r/./", 'has a "." segment'),
    ("https://qr.example.com/r/../", "must be letters, digits"),
])
def test_a_redirect_path_nginx_would_refuse_or_never_match_is_refused(tmp_path, base, reason):
    manifest = {"version": 1, "redirect": {"base": base}, "codes": [{"id": "k3x9pq7m", "data": "https://example.com/live"}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    result = qrbuild(tmp_path, "validate", check=False)
    assert result.returncode == 65, result.stderr.decode()
    assert "qrcodes.json:1:" in result.stderr.decode() and "redirect.base: " in result.stderr.decode()
    assert reason in result.stderr.decode(), result.stderr.decode()


@pytest.mark.parametrize("proxy", [":::", "1::2::3", "10.0.0.0/+8", "10.0.0.0/-0", "10.0.0.0/08", "1.2.3", "1:2:3:4:5:6:7:8:9",
                                   "::ffff:1.2.3", "10.0.0.0/33", "2001:db8::/129", "01.2.3.4", "fe80::1%eth0"])
def test_a_trusted_proxy_nginx_would_refuse_is_a_usage_error(tmp_path, proxy):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    result = qrbuild(tmp_path, "nginx", "--trusted-proxy", proxy, check=False)
    assert result.returncode == 64, result.stderr.decode()
    assert result.stderr.decode() == (f'qrbuild: error: --trusted-proxy: "{proxy}" is not an IP address or CIDR range '
                                      "(e.g. 10.0.0.0/8 or 2001:db8::/32)\n")


def test_every_accepted_option_passes_nginx_and_trusting_everyone_warns(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    proxies = ["10.0.0.0/8", "192.168.1.7", "::1", "2001:db8::/32", "::ffff:10.1.2.3", "1:2:3:4:5:6:7:8", "1::", "0.0.0.0/0", "::/0", "10.9.9.9/0"]
    args = [arg for proxy in proxies for arg in ("--trusted-proxy", proxy)]
    result = qrbuild(tmp_path, "build", *args, "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    warnings = result.stderr.decode().splitlines()
    assert [line.split(" trusts ")[0] for line in warnings] == ["qrbuild: warning: --trusted-proxy 0.0.0.0/0",
                                                                "qrbuild: warning: --trusted-proxy ::/0",
                                                                "qrbuild: warning: --trusted-proxy 10.9.9.9/0"]
    NginxServer(tmp_path, tmp_path / "dist").check()
    for bad in ["/", "/var/log/", "/var/log/.."]:
        result = qrbuild(tmp_path, "nginx", "--access-log", bad, check=False)
        assert result.returncode == 64 and "must name a file" in result.stderr.decode()


def test_map_keys_nginx_cannot_take_are_refused_and_the_longest_it_can_loads(tmp_path):
    def manifest(path_bytes):
        segment = "a" * (path_bytes - 2)
        return {"version": 1, "redirect": {"base": f"https://qr.example.com/{segment}/"},
                "codes": [{"id": "k3x9pq7m", "data": "https://example.com/live"}]}
    # A key is the path and an eight-character id, in double quotes: at most 4,095 bytes.
    longest = 4095 - 2 - 8
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest(longest + 1)))
    result = qrbuild(tmp_path, "nginx", "-o", tmp_path / "dist" / "nginx", check=False)
    assert result.returncode == 65
    assert f"the redirect path is {longest + 1} bytes; with an id that makes map keys of 4096 bytes" in result.stderr.decode()
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest(longest)))
    qrbuild(tmp_path, "nginx", "-o", tmp_path / "dist" / "nginx")
    NginxServer(tmp_path, tmp_path / "dist").check()
