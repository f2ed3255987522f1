"""`qrbuild serve`, the hosted API, against a running server: every endpoint's status codes
and shapes, Bearer keys (missing, malformed, unknown, revoked, expired, scopes), the rate
limit, writes that land in the manifest as the CLI makes them and go live on real nginx,
hostile input, concurrent writes from the API and the CLI, and schemathesis against the
server's own OpenAPI document."""
import base64
import concurrent.futures
import datetime
import json
import os
import shutil
import subprocess
import time

import pytest

from conftest import zbar_decode
from nginx_server import NginxServer, header
from serve_server import ServeServer
from test_manifest import EXAMPLE, qrbuild

CODES = "/api/qr/codes"


def make_key(project, name, *args):
    return qrbuild(project, "keys", "create", "--name", name, *args).stdout.decode().strip()


@pytest.fixture
def project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    qrbuild(tmp_path, "build")
    return tmp_path


@pytest.fixture
def served(project):
    key = make_key(project, "cms")
    server = ServeServer(project)
    yield project, server, key
    assert server.stop() == 0
    # Keys never reach a log.
    logs = "".join(server.out + server.err)
    assert key not in logs


def test_reads_list_get_and_paginate(served):
    project, server, key = served
    status, headers, page = server.json("GET", CODES + "?limit=3", key)
    assert status == 200 and headers["content-type"] == "application/json"
    assert [code["id"] for code in page["data"]] == ["k3x9pq7m", "h7c2vx9d", "m4n8q2wt"]
    assert page["pagination"] == {"total": 10, "limit": 3, "cursor": "0", "nextCursor": "3"}
    expected = json.loads(qrbuild(project, "list", "--json", "--limit", "3").stdout)
    assert page == expected
    _, _, last = server.json("GET", CODES + "?limit=100&cursor=9", key)
    assert last["pagination"]["nextCursor"] is None and len(last["data"]) == 1
    _, _, active = server.json("GET", CODES + "?status=inactive", key)
    assert [code["id"] for code in active["data"]] == ["p4q7x2m9"]
    for query in ["limit=0", "limit=101", "limit=x", "cursor=-1", "type=pdf", "status=on"]:
        status, headers, problem = server.json("GET", CODES + "?" + query, key)
        assert status == 400 and headers["content-type"] == "application/problem+json", query
        assert problem["status"] == 400 and problem["title"] == "Bad Request" and problem["detail"], query
    status, _, code = server.json("GET", CODES + "/K3X9PQ7M", key)
    assert status == 200 and code["id"] == "k3x9pq7m"
    assert code == json.loads(qrbuild(project, "show", "k3x9pq7m", "--json").stdout)
    status, _, problem = server.json("GET", CODES + "/k3x9pq7x", key)
    assert status == 404 and 'did you mean "k3x9pq7m"' in problem["detail"]
    status, _, problem = server.json("GET", "/api/nothing", key)
    assert status == 404 and problem["type"].endswith("not-found")


def test_keys_are_checked_at_once_and_never_kept(served):
    project, server, key = served
    def status_of(token=None, **kwargs):
        status, headers, body = server.json("GET", CODES, token, **kwargs)
        return status, headers, body
    status, headers, problem = status_of()
    assert status == 401 and headers["www-authenticate"].startswith("Bearer")
    assert "qrbuild keys create" in problem["detail"]
    assert status_of(key[:-1] + ("A" if key[-1] != "A" else "B"))[0] == 401  # the checksum fails
    assert status_of("qrb_live_nonsense")[0] == 401
    assert status_of(headers={"Authorization": f"Basic {key}"})[0] == 401
    other = make_key(project, "other")
    assert status_of(other)[0] == 200
    qrbuild(project, "keys", "revoke", "other")
    status, headers, problem = status_of(other)
    assert status == 401 and "revoked" in problem["detail"]
    # Expired: the key file says the last day was yesterday; the server sees it at once.
    expiring = make_key(project, "expiring", "--expires", (datetime.date.today() + datetime.timedelta(days=30)).isoformat())
    assert status_of(expiring)[0] == 200
    keys_file = project / ".qrbuild" / "keys.json"
    stored = json.loads(keys_file.read_text())
    for entry in stored["keys"]:
        if entry["name"] == "expiring":
            entry["expires"] = (datetime.date.today() - datetime.timedelta(days=1)).isoformat()
    keys_file.write_text(json.dumps(stored))
    status, _, problem = status_of(expiring)
    assert status == 401 and "expired" in problem["detail"]
    # Scopes: a read key reads, and may not write or read analytics.
    reader = make_key(project, "reader", "--scope", "read")
    assert status_of(reader)[0] == 200
    status, _, problem = server.json("PUT", CODES + "/k3x9pq7m", reader, {"destination": "https://example.com/x"})
    assert status == 403 and "write" in problem["detail"]
    assert server.json("GET", CODES + "/k3x9pq7m/analytics", reader)[0] == 403
    # Only hashes in the key file, mode 0600.
    text = keys_file.read_text()
    assert key not in text and other not in text and "sha256:" in text
    assert oct(os.stat(project / ".qrbuild" / "keys.json").st_mode & 0o777) == "0o600"
    listing = qrbuild(project, "keys", "list").stdout.decode()
    assert "cms" in listing and "revoked" in listing and key not in listing


def test_the_rate_limit_answers_429(project):
    key = make_key(project, "busy")
    server = ServeServer(project, "--rate-limit", "5")
    try:
        answers = [server.request("GET", CODES + "/k3x9pq7m", key) for _ in range(7)]
        assert [status for status, _, _ in answers[:5]] == [200] * 5
        status, headers, body = answers[5]
        assert status == 429 and int(headers["retry-after"]) >= 1
        assert headers["ratelimit-limit"] == "5" and headers["ratelimit-remaining"] == "0"
        assert json.loads(body)["status"] == 429
        assert answers[0][1]["ratelimit-remaining"] == "4"
    finally:
        assert server.stop() == 0


def test_create_lands_in_the_manifest_and_is_built(served):
    project, server, key = served
    before = (project / "qrcodes.json").read_text()
    status, headers, code = server.json("POST", CODES, key, {"data": "https://example.com/made-by-api", "name": "api-made",
                                                             "tags": ["api"], "style": {"shape": "dots"}})
    assert status == 201 and headers["location"] == f"{CODES}/{code['id']}"
    assert code["type"] == "dynamic" and code["destination"] == "https://example.com/made-by-api"
    assert code["createdAt"].endswith("Z") and code["redirectUrl"].endswith("/r/" + code["id"])
    after = (project / "qrcodes.json").read_text()
    assert after.startswith(before.rstrip()[:-10]) and "made-by-api" in after  # appended, the rest untouched
    shown = json.loads(qrbuild(project, "show", code["id"], "--json").stdout)
    assert shown["destination"] == code["destination"]
    # The rebuild that follows publishes it: the image is built and the lockfile has it.
    deadline = time.time() + 20
    while time.time() < deadline and not (project / "dist" / "images" / f"{code['id']}.svg").exists():
        time.sleep(0.1)
    assert (project / "dist" / "images" / f"{code['id']}.svg").exists()
    lock = json.loads(qrbuild(project, "show", code["id"], "--json").stdout)
    assert lock["createdAt"] is not None


def test_invalid_input_is_a_clear_400_and_writes_nothing(served):
    project, server, key = served
    manifest = (project / "qrcodes.json").read_bytes()
    cases = [
        ({"data": "javascript:alert(1)"}, "/data", "scheme"),
        ({"data": {"to": "not an address"}, "dataType": "email"}, "/data/to", None),
        ({"data": "https://example.com", "style": {"shape": "blob"}}, "/style/shape", "is not one of"),
        ({"data": "https://example.com", "colour": "red"}, "/colour", "unknown key"),
        ({"data": "https://example.com", "style": {"logo.size": 2}}, "/style/logo.size", "unknown key"),
        ({"data": {"ssid": "x", "pass/word": "y"}, "dataType": "wifi"}, "/data/pass~1word", "unknown field"),
        ({"data": 12}, "/data", None),
        ({"dataType": "url"}, "/data", "required"),
        ({"data": "https://example.com", "tags": "a"}, "/tags", None),
        ({"data": "https://example.com", "type": "static"}, "/type", "/api/qr/static"),
    ]
    for body, pointer, words in cases:
        status, headers, problem = server.json("POST", CODES, key, body)
        assert status == 400 and headers["content-type"] == "application/problem+json", body
        pointers = [error["pointer"] for error in problem.get("errors", [])]
        assert pointer in pointers, (body, problem)
        if words:
            assert words in json.dumps(problem), (body, problem)
    hostile = [
        b"not json", b"[" * 100000, b'{"data": "' + b"x" * 2_000_000 + b'"}', b"{}", b"[]", b'{"data": "https://a.example", "data": "x"}',
    ]
    for raw in hostile:
        status, _, _ = server.request("POST", CODES, key, raw=raw)
        assert 400 <= status < 500, raw[:40]
    assert server.request("POST", CODES, key, raw=b'{"data":"https://a.example"}', headers={"Content-Type": "text/plain"})[0] == 415
    for destination in ["https://example.com/a\r\nSet-Cookie: x", "javascript:alert(1)", "https://example.com/\u0000", 42]:
        status, _, problem = server.json("PUT", CODES + "/k3x9pq7m", key, {"destination": destination})
        assert status == 400 and problem["errors"][0]["pointer"] == "/destination", destination
    assert (project / "qrcodes.json").read_bytes() == manifest


def test_update_destination_and_its_conflicts(served):
    project, server, key = served
    status, _, code = server.json("PUT", CODES + "/K3X9PQ7M", key, {"destination": "https://example.com/spring-v2"})
    assert status == 200 and code["destination"] == "https://example.com/spring-v2"
    assert json.loads(qrbuild(project, "show", "k3x9pq7m", "--json").stdout)["destination"] == "https://example.com/spring-v2"
    status, _, problem = server.json("PUT", CODES + "/z7m3k8r2", key, {"destination": "https://example.com/x"})
    assert status == 409 and "locked" in problem["detail"]
    password = (project / "pw.txt")
    password.write_text("correct horse\n")
    added = json.loads(qrbuild(project, "add", "--data", "https://example.com/secret", "--password-file", password, "--json").stdout)[0]
    assert server.json("PUT", CODES + "/" + added["id"], key, {"destination": "https://example.com/y"})[0] == 409
    status, _, problem = server.json("PUT", CODES + "/w8d2rt4n", key, {"destination": "https://example.com/y"})
    assert status == 409 and "vcard" in problem["detail"]
    assert server.json("PUT", CODES + "/nope0000", key, {"destination": "https://example.com/y"})[0] == 404
    assert server.json("PUT", CODES + "/k3x9pq7m", key, {"target": "https://example.com/y"})[0] == 400


def test_analytics_image_and_static(served):
    project, server, key = served
    status, _, report = server.json("GET", CODES + "/k3x9pq7m/analytics?days=7", key)
    assert status == 200 and report["days"] == 7 and len(report["series"]) == 7 and report["total"] == 0
    assert server.json("GET", CODES + "/k3x9pq7m/analytics?days=91", key)[0] == 400
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "access.log"), project / "access.log")
    qrbuild(project, "ingest", "access.log")
    _, _, report = server.json("GET", CODES + "/k3x9pq7m/analytics?days=30", key)
    assert report == json.loads(qrbuild(project, "analytics", "k3x9pq7m", "--json", "--days", "30").stdout)
    status, headers, image = server.request("GET", CODES + "/k3x9pq7m/image", key)
    assert status == 200 and headers["content-type"] == "image/png"
    assert image == (project / "dist" / "images" / "k3x9pq7m.png").read_bytes()
    etag = headers["etag"]
    assert etag.startswith('"') and server.request("GET", CODES + "/k3x9pq7m/image", key, headers={"If-None-Match": etag})[0] == 304
    status, headers, svg = server.request("GET", CODES + "/m4n8q2wt/image", key)
    assert headers["content-type"] == "image/svg+xml" and svg == (project / "dist" / "images" / "m4n8q2wt.svg").read_bytes()
    status, _, result = server.json("POST", "/api/qr/static", key, {"data": "https://example.com/static", "returnType": "png"})
    assert status == 200 and result["type"] == "static" and result["format"] == "png" and result["dataType"] == "url"
    png = project / "static.png"
    png.write_bytes(base64.b64decode(result["image"].split(",", 1)[1]))
    assert zbar_decode(png) == b"https://example.com/static"
    cli = json.loads(qrbuild(project, "render", "--data", "https://example.com/static", "--format", "png", "--json").stdout)
    assert result == cli
    status, _, result = server.json("POST", "/api/qr/static", key, {"data": {"number": "+44 20 7123 4567"}, "dataType": "phone",
                                                                    "returnType": "svg", "style": {"shape": "dots"}})
    assert status == 200 and result["image"].startswith("<svg") and result["dataType"] == "phone"
    status, _, problem = server.json("POST", "/api/qr/static", key, {"data": "x", "style": {"margin": -1}})
    assert status == 400 and problem["errors"][0]["pointer"] == "/style/margin"


def test_a_put_is_live_on_nginx_in_seconds(project):
    nginx = NginxServer(project, project / "dist").start()
    key = make_key(project, "live")
    server = ServeServer(project, "--after-build", f"kill -HUP $(cat {project}/nginx.pid)")
    try:
        assert header(nginx.get("/r/k3x9pq7m")[1], "Location") == "https://example.com/spring?utm_source=poster"
        start = time.time()
        status, _, _ = server.json("PUT", CODES + "/k3x9pq7m", key, {"destination": "https://example.com/live-now"})
        acknowledged = time.time() - start
        assert status == 200
        while time.time() - start < 10:
            if header(nginx.get("/r/k3x9pq7m")[1], "Location") == "https://example.com/live-now":
                break
            time.sleep(0.05)
        live = time.time() - start
        print(f"PUT acknowledged in {acknowledged * 1000:.0f} ms, live on nginx in {live * 1000:.0f} ms")
        assert live < 3, live
    finally:
        assert server.stop() == 0
        nginx.stop()


def test_concurrent_puts_and_cli_adds_lose_nothing(served):
    project, server, key = served
    # Ten codes: five url codes that take a new destination, a locked one and a vcard one
    # that answer 409, and three made for the test.
    made = [json.loads(qrbuild(project, "add", "--data", f"https://example.com/made-{i}", "--json").stdout)[0]["id"] for i in range(3)]
    ids = ["k3x9pq7m", "h7c2vx9d", "m4n8q2wt", "r9t5y3bk", "p4q7x2m9", "z7m3k8r2", "w8d2rt4n"] + made
    puts = [(ids[i % len(ids)], f"https://example.com/put-{i}") for i in range(100)]
    def put(job):
        status, _, _ = server.json("PUT", CODES + "/" + job[0], key, {"destination": job[1]})
        return job, status
    def add(index):
        return qrbuild(project, "add", "--data", f"https://example.com/cli-{index}", "--name", f"cli-{index}")
    with concurrent.futures.ThreadPoolExecutor(max_workers=16) as pool:
        adds = [pool.submit(add, index) for index in range(10)]
        results = list(pool.map(put, puts))
        for future in adds:
            future.result()
    assert {status for _, status in results} == {200, 409}
    assert all(status == 409 for (target, _), status in results if target in ("z7m3k8r2", "w8d2rt4n"))
    assert qrbuild(project, "validate").returncode == 0
    manifest = json.loads((project / "qrcodes.json").read_text())
    names = {code.get("name") for code in manifest["codes"]}
    assert all(f"cli-{index}" in names for index in range(10))
    for code_id in [code for code in ids if code not in ("z7m3k8r2", "w8d2rt4n")]:
        destination = next(code["data"] for code in manifest["codes"] if code.get("id") == code_id)
        assert destination in {url for (target, url), status in results if target == code_id and status == 200}, code_id


def test_schemathesis_finds_no_server_error_and_every_answer_matches_the_document(served):
    project, server, key = served
    completed = subprocess.run(
        [shutil.which("schemathesis") or os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", ".venv", "bin", "schemathesis"),
         "run", server.base + "/api/openapi.json", "--url", server.base, "-H", f"Authorization: Bearer {key}",
         "--checks", "not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance",
         "--max-examples", "25", "--seed", "1", "--no-color", "--request-timeout", "30"],
        capture_output=True, text=True, timeout=600, cwd=project)
    assert completed.returncode == 0, completed.stdout[-6000:] + completed.stderr[-2000:]


def test_bulk_create_is_all_or_nothing_and_its_zip_is_given_once(project):
    import io
    import zipfile
    key = make_key(project, "bulk")
    server = ServeServer(project)
    try:
        manifest = (project / "qrcodes.json").read_bytes()
        good = [{"data": f"https://example.com/b{i}"} for i in range(5)]
        status, _, problem = server.json("POST", CODES + "/bulk", key, good + [{"data": "ftp://x"}, {"data": "mailto:x"}])
        assert status == 400 and {"/5/data", "/6/data"} <= {error["pointer"] for error in problem["errors"]}
        status, _, problem = server.json("POST", CODES + "/bulk", key, good + [{"data": "https://x.example", "colour": 1}])
        assert status == 400 and [error["pointer"] for error in problem["errors"]] == ["/5/colour"]
        assert (project / "qrcodes.json").read_bytes() == manifest
        assert server.json("POST", CODES + "/bulk", key, [{"data": "https://x.example"}] * 1001)[0] == 400
        assert server.json("POST", CODES + "/bulk", key, {"data": "https://x.example"})[0] == 400
        items = [{"data": f"https://example.com/bulk-{i}", "name": f"bulk-{i}", "returnType": "png"} for i in range(60)]
        status, headers, answer = server.json("POST", CODES + "/bulk", key, items)
        assert status == 202 and answer["bulkId"].startswith("bulk_")
        bulk = answer["bulkId"]
        deadline = time.time() + 60
        while time.time() < deadline:
            _, _, job = server.json("GET", f"{CODES}/bulk/{bulk}", key)
            assert job["status"] in ("queued", "running", "done") and job["total"] == 60
            if job["status"] == "done":
                break
            time.sleep(0.1)
        assert job == {"bulkId": bulk, "status": "done", "total": 60, "done": 60, "errors": []}
        status, headers, data = server.request("GET", f"{CODES}/bulk/{bulk}/result", key)
        assert status == 200 and headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
        assert names[0] == "index.csv" and len(names) == 61
        rows = archive.read("index.csv").decode().splitlines()
        assert rows[0] == "id,name,type,dataType,destination,redirectUrl,file" and len(rows) == 61
        first = rows[1].split(",")
        png = project / "first.png"
        png.write_bytes(archive.read(first[-1]))
        assert zbar_decode(png).decode() == first[5]
        assert server.request("GET", f"{CODES}/bulk/{bulk}/result", key)[0] == 410
        assert server.request("GET", f"{CODES}/bulk/bulk_00000000000000000000", key)[0] == 404
        assert server.request("GET", f"{CODES}/bulk/..%2f..%2fkeys.json/result", key)[0] == 404
        names = {code.get("name") for code in json.loads((project / "qrcodes.json").read_text())["codes"]}
        assert all(f"bulk-{i}" in names for i in range(60))
    finally:
        assert server.stop() == 0
    # A job survives a restart: its status is still there.
    server = ServeServer(project)
    try:
        _, _, job = server.json("GET", f"{CODES}/bulk/{bulk}", key)
        assert job["status"] == "done"
    finally:
        assert server.stop() == 0


def test_git_commit_records_each_write_with_the_key_as_author(project):
    def git(*args):
        return subprocess.run(["git", *args], cwd=project, capture_output=True, text=True, check=True).stdout
    git("init", "-q")
    git("-c", "user.name=Team", "-c", "user.email=team@example.com", "add", "qrcodes.json", "qrbuild.lock.json")
    git("-c", "user.name=Team", "-c", "user.email=team@example.com", "commit", "-q", "-m", "start")
    key = make_key(project, "cms")
    server = ServeServer(project, "--git-commit")
    try:
        assert server.json("PUT", CODES + "/k3x9pq7m", key, {"destination": "https://example.com/committed"})[0] == 200
        status, _, code = server.json("POST", CODES, key, {"data": "https://example.com/new-one", "name": "new-one"})
        assert status == 201
        deadline = time.time() + 20
        while time.time() < deadline and "publish" not in git("log", "--format=%s"):
            time.sleep(0.1)
        log = git("log", "--format=%an|%s").splitlines()
        assert log[-1] == "Team|start"
        assert "cms|api: k3x9pq7m now goes to https://example.com/committed" in log
        assert f"cms|api: add {code['id']} (new-one) going to https://example.com/new-one" in log
        assert any(line.startswith("qrbuild|qrbuild: publish") for line in log)
        assert git("status", "--porcelain", "qrcodes.json", "qrbuild.lock.json") == ""
    finally:
        assert server.stop() == 0


def test_a_bulk_job_cut_off_by_a_crash_finishes_after_a_restart_and_old_ones_expire(project):
    import io
    import zipfile
    key = make_key(project, "bulk")
    server = ServeServer(project)
    items = [{"data": f"https://example.com/crash-{i}", "returnType": "png"} for i in range(1000)]
    status, _, answer = server.json("POST", CODES + "/bulk", key, items)
    assert status == 202
    bulk = answer["bulkId"]
    server.process.kill()  # no graceful stop: the job is queued or half drawn
    server.process.wait()
    job_file = project / ".qrbuild" / "bulk" / bulk / "job.json"
    assert json.loads(job_file.read_text())["status"] in ("queued", "running", "done")
    server = ServeServer(project)
    try:
        deadline = time.time() + 120
        while time.time() < deadline:
            _, _, job = server.json("GET", f"{CODES}/bulk/{bulk}", key)
            if job["status"] == "done":
                break
            time.sleep(0.2)
        assert job["status"] == "done" and job["done"] == 1000
        status, _, data = server.request("GET", f"{CODES}/bulk/{bulk}/result", key)
        assert status == 200 and len(zipfile.ZipFile(io.BytesIO(data)).namelist()) == 1001
        # A result nobody fetched within a day is removed.
        status, _, answer = server.json("POST", CODES + "/bulk", key, [{"data": "https://example.com/old"}])
        old = answer["bulkId"]
        old_file = project / ".qrbuild" / "bulk" / old / "job.json"
        deadline = time.time() + 30
        while json.loads(old_file.read_text())["status"] != "done" and time.time() < deadline:
            time.sleep(0.1)
        record = json.loads(old_file.read_text())
        record["createdAt"] -= 24 * 3600 + 1
        old_file.write_text(json.dumps(record))
        assert server.request("GET", f"{CODES}/bulk/{old}/result", key)[0] == 404
        assert server.request("GET", f"{CODES}/bulk/{old}", key)[0] == 404
        assert not (project / ".qrbuild" / "bulk" / old).exists()
    finally:
        assert server.stop() == 0
