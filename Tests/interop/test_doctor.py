"""qrbuild doctor: each thing a deployment needs, checked against a real nginx."""
import os
import shutil

from nginx_server import NginxServer
from test_manifest import EXAMPLE, qrbuild


def findings(result):
    return {line.split(":", 1)[0].split(None, 1)[1]: line.split()[0] for line in result.stdout.decode().splitlines()}


def test_a_healthy_deployment_and_what_breaks_it(tmp_path):
    import _maxminddb_geolite2
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    log = tmp_path / "access.log"
    qrbuild(tmp_path, "build", "--access-log", log, "--site-root", tmp_path / "dist" / "site")
    server = NginxServer(tmp_path, tmp_path / "dist")
    log.write_text("")
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "access.log"), tmp_path / "scans.log")
    qrbuild(tmp_path, "ingest", tmp_path / "scans.log")
    key = tmp_path / "key"
    key.write_text(qrbuild(tmp_path, "encrypt", "--new-key").stdout.decode())
    key.chmod(0o600)
    args = ["doctor", "--nginx-conf", server.conf, "--access-log", log, "--key-file", key]
    healthy = qrbuild(tmp_path, *args)
    assert set(findings(healthy).values()) == {"ok"}, healthy.stdout.decode()
    assert {"manifest", "nginx", "include files", "nginx -t", "nginx config", "access log", "analytics store", "key file"} <= set(findings(healthy))

    key.chmod(0o644)
    geolite = os.path.join(os.path.dirname(_maxminddb_geolite2.__file__), "GeoLite2-City.mmdb")
    shutil.rmtree(tmp_path / "dist" / "nginx")
    broken = qrbuild(tmp_path, *args, "--geoip", geolite, check=False)
    found = findings(broken)
    assert broken.returncode == 78, broken.stderr.decode()
    assert found["key file"] == "problem" and "chmod 600" in broken.stdout.decode()
    assert found["GeoIP"] == "warning" and "download a fresh copy" in broken.stdout.decode()  # the packaged one is from 2018
    assert found["include files"] == "problem" and found["nginx -t"] == "problem"
    assert broken.stderr.decode() == "qrbuild: error: 3 problems to fix (above)\n"


def test_routed_codes_want_compiled_patterns(tmp_path):
    (tmp_path / "qrcodes.json").write_text("""{"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": [
      {"id": "a7pp4k2m", "data": "https://example.com/app", "rules": [{"when": {"os": "ios"}, "to": "https://apps.apple.com/app/id1"}]}]}""")
    log = tmp_path / "access.log"
    log.write_text("")
    qrbuild(tmp_path, "build", "--access-log", log, "--site-root", tmp_path / "dist" / "site")
    server = NginxServer(tmp_path, tmp_path / "dist")
    args = ["doctor", "--nginx-conf", server.conf, "--access-log", log]
    without = findings(qrbuild(tmp_path, *args))
    assert without["pcre_jit"] == "warning"
    server.conf.write_text("pcre_jit on;\n" + server.conf.read_text())
    assert findings(qrbuild(tmp_path, *args))["pcre_jit"] == "ok"
