"""secure: ["password"]: the destination is sealed under a password and opened only in the
visitor's browser (PBKDF2-SHA256 + AES-256-GCM in WebCrypto); no file or log holds it."""
import base64
import json
import shutil

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC

from nginx_server import NginxServer, header
from test_manifest import EXAMPLE, qrbuild

SECRET = "https://example.com/trial-results?id=42&token=s3cr3t"
PASSWORD = "correct horse battery"


def protected_project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    (tmp_path / "password.txt").write_text(PASSWORD + "\n")
    added = json.loads(qrbuild(tmp_path, "add", "--data", SECRET, "--name", "secret", "--password-file", "password.txt", "--json").stdout)
    return added[0]["id"]


def open_seal(text, password):
    rounds, salt, data = text.removeprefix("qrbuild-pbkdf2-aes256gcm:v1:").split(":")
    salt, data = base64.b64decode(salt), base64.b64decode(data)
    key = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt, iterations=int(rounds)).derive(password.encode())
    return int(rounds), AESGCM(key).decrypt(data[:12], data[12:], None).decode()


def test_the_seal_opens_with_the_password_only(tmp_path):
    code_id = protected_project(tmp_path)
    manifest = json.loads((tmp_path / "qrcodes.json").read_text())
    code = next(c for c in manifest["codes"] if c.get("id") == code_id)
    assert code["secure"] == ["password"] and SECRET not in code["data"]
    rounds, plain = open_seal(code["data"], PASSWORD)
    assert rounds >= 600_000 and plain == SECRET
    try:
        open_seal(code["data"], "wrong")
        raise AssertionError("a wrong password opened the seal")
    except Exception as error:  # cryptography raises InvalidTag
        assert type(error).__name__ == "InvalidTag"


def test_unlock_page_is_served_and_the_secret_is_nowhere(tmp_path):
    code_id = protected_project(tmp_path)
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    try:
        status, headers, _ = server.get("/r/" + code_id)
        assert (status, header(headers, "Location")) == (302, f"https://qr.example.com/qr-pages/{code_id}")
        status, headers, page = server.get(f"/qr-pages/{code_id}")
        assert status == 200 and b'<script src="unlock.js" defer></script>' in page
        assert "script-src 'self'" in header(headers, "Content-Security-Policy")
        status, headers, script = server.get("/qr-pages/unlock.js")
        assert status == 200 and header(headers, "Content-Type").startswith("application/javascript")
        assert b"crypto.subtle.deriveKey" in script
    finally:
        server.stop()
    for path in [*(tmp_path / "dist").rglob("*"), tmp_path / "qrcodes.json", tmp_path / "qrbuild.lock.json", tmp_path / "access.log"]:
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path
            assert b"s3cr3t" not in path.read_bytes(), path


def test_password_comes_from_a_file_or_stdin_never_the_command_line(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    on_line = qrbuild(tmp_path, "add", "--data", SECRET, "--password", PASSWORD, check=False)
    assert on_line.returncode == 64
    import subprocess
    from conftest import BIN
    piped = subprocess.run([BIN, "add", "--data", SECRET, "--password-stdin", "--json"], input=PASSWORD.encode(),
                           capture_output=True, cwd=tmp_path)
    assert piped.returncode == 0, piped.stderr
    code_id = json.loads(piped.stdout)[0]["id"]
    code = next(c for c in json.loads((tmp_path / "qrcodes.json").read_text())["codes"] if c.get("id") == code_id)
    assert open_seal(code["data"], PASSWORD)[1] == SECRET
    refused = qrbuild(tmp_path, "set-destination", code_id, "https://example.com/other", check=False)
    assert refused.returncode == 75 and "password-protected" in refused.stderr.decode()
