"""Helpers for the interoperability suite: run the qrbuild binary, decode what it
writes with zbar (zbarimg) and zxing-cpp. Both decoders are required: a missing
decoder fails the run rather than skipping checks."""
import hashlib
import os
import shutil
import subprocess
import sys

import pytest
import zxingcpp
from mmdb_writer import MMDBWriter
from netaddr import IPSet
from PIL import Image

sys.path.insert(0, os.path.dirname(__file__))

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")

if not shutil.which("zbarimg"):
    raise RuntimeError("zbarimg (Debian package zbar-tools) is required by the interop tests")
if not os.path.exists(BIN):
    raise RuntimeError(f"qrbuild binary not found at {BIN}: run swift build or set QRBUILD_BIN")


class Result:
    def __init__(self, completed):
        self.code = completed.returncode
        self.stdout = completed.stdout
        self.stderr = completed.stderr.decode("utf-8", "replace")


ID_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def code_id(index, prefix="qz"):
    """The `index`th of many distinct valid code ids: `prefix` and six characters of the
    id alphabet (the drills' generated manifests)."""
    digits = ""
    for _ in range(6):
        digits += ID_ALPHABET[index % len(ID_ALPHABET)]
        index //= len(ID_ALPHABET)
    return prefix + digits


def tree_digest(folder):
    """A digest of every file, folder and link under `folder`, with their paths."""
    digest = hashlib.sha256()
    for root, folders, files in sorted(os.walk(folder)):
        folders.sort()
        for name in sorted(files):
            path = os.path.join(root, name)
            digest.update(os.path.relpath(path, folder).encode() + b"\0")
            if os.path.islink(path):
                digest.update(b"link:" + os.readlink(path).encode())
            else:
                with open(path, "rb") as handle:
                    digest.update(hashlib.sha256(handle.read()).digest())
        digest.update(b"folders:" + "/".join(folders).encode())
    return digest.hexdigest()


def run(*args, stdin=None, check=True):
    """Runs qrbuild with `args`; with check, a non-zero exit fails the test with stderr."""
    completed = subprocess.run([BIN, *map(str, args)], input=stdin, capture_output=True, timeout=60)
    result = Result(completed)
    if check and result.code != 0:
        pytest.fail(f"qrbuild {' '.join(map(str, args))} exited {result.code}: {result.stderr}")
    return result


def zbar_decode(path):
    """The payload zbar reads from an image, as UTF-8 bytes (zbar converts to UTF-8)."""
    completed = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", path],
                               capture_output=True, timeout=60)
    assert completed.returncode == 0, f"zbar found no QR code in {path}: {completed.stderr[-300:]!r}"
    out = completed.stdout
    assert out.endswith(b"\n")
    return out[:-1]


def zbar_decode_binary(path):
    """The raw bytes zbar reads, with no character set conversion."""
    completed = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sbinary", "-Sdisable", "-Sqrcode.enable", path],
                               capture_output=True, timeout=60)
    assert completed.returncode == 0, f"zbar found no QR code in {path}"
    return completed.stdout


def zxing_results(path):
    results = zxingcpp.read_barcodes(Image.open(path), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(results) == 1, f"zxing-cpp found {len(results)} QR codes in {path}"
    return results[0]


def zxing_decode(path):
    """The text zxing-cpp reads, as UTF-8 bytes."""
    return zxing_results(path).text.encode("utf-8")


def read_matrix(stdout):
    """`--format matrix` output as a list of '0'/'1' row strings."""
    return stdout.decode("ascii").strip().split("\n")


@pytest.fixture
def workdir(tmp_path):
    return tmp_path


def chromium(*arguments):
    """Headless Chromium through Debian's chromedriver, with the browser console kept (for
    tests that check a page logs no error); `arguments` are added to the usual ones."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", *arguments]:
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver") or "/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture(scope="session")
def city_mmdb(tmp_path_factory):
    """A small City database: two German cities, a French one, a Japanese range without a city."""
    path = tmp_path_factory.mktemp("geoip") / "city.mmdb"
    writer = MMDBWriter(ip_version=6, ipv4_compatible=True, database_type="GeoIP2-City")
    writer.insert_network(IPSet(["203.0.113.0/25"]), {"country": {"iso_code": "DE"}, "city": {"names": {"en": "Berlin"}}})
    writer.insert_network(IPSet(["203.0.113.128/25"]), {"country": {"iso_code": "DE"}, "city": {"names": {"en": "München"}}})
    writer.insert_network(IPSet(["198.51.100.0/24"]), {"country": {"iso_code": "FR"}, "city": {"names": {"en": "Lyon"}}})
    writer.insert_network(IPSet(["2001:db8::/32"]), {"country": {"iso_code": "JP"}})
    writer.to_db_file(str(path))
    return path
