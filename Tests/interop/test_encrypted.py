"""secure: ["encrypted"]: the destination is only ciphertext in git; builds open it with the key."""
import json
import shutil

from nginx_server import NginxServer, header
from test_manifest import EXAMPLE, qrbuild


def encrypted_project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    key = qrbuild(tmp_path, "encrypt", "--new-key").stdout.decode().strip()
    qrbuild(tmp_path, "encrypt", "k3x9pq7m", env={"QRBUILD_KEY": key})
    return key


def test_encrypted_destination_never_lands_in_git_files_but_redirects(tmp_path):
    key = encrypted_project(tmp_path)
    plain = "https://example.com/spring?utm_source=poster"
    assert plain not in (tmp_path / "qrcodes.json").read_text()
    (tmp_path / "key").write_text(key + "\n")
    qrbuild(tmp_path, "build", "--key-file", "key", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    code = next(c for c in json.loads((tmp_path / "dist" / "codes.json").read_text()) if c["id"] == "k3x9pq7m")
    assert code["destination"] is None and code["encrypted"] is True and code["secure"] == ["encrypted"]
    lock = json.loads((tmp_path / "qrbuild.lock.json").read_text())["codes"]["k3x9pq7m"]
    assert lock["destination"].startswith("sha256:")  # of the ciphertext, which git holds anyway
    for name in ["qrcodes.json", "qrbuild.lock.json", "dist/codes.json"]:
        assert plain not in (tmp_path / name).read_text(), name
    server = NginxServer(tmp_path, tmp_path / "dist").start()
    try:
        status, headers, _ = server.get("/r/k3x9pq7m")
        assert (status, header(headers, "Location")) == (302, plain)
    finally:
        server.stop()


def test_a_missing_or_wrong_key_is_a_clear_error_and_writes_nothing(tmp_path):
    encrypted_project(tmp_path)
    missing = qrbuild(tmp_path, "build", env={"QRBUILD_KEY": ""}, check=False)
    assert missing.returncode == 65
    assert missing.stderr.decode() == "qrbuild: error: qrcodes.json: codes[0].data: the destination is encrypted, but there is no key: set QRBUILD_KEY or pass --key-file\n"
    other = qrbuild(tmp_path, "encrypt", "--new-key").stdout.decode().strip()
    wrong = qrbuild(tmp_path, "build", env={"QRBUILD_KEY": other}, check=False)
    assert wrong.returncode == 65 and "cannot decrypt it with this key" in wrong.stderr.decode()
    bad = qrbuild(tmp_path, "build", env={"QRBUILD_KEY": "not-a-key"}, check=False)
    assert bad.returncode == 65 and "the key must be 32 bytes" in bad.stderr.decode()
    assert not (tmp_path / "dist").exists() and not (tmp_path / "qrbuild.lock.json").exists()


def test_encrypted_codes_refuse_edits_and_plain_data(tmp_path):
    key = encrypted_project(tmp_path)
    refused = qrbuild(tmp_path, "set-destination", "k3x9pq7m", "https://example.com/x", check=False)
    assert refused.returncode == 75 and "it is encrypted" in refused.stderr.decode()
    again = qrbuild(tmp_path, "encrypt", "k3x9pq7m", env={"QRBUILD_KEY": key}, check=False)
    assert again.returncode == 75 and "encrypted already" in again.stderr.decode()
    card = qrbuild(tmp_path, "encrypt", "w8d2rt4n", env={"QRBUILD_KEY": key}, check=False)
    assert card.returncode == 75 and "only those can be encrypted" in card.stderr.decode()
    manifest = json.loads((tmp_path / "qrcodes.json").read_text())
    manifest["codes"][0]["data"] = "https://example.com/plain"
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    plain = qrbuild(tmp_path, "validate", check=False)
    assert plain.returncode == 65 and "must be ciphertext made by `qrbuild encrypt`, never the plain URL" in plain.stderr.decode()


def test_a_locked_encrypted_destination_cannot_change(tmp_path):
    import base64

    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    key = encrypted_project(tmp_path)
    manifest = json.loads((tmp_path / "qrcodes.json").read_text())
    manifest["codes"][0]["secure"] = ["locked", "encrypted"]
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    qrbuild(tmp_path, "build", env={"QRBUILD_KEY": key})
    nonce = b"\x01" * 12
    sealed = AESGCM(base64.b64decode(key)).encrypt(nonce, b"https://example.com/elsewhere", None)
    manifest["codes"][0]["data"] = "qrbuild-aes256gcm:v1:" + base64.b64encode(nonce + sealed).decode()
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    changed = qrbuild(tmp_path, "build", env={"QRBUILD_KEY": key}, check=False)
    assert changed.returncode == 75 and "the destination is locked for compliance" in changed.stderr.decode()


def test_a_decrypted_destination_that_is_not_a_url_is_never_echoed(tmp_path):
    """The plaintext must not reach a CI log, even when it is wrong."""
    import base64
    import os
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    key = qrbuild(tmp_path, "encrypt", "--new-key").stdout.decode().strip()
    secret = "javascript:alert('internal-token-93f1')"
    nonce = os.urandom(12)
    sealed = "qrbuild-aes256gcm:v1:" + base64.b64encode(nonce + AESGCM(base64.b64decode(key)).encrypt(nonce, secret.encode(), None)).decode()
    manifest = json.loads((tmp_path / "qrcodes.json").read_text())
    manifest["codes"][0].update(data=sealed, secure=["encrypted"])
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    result = qrbuild(tmp_path, "build", env={"QRBUILD_KEY": key}, check=False)
    assert result.returncode == 65
    assert "internal-token-93f1" not in result.stderr.decode() + result.stdout.decode()
    assert result.stderr.decode() == ('qrbuild: error: qrcodes.json: codes[0].data: the decrypted destination of k3x9pq7m "spring-poster" '
                                      "is not a usable http(s) URL; its text is secret, so it is not shown: decrypt it where the key is kept, "
                                      "fix it, and store it again with `qrbuild encrypt`\n")
