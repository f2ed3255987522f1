"""The fields a phone shows: each payload is rendered, decoded by ZXing's Java reader and
read by ZXing's client result parser (the one many Android scanning apps use), and the
fields it finds are the ones the manifest gave."""
import json
import os
import shutil
import subprocess

import pytest

from conftest import run

ZXING_JAR = "/usr/share/java/core.jar"
SOURCE = os.path.join(os.path.dirname(__file__), "zxing", "ParsePayloads.java")


@pytest.fixture(scope="session")
def zxing_parser(tmp_path_factory):
    if not (os.path.exists(ZXING_JAR) and shutil.which("javac")):
        raise RuntimeError("ZXing Java (libzxing-core-java) and a JDK are required: run scripts/setup.sh --test")
    classes = tmp_path_factory.mktemp("zxing-classes")
    subprocess.run(["javac", "-cp", ZXING_JAR, "-d", str(classes), SOURCE], check=True, timeout=120)

    def parse(*paths):
        completed = subprocess.run(["java", "-Djava.awt.headless=true", "-cp", f"{ZXING_JAR}:{classes}", "ParsePayloads",
                                    *map(str, paths)], capture_output=True, timeout=120)
        assert completed.returncode == 0, completed.stderr.decode()
        return [json.loads(line) for line in completed.stdout.decode("utf-8").splitlines()]
    return parse


CASES = [
    ("email", {"to": ["ada+news@example.com", "bob@example.com"], "cc": "o'neil+cc@example.com",
               "subject": "1+1 = 2 & more", "body": "a+b\nsecond line"},
     {"type": "EMAIL_ADDRESS", "tos": ["ada+news@example.com", "bob@example.com"], "ccs": ["o'neil+cc@example.com"],
      "subject": "1+1 = 2 & more", "body": "a+b\r\nsecond line"}),
    ("email", {"bcc": "x+y@example.com"}, {"type": "EMAIL_ADDRESS", "bccs": ["x+y@example.com"]}),
    ("phone", {"number": "+44 (0)20 7123 4567"}, {"type": "TEL", "number": "+442071234567"}),
    ("phone", {"number": "(+49) (0)30 901820"}, {"type": "TEL", "number": "+4930901820"}),
    ("phone", {"number": "+1 (415) 555-0123"}, {"type": "TEL", "number": "+14155550123"}),
    ("sms", {"number": "+44 (0)7700 900123", "message": "Hi + bye: 10:30"},
     {"type": "SMS", "numbers": ["+447700900123"], "body": "Hi + bye: 10:30"}),
    ("vcard", {"name": "Ada Lovelace", "organization": "Engines, Ltd; R&D",
               "phone": [{"type": "work", "number": "+44 (0)20 7123 4567"}], "email": "ada+work@example.com",
               "url": "https://example.com/ada?x=1+2"},
     {"type": "ADDRESSBOOK", "names": ["Ada Lovelace"], "phoneNumbers": ["+442071234567"],
      "emails": ["ada+work@example.com"], "org": "Engines, Ltd; R&D", "urls": ["https://example.com/ada?x=1+2"]}),
    ("wifi", {"ssid": "Cafe;Bar", "password": 'p:a,s"s\\x+'},
     {"type": "WIFI", "ssid": "Cafe;Bar", "password": 'p:a,s"s\\x+', "encryption": "WPA"}),
    # Hex-looking names stay unquoted: quoting them (an old ZXing convention) breaks iPhones.
    ("wifi", {"ssid": "C0FFEE", "password": "12345678", "hidden": True},
     {"type": "WIFI", "ssid": "C0FFEE", "password": "12345678", "hidden": True}),
    ("geo", {"latitude": 52.520008, "longitude": -13.404954}, {"type": "GEO", "latitude": 52.520008, "longitude": -13.404954}),
    ("url", "https://example.com/a+b?q=c+d&e=%2B", {"type": "URI", "uri": "https://example.com/a+b?q=c+d&e=%2B"}),
]


def test_zxing_reads_every_field_as_given(workdir, zxing_parser):
    paths = []
    for index, (data_type, data, _) in enumerate(CASES):
        text = data if isinstance(data, str) else json.dumps(data)
        path = workdir / f"{index}-{data_type}.png"
        run("render", "--data-type", data_type, "--data", text, "-o", path)
        paths.append(path)
    for (data_type, data, expected), parsed in zip(CASES, zxing_parser(*paths), strict=True):
        found = {key: parsed.get(key) for key in expected}
        assert found == expected, f"{data_type} {data}: ZXing read {parsed}"


@pytest.mark.parametrize("number,message", [
    ("+39 (06) 1234 5678", 'the 0 in "(06)" may be a national trunk prefix'),
    ("+44 20 (0)7123 4567", '"(0)" stands inside the number, not right after the country code +44'),
])
def test_a_number_that_cannot_be_read_is_refused_with_the_reason(workdir, number, message):
    for data_type, data in [("phone", {"number": number}), ("sms", {"number": number}),
                            ("vcard", {"name": "Ada", "phone": number})]:
        result = run("render", "--data-type", data_type, "--data", json.dumps(data), "-o", workdir / "x.png", check=False)
        assert result.code == 65, (data_type, result.stderr)
        assert message in result.stderr, result.stderr
        assert not (workdir / "x.png").exists()
