"""The eight data types: each payload string is exact, and a real decoder reads it back
byte for byte from the rendered image."""
import json

import pytest

from conftest import run, zbar_decode, zxing_decode

CASES = [
    ("url", "https://Example.com/Spring?utm=Poster", "https://Example.com/Spring?utm=Poster"),
    ("url", "https://bücher.example/grüße?q=é", "https://xn--bcher-kva.example/gr%C3%BC%C3%9Fe?q=%C3%A9"),
    ("text", "Hello, world! Grüße 😀", "Hello, world! Grüße 😀"),
    ("email", {"to": "alice@example.com", "subject": "Hello & welcome", "body": "Line 1\nLine 2"},
     "mailto:alice@example.com?subject=Hello%20%26%20welcome&body=Line%201%0D%0ALine%202"),
    ("email", {"to": ["a@example.com", "b@example.com"], "body": "no subject"},
     "mailto:a@example.com,b@example.com?body=no%20subject"),
    ("wifi", {"ssid": "Cafe;Bar", "password": 'p:a,s"s\\', "hidden": True},
     'WIFI:T:WPA;S:Cafe\\;Bar;P:p\\:a\\,s\\"s\\\\;H:true;;'),
    ("wifi", {"ssid": "Guest"}, "WIFI:T:nopass;S:Guest;;"),
    ("wifi", {"ssid": "C0FFEE", "password": "correct horse battery", "security": "SAE"},
     "WIFI:T:SAE;S:C0FFEE;P:correct horse battery;;"),
    ("sms", {"number": "+1 415 555 0123", "message": "Hi: meet at 10:30"}, "SMSTO:+14155550123:Hi: meet at 10:30"),
    ("phone", {"number": "+1 (415) 555-0123"}, "tel:+14155550123"),
    ("geo", {"latitude": 52.520008, "longitude": 13.404954}, "geo:52.520008,13.404954"),
    ("geo", {"latitude": -33.8568, "longitude": 151.2153, "altitude": 1.5e1}, "geo:-33.8568,151.2153,15"),
    ("vcard", {"firstName": "Ada", "lastName": "Lovelace", "organization": "Engines, Ltd",
               "phone": [{"type": "work", "number": "+44 20 7123 4567"}], "email": "ada@example.com",
               "address": {"street": "12 St James's Square", "city": "London", "country": "UK"},
               "note": "Ünïcödé; notes\nand a second line that is long enough to need folding at seventy-five octets"},
     "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nORG:Engines\\, Ltd\r\n"
     "TEL;TYPE=WORK:+442071234567\r\nEMAIL:ada@example.com\r\nADR:;;12 St James's Square;London;;;UK\r\n"
     "NOTE:Ünïcödé\\; notes\\nand a second line that is long enough to need fol\r\n"
     " ding at seventy-five octets\r\nEND:VCARD\r\n"),
]


@pytest.mark.parametrize("data_type,data,expected", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_payload_is_exact_and_decodes(workdir, data_type, data, expected):
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path = workdir / "code.png"
    run("render", "--data-type", data_type, "--data", text, "-o", path)
    expected_bytes = expected.encode("utf-8")
    assert zbar_decode(str(path)) == expected_bytes
    assert zxing_decode(str(path)) == expected_bytes
    body = json.loads(run("render", "--data-type", data_type, "--data", text, "--json").stdout)
    assert body["dataType"] == data_type


@pytest.mark.parametrize("data_type,data,message", [
    ("url", "javascript:alert(1)", '--data: scheme "javascript:" is not allowed'),
    ("url", "data:text/html,hi", '--data: scheme "data:" is not allowed'),
    ("url", "example.com", "--data: the URL has no scheme; write it as https://example.com"),
    ("wifi", '{"sid": "x"}', '--data.sid: unknown field for dataType "wifi" (did you mean "ssid"?); --data.ssid: required for dataType "wifi"'),
    ("wifi", '{"ssid": "x", "password": "short"}', "--data.password: a WPA password has 8 to 63 characters"),
    ("wifi", '{"ssid": "x", "security": "WAP", "password": "longenough"}', '(did you mean "WPA"?)'),
    ("geo", '{"latitude": 91, "longitude": 0}', "--data.latitude: 91 is out of range"),
    ("phone", '{"number": "555-0123"}', "is not an international number"),
    ("vcard", '{"title": "CEO"}', "--data.name: required"),
    ("email", '{"to": "not-an-address"}', '--data.to: "not-an-address" is not an email address'),
    ("wifi", '{"ssid": "x",}', "--data must be a JSON object of wifi fields: 1:14: expected a key in double quotes after ','"),
])
def test_bad_structured_data_names_the_field(workdir, data_type, data, message):
    result = run("render", "--data-type", data_type, "--data", data, "-o", workdir / "x.png", check=False)
    assert result.code == 65
    assert message in result.stderr, result.stderr
    assert not (workdir / "x.png").exists()
