"""The static site `build` and `site` write: gallery, code, tag and dashboard pages in
headless Chromium (no console error, no CSP violation, screenshots at 360 and 1280 px kept
in test-artifacts/), axe-core accessibility, a crawl of every link, numbers equal to
`analytics --json`, escaping, and byte-identical output for the same inputs."""
import html.parser
import json
import os
import re
import shutil
import struct
import subprocess
from urllib.parse import urldefrag, urljoin, urlparse

import pytest
from axe_selenium_python import Axe

from conftest import ROOT, chromium, zbar_decode, zxing_decode
from test_manifest import EXAMPLE, qrbuild

ARTIFACTS = os.path.join(ROOT, "test-artifacts")
EXAMPLES = os.path.join(ROOT, "examples")


@pytest.fixture
def site(tmp_path, city_mmdb):
    """The example built, its log ingested (with a City database: countries on the map, and
    cities), and the site rewritten with the numbers."""
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    shutil.copy(os.path.join(EXAMPLES, "access.log"), tmp_path / "access.log")
    qrbuild(tmp_path, "build")
    qrbuild(tmp_path, "ingest", "access.log", "--geoip", city_mmdb)
    qrbuild(tmp_path, "site")
    return tmp_path


@pytest.fixture
def browser():
    driver = chromium("--hide-scrollbars")
    yield driver
    driver.quit()


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_page_loads_cleanly_and_is_looked_at(site, browser):
    os.makedirs(ARTIFACTS, exist_ok=True)
    pages = {"gallery": "index.html", "code": "codes/k3x9pq7m.html", "dashboard": "dashboard.html", "tag": "tags/spring-2026.html"}
    for name, page in pages.items():
        for width in (360, 1280):
            browser.set_window_size(width, 1000)
            browser.get((site / "dist" / "site" / page).as_uri())
            height = browser.execute_script("return document.documentElement.scrollHeight")
            browser.set_window_size(width, min(height, 6000))
            browser.save_screenshot(os.path.join(ARTIFACTS, f"site-{name}-{width}.png"))
            problems = [entry for entry in browser.get_log("browser") if entry["level"] in ("SEVERE", "WARNING")]
            assert not problems, (page, problems)
            # Nothing overflows a phone's width.
            overflow = browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (page, width, overflow)


def test_accessibility(site, browser):
    for page in ["index.html", "codes/k3x9pq7m.html", "dashboard.html"]:
        browser.set_window_size(1280, 1000)
        browser.get((site / "dist" / "site" / page).as_uri())
        axe = Axe(browser)
        axe.inject()
        results = axe.run()
        serious = [violation for violation in results["violations"] if violation["impact"] in ("serious", "critical")]
        assert not serious, (page, [(v["id"], v["help"], [node["target"] for node in v["nodes"]][:3]) for v in serious])


def test_the_gallery_filters_without_a_server(site, browser):
    browser.set_window_size(1280, 1000)
    browser.get((site / "dist" / "site" / "index.html").as_uri())
    search = browser.find_element("id", "filter-text")
    search.send_keys("flyer")
    shown = [card for card in browser.find_elements("css selector", ".code-card") if card.is_displayed()]
    assert {card.find_element("css selector", "h2").text for card in shown} == {"flyer-a5", "flyer-a6", "old-flyer"}


def test_a_crawl_finds_no_broken_link(site):
    root = site / "dist" / "site"
    start = (root / "index.html").as_uri()
    seen, queue = set(), [start]
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        path = urlparse(url).path
        assert os.path.isfile(path), f"broken link to {path}"
        if not path.endswith(".html"):
            continue
        parser = Links()
        parser.feed(open(path, encoding="utf-8").read())
        for link in parser.links:
            if link.startswith(("http:", "https:", "mailto:", "tel:", "data:")):
                continue
            target = urldefrag(urljoin(url, link))[0]
            assert target.startswith(root.as_uri()), f"{path} links outside the site: {link}"
            queue.append(target)
    pages = {urlparse(url).path for url in seen}
    assert str(root / "codes" / "k3x9pq7m.html") in pages and str(root / "tags" / "spring-2026.html") in pages
    assert str(root / "data" / "k3x9pq7m.json") in pages and str(root / "images" / "k3x9pq7m.png") in pages
    assert str(root / "world.svg") in pages


def test_numbers_equal_analytics_and_the_site_is_deterministic(site):
    root = site / "dist" / "site"
    data = json.loads((root / "data" / "k3x9pq7m.json").read_text())
    last = data["series"][-1]["date"]
    expected = json.loads(qrbuild(site, "analytics", "k3x9pq7m", "--json", "--days", "90", "--end", last).stdout)
    assert data == expected
    page = (root / "codes" / "k3x9pq7m.html").read_text()
    # The map shades exactly the countries the numbers have, the busiest darkest, over the
    # shared land outlines; the list names them.
    shaded = {code: (int(shade), int(scans)) for shade, code, scans in
              re.findall(r'<path class="m(\d)" d="[^"]+"><title>[^<(]+\((\w\w)\): (\d+) scans?</title>', page)}
    countries = {entry["country"]: entry["scans"] for entry in data["countries"] if entry["country"] != "unknown"}
    assert {code: scans for code, (_, scans) in shaded.items()} == countries and len(countries) >= 2
    assert shaded[max(countries, key=countries.get)][0] == 5
    assert '<image href="../world.svg"' in page and "Germany (DE)" in page
    assert (root / "world.svg").read_text().startswith("<svg")
    assert f'<p class="big">{sum(day["scans"] for day in data["series"][-30:])}</p>' in page
    first = {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
    qrbuild(site, "site")
    second = {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
    assert first == second
    # The build writes the same site, landing pages kept.
    qrbuild(site, "build")
    third = {path.relative_to(root): path.read_bytes() for path in root.rglob("*") if path.is_file()}
    assert third == first


def test_without_numbers_and_with_hostile_text(tmp_path):
    manifest = json.loads(open(EXAMPLE).read())
    manifest["codes"].append({"type": "static", "name": "note", "dataType": "text", "data": "<script>alert(1)</script> & \"quotes\""})
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    qrbuild(tmp_path, "build")
    root = tmp_path / "dist" / "site"
    gallery = (root / "index.html").read_text()
    assert "<script>alert" not in gallery and "&lt;script&gt;alert(1)&lt;/script&gt;" in gallery
    code = (root / "codes" / "k3x9pq7m.html").read_text()
    assert "No scans yet" in code and "qrbuild ingest" in code
    assert not (root / "data").exists()
    # Password codes never show their destination; encrypted ones say so.
    for path in (root / "codes").iterdir():
        assert "correct horse" not in path.read_text()  # the Wi-Fi password stays in the image only


def test_a_code_page_shows_its_destination_history_from_git(tmp_path):
    manifest = json.loads(open(EXAMPLE).read())
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    env = {**os.environ, "GIT_AUTHOR_NAME": "Ada & Co", "GIT_AUTHOR_EMAIL": "ada@example.com",
           "GIT_COMMITTER_NAME": "Ada", "GIT_COMMITTER_EMAIL": "ada@example.com", "GIT_AUTHOR_DATE": "2026-03-01T10:00:00Z"}
    def git(*args, **extra):
        subprocess.run(["git", "-C", str(tmp_path), *args], check=True, capture_output=True, env={**env, **extra})
    git("init", "-q")
    git("add", "qrcodes.json")
    git("commit", "-q", "-m", "codes")
    manifest["codes"][0]["data"] = "https://example.com/spring-sale"
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    git("commit", "-q", "-am", "new destination", GIT_AUTHOR_DATE="2026-04-02T10:00:00Z")
    qrbuild(tmp_path, "build", "--allow-reprint")
    page = (tmp_path / "dist" / "site" / "codes" / "k3x9pq7m.html").read_text()
    assert "Destination history" in page and "2026-04-02" in page and "2026-03-01" in page
    assert "https://example.com/spring-sale" in page and "Ada &amp; Co" in page
    # Outside git: no history, no error.
    shutil.rmtree(tmp_path / ".git")
    qrbuild(tmp_path, "site")
    assert "Destination history" not in (tmp_path / "dist" / "site" / "codes" / "k3x9pq7m.html").read_text()


def test_the_built_in_templates_are_the_repository_ones():
    subprocess.run(["python3", os.path.join(ROOT, "scripts", "embed-templates.py"), "--check"], check=True)


def test_site_refuses_a_missing_store_and_a_missing_build(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    unbuilt = qrbuild(tmp_path, "site", check=False)
    assert unbuilt.returncode == 65 and b"run `qrbuild build` first" in unbuilt.stderr
    qrbuild(tmp_path, "build")
    missing = qrbuild(tmp_path, "site", "--store", tmp_path / "typo.sqlite", check=False)
    assert missing.returncode == 65 and b"no analytics store there" in missing.stderr
    assert not (tmp_path / "typo.sqlite").exists()


def test_print_size_pngs_scan_and_are_kept_while_unchanged(tmp_path):
    """Each code page offers PNGs 2.5, 5 and 10 cm wide at 300 dpi: whole pixels per module,
    the density recorded, read back by zbar and zxing-cpp, styled codes drawn styled. They are
    drawn once: `site` and the next build link them while the code looks the same."""
    manifest = json.loads(open(EXAMPLE).read())
    manifest["codes"].append({"name": "styled-print", "type": "static", "data": "https://example.com/styled",
                              "style": {"shape": "dots", "finder": {"inner": "rounded"}, "frame": {"text": "Scan me"}}})
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    qrbuild(tmp_path, "build")
    root = tmp_path / "dist" / "site"
    codes = json.loads((tmp_path / "dist" / "codes.json").read_text())
    for code in ("k3x9pq7m", "styled-print"):
        page = (root / "codes" / f"{code}.html").read_text()
        for width in ("2.5", "5", "10"):
            name = f"{code}-{width}cm.png"
            assert f'href="../print/{name}" download="{name}"' in page
            path = root / "print" / name
            data = path.read_bytes()
            pixels = struct.unpack(">I", data[16:20])[0]
            density = data.index(b"pHYs")
            assert struct.unpack(">IIB", data[density + 4:density + 13]) == (11811, 11811, 1)  # 300 dpi
            assert abs(pixels / 300 * 2.54 - float(width)) < (0.9 if code == "styled-print" else 0.25), (name, pixels)
            expected = "https://example.com/styled" if code == "styled-print" else "https://qr.example.com/r/k3x9pq7m"
            assert zbar_decode(path) == expected.encode() and zxing_decode(path) == expected.encode(), name
    def inodes():
        return {code: os.stat(root / "print" / f"{code}-10cm.png").st_ino for code in ("k3x9pq7m", "h7c2vx9d")}
    before = inodes()
    qrbuild(tmp_path, "site")
    assert inodes() == before
    assert ": 0 rendered," in qrbuild(tmp_path, "build").stdout.decode()
    assert inodes() == before
    # A change of look draws that code's again, and only its.
    assert manifest["codes"][0]["id"] == "k3x9pq7m"
    manifest["codes"][0]["style"] = {"foreground": "#123456"}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    qrbuild(tmp_path, "build", "--allow-reprint")
    after = inodes()
    assert after["k3x9pq7m"] != before["k3x9pq7m"] and after["h7c2vx9d"] == before["h7c2vx9d"]
