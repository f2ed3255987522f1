"""Writes the committed seed corpora under Fuzz/corpus/<target>/ from the test fixtures:
the example manifest and log, the broken-manifest corpus, the routing manifests, URLs and
payloads of every data type, tiny logos, and small City and Country GeoIP databases.
Run from the repository root: `python3 Fuzz/seeds.py` (needs the test virtualenv for the
GeoIP databases: `.venv/bin/python Fuzz/seeds.py`)."""
import hashlib
import io
import json
import os
import sys
import zlib
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "Tests", "interop"))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")


def put(target, data):
    if isinstance(data, str):
        data = data.encode()
    folder = os.path.join(CORPUS, target)
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, hashlib.sha1(data).hexdigest()[:16]), "wb") as handle:
        handle.write(data)


def manifests():
    from broken_manifests import CASES
    for case in CASES:
        put("FuzzManifest", case[1])
    put("FuzzManifest", open(os.path.join(ROOT, "examples", "qrcodes.json"), "rb").read())
    routed = {"version": 1, "redirect": {"base": "https://qr.example.com/r/", "countryVariable": "geoip2_country"},
              "defaults": {"utm": {"source": "qr", "campaign": "{tag}"}},
              "codes": [{"id": "k3x9pq7m", "data": "https://example.com/a",
                         "rules": [{"when": {"os": ["ios", "android"], "language": "de"}, "to": "https://example.com/de"},
                                   {"when": {"country": "FR"}, "to": "https://example.com/fr"}],
                         "split": [{"weight": 70, "to": "https://example.com/x"}, {"weight": 30, "to": "https://example.com/y"}]},
                        {"id": "h7c2vx9d", "data": "https://example.com/b",
                         "schedule": {"from": "2026-05-01T00:00:00Z", "until": "2026-06-01T00:00:00+02:00", "after": "https://example.com/over"}},
                        {"name": "wifi", "type": "static", "dataType": "wifi", "data": {"ssid": "Café", "password": "p;a,s\\s", "security": "WPA"}},
                        {"name": "card", "type": "static", "dataType": "vcard", "data": {"name": "Ada", "phone": "+44 20 7946 0000"},
                         "style": {"shape": "dots", "logo": {"file": "logo.svg"}, "frame": {"text": "SCAN ME"}}}]}
    put("FuzzManifest", json.dumps(routed, indent=2, ensure_ascii=False))


def csvs():
    put("FuzzCSV", "data,name,tags\nhttps://example.com/a,poster,\"spring,print\"\n")
    put("FuzzCSV", "\ufeffdata,dataType,name\r\n\"line one\nline two\",text,\"say \"\"hi\"\"\"\r\n")
    put("FuzzCSV", "a,b\n,\n\"\",\"x\"\n")


def log_lines():
    for line in open(os.path.join(ROOT, "examples", "access.log"), "rb").read().splitlines()[:12]:
        put("FuzzLogLine", line)
    put("FuzzLogLine", '203.0.113.9 - - [20/May/2026:08:12:03 +0000] "GET /r/k3x9pq7m?x=1 HTTP/1.1" 302 0 "-" '
                       '"Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X)"')
    put("FuzzLogLine", '2001:db8::1 - - [31/Dec/2026:23:59:59 -0500] "HEAD /r/h7c2vx9d HTTP/2.0" 301 0 '
                       '"https://t.co/x" "curl/8.5.0"')
    put("FuzzLogLine", '{"time":"2026-05-20T08:12:03+02:00","addr":"::1","forwarded":"198.51.100.1, 10.0.0.1","method":"GET",'
                       '"path":"/r/m4n8q2wt","status":302,"agent":"a\\"b\\u00e9","referrer":"-","country":"DE","proxy":"1","rule":"v2"}')


def urls():
    for url in ["https://example.com/spring?utm_source=poster", "https://example.com/de/frühling?a=b#c",
                "HTTP://Bücher.Example:443/a/../b/./c?q=a b", "https://xn--bcher-kva.example/", "http://[2001:db8::1]:8080/x",
                "https://user@例え.テスト/パス?クエリ#断片", "mailto:nobody@example.com", "https://example.com/%7e%41%zz"]:
        put("FuzzURL", url)


def payloads():
    from_type = {"url": 0, "text": 1, "email": 2, "wifi": 3, "vcard": 4, "sms": 5, "phone": 6, "geo": 7}
    samples = [("url", "https://example.com/a?b=c"), ("text", "Hello, ñ 漢字 🙂"),
               ("email", {"to": "a@example.com", "cc": ["b@example.com"], "subject": "Hi & bye", "body": "line\nline"}),
               ("wifi", {"ssid": "My;Net", "password": "p\\a\"s", "security": "WPA", "hidden": True}),
               ("vcard", {"name": "Ada Lovelace", "organization": "Analytical, Ltd", "phone": ["+44 20 7946 0000"],
                          "email": "ada@example.com", "address": {"street": "1 Road", "city": "London"}, "note": "a;b,c"}),
               ("sms", {"number": "+1 555 0100", "message": "Reply STOP"}), ("phone", {"number": "+49 30 1234567"}),
               ("geo", {"latitude": 52.52, "longitude": 13.405, "altitude": 34})]
    for name, data in samples:
        put("FuzzPayload", bytes([from_type[name]]) + json.dumps(data, ensure_ascii=False).encode())


def png(width, height):
    raw = b"".join(b"\0" + bytes([255, 0, 0, 255]) * width for _ in range(height))
    chunk = lambda kind, body: struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def logos():
    put("FuzzLogo", '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4" fill="#c00"/></svg>')
    put("FuzzLogo", '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="20" height="10">'
                    '<rect width="20" height="10" fill="url(#g)"/><defs><linearGradient id="g"><stop offset="0" stop-color="#00f"/>'
                    '</linearGradient></defs><text x="1" y="8" font-size="8">A</text></svg>')
    put("FuzzLogo", png(3, 2))
    try:
        from PIL import Image
        out = io.BytesIO()
        Image.new("RGB", (4, 3), (10, 200, 30)).save(out, "JPEG")
        put("FuzzLogo", out.getvalue())
    except ImportError:
        pass


def requests():
    """API requests: a selector byte (0 create, 1 bulk create, 2 set destination, 3 static
    render, 4 list) and the body, or the list's query string."""
    create = {"data": "https://example.com/new", "name": "flyer", "tags": ["autumn"], "returnType": "png",
              "style": {"shape": "rounded", "foreground": "#1a1a2e", "frame": {"text": "SCAN"}}}
    wifi = {"data": {"ssid": "Café", "password": "x;y", "security": "WPA"}, "dataType": "wifi"}
    put("FuzzRequest", b"\x00" + json.dumps(create, ensure_ascii=False).encode())
    put("FuzzRequest", b"\x00" + json.dumps({"data": "x", "style": {"a.b": 1, "logo": {"size": 2}}}).encode())
    put("FuzzRequest", b"\x01" + json.dumps([create, {"data": "https://example.com/2"}, wifi], ensure_ascii=False).encode())
    put("FuzzRequest", b"\x01" + json.dumps([{"data": 1}, "x", {"dataType": "vcard", "data": {"name": "Ada", "phone": [{"type": "work"}]}}]).encode())
    put("FuzzRequest", b"\x02" + json.dumps({"destination": "https://example.com/moved?a=1#b"}).encode())
    put("FuzzRequest", b"\x03" + json.dumps({**wifi, "returnType": "svg", "style": {"scale": 4, "eyes": {"shape": "circle"}}},
                                           ensure_ascii=False).encode())
    put("FuzzRequest", b"\x03" + json.dumps({"data": {"name": "Ada", "email": "ada@example.com"}, "dataType": "vcard"}).encode())
    put("FuzzRequest", b"\x04limit=2&cursor=1&type=url&tag=spring")
    put("FuzzRequest", b"\x04limit=0&type=urll")


def geoip():
    """The two databases the analytics tests write with mmdb_writer (fixture.mmdb, a
    Country database, and city.mmdb, a City one): pass their paths to copy them in."""
    for path in sys.argv[1:]:
        put("FuzzGeoIP", open(path, "rb").read())


if __name__ == "__main__":
    manifests(); csvs(); log_lines(); urls(); payloads(); logos(); requests(); geoip()
