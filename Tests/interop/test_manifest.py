"""The manifest, qrbuild build and the resource commands, end to end on real files."""
import csv
import io
import json
import os
import random
import shutil
import subprocess
import zipfile

import jsonschema
import pytest
from PIL import Image

from broken_manifests import CASES
from conftest import ROOT, run, zxing_decode

EXAMPLE = os.path.join(ROOT, "examples", "qrcodes.json")
EPOCH = {"SOURCE_DATE_EPOCH": "1767225600"}


def qrbuild(cwd, *args, env=None, check=True):
    completed = subprocess.run([os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild"), *map(str, args)],
                               capture_output=True, cwd=cwd, env={**os.environ, **(env or {})}, timeout=120)
    if check:
        assert completed.returncode == 0, completed.stderr.decode()
    return completed


def error_lines(completed):
    return [line.removeprefix("qrbuild: error: ") for line in completed.stderr.decode().strip().split("\n")]


@pytest.fixture
def project(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    return tmp_path


def tree(folder):
    return {os.path.relpath(os.path.join(d, f), folder): open(os.path.join(d, f), "rb").read()
            for d, _, files in os.walk(folder) for f in files}


def decode_image(path):
    if path.endswith(".svg"):
        png = path + ".png"
        subprocess.run(["rsvg-convert", "--zoom", "6", "--background-color", "white", "-o", png, path], check=True)
        path = png
    return zxing_decode(path)


@pytest.mark.parametrize("name,text,expected,code", CASES, ids=[c[0] for c in CASES])
def test_broken_manifest_gives_the_exact_error(tmp_path, name, text, expected, code):
    (tmp_path / "qrcodes.json").write_text(text)
    validated = qrbuild(tmp_path, "validate", check=False)
    assert (validated.returncode, error_lines(validated)) == (code, expected)
    os.makedirs(tmp_path / "dist")
    (tmp_path / "dist" / "previous.txt").write_text("previous output")
    built = qrbuild(tmp_path, "build", check=False)
    assert (built.returncode, error_lines(built)) == (code, expected)
    assert tree(tmp_path / "dist") == {"previous.txt": b"previous output"}, "a failed build leaves the previous output whole"
    assert not (tmp_path / "qrbuild.lock.json").exists()


def test_corpus_is_large_enough():
    assert len(CASES) >= 30


def test_example_builds_and_every_image_decodes(project):
    qrbuild(project, "build")
    codes = json.loads((project / "dist" / "codes.json").read_text())
    assert len(codes) == 10
    for code in codes:
        assert list(code)[:10] == ["id", "type", "dataType", "destination", "redirectUrl", "status", "encrypted",
                                   "secure", "createdAt", "updatedAt"]
        expected = code["redirectUrl"] if code["type"] == "dynamic" else code["destination"]
        assert decode_image(str(project / "dist" / code["image"])) == expected.encode(), code["image"]
    wifi = next(c for c in codes if c["name"] == "lobby-wifi")
    assert wifi["destination"] == "WIFI:T:WPA;S:Example Guest;P:correct horse battery;;"
    assert next(c for c in codes if c["name"] == "spring-poster-de")["destination"] == \
        "https://example.com/de/fr%C3%BChling?utm_source=poster"


def test_archives_hold_the_images_and_an_index(project):
    qrbuild(project, "build")
    dist = project / "dist"
    codes = json.loads((dist / "codes.json").read_text())
    archives = sorted(os.listdir(dist / "bulk"))
    assert archives == ["all.zip", "cards.zip", "flyer.zip", "poster.zip", "spring-2026.zip", "venue.zip"]
    for archive in archives:
        tag = archive[:-4]
        members = [c for c in codes if tag == "all" or tag in c["tags"]]
        with zipfile.ZipFile(dist / "bulk" / archive) as bundle:
            assert bundle.testzip() is None
            names = bundle.namelist()
            assert names[0] == "index.csv" and names[1:] == sorted(names[1:])
            assert sorted(names) == sorted([c["image"].removeprefix("images/") for c in members] + ["index.csv"])
            for code in members:
                file = code["image"].removeprefix("images/")
                assert bundle.read(file) == (dist / code["image"]).read_bytes()
            rows = list(csv.DictReader(io.StringIO(bundle.read("index.csv").decode())))
            assert [r["file"] for r in rows] == [c["image"].removeprefix("images/") for c in members]
            assert all(r["redirectUrl"] == (c["redirectUrl"] or "") for r, c in zip(rows, members))


def test_two_builds_are_byte_identical(project, tmp_path_factory):
    qrbuild(project, "build", "-o", "one", env=EPOCH)
    qrbuild(project, "build", "-o", "two", env=EPOCH)
    assert tree(project / "one") == tree(project / "two")
    # Without SOURCE_DATE_EPOCH the lockfile's times are used, so a rebuild is identical too.
    other = tmp_path_factory.mktemp("other")
    shutil.copy(project / "qrcodes.json", other)
    qrbuild(other, "build", "-o", "a")
    qrbuild(other, "build", "-o", "b")
    assert tree(other / "a") == tree(other / "b")


def test_archives_do_not_depend_on_the_time_zone(project):
    qrbuild(project, "build", "-o", "utc", env={"TZ": "UTC"})
    qrbuild(project, "build", "-o", "tokyo", env={"TZ": "Asia/Tokyo"})
    assert tree(project / "utc") == tree(project / "tokyo")


def test_rebuild_reuses_unchanged_images(project):
    qrbuild(project, "build")
    again = qrbuild(project, "build").stdout.decode()
    assert "0 rendered, 10 unchanged" in again


def fresh_build(project, tmp_path_factory, env):
    """The same manifest and lockfile built from nothing, for comparison."""
    other = tmp_path_factory.mktemp("fresh")
    shutil.copy(project / "qrcodes.json", other)
    if (project / "qrbuild.lock.json").exists():
        shutil.copy(project / "qrbuild.lock.json", other)
    qrbuild(other, "build", env=env)
    return tree(other / "dist")


def test_recycled_output_equals_a_fresh_build(project, tmp_path_factory):
    # Each build recycles the generation before the last (.dist.previous); whatever
    # happened in between, the result must be what a build from nothing gives.
    qrbuild(project, "build", env=EPOCH)
    qrbuild(project, "build", env=EPOCH)
    def edit(change):
        manifest = json.loads((project / "qrcodes.json").read_text())
        change(manifest)
        (project / "qrcodes.json").write_text(json.dumps(manifest, indent=2))

    steps = [
        lambda: qrbuild(project, "set-destination", "K3X9PQ7M", "https://example.com/v2"),
        lambda: edit(lambda m: m["codes"][-1].update(status="active")),
        lambda: edit(lambda m: m["codes"].append({"type": "static", "name": "extra", "dataType": "text",
                                                  "data": "hello", "returnType": "svg", "tags": ["fresh-tag"]})),
        lambda: edit(lambda m: m["codes"].pop()),  # the static code and its tag archive go away again
        lambda: (project / "dist" / "stray.txt").write_text("not ours"),
    ]
    for step in steps:
        step()
        qrbuild(project, "build", env=EPOCH)
        assert tree(project / "dist") == fresh_build(project, tmp_path_factory, EPOCH)
    assert not (project / "dist" / "stray.txt").exists()
    assert (project / ".dist.previous" / "codes.json").exists(), "the previous generation is kept for the next build"


def test_a_destination_edit_copies_archive_members_unchanged(project, tmp_path_factory):
    # Without SOURCE_DATE_EPOCH an image's zip timestamp is its code's publication time,
    # so after a destination edit only index.csv differs: the images' members are copied
    # from the last all.zip, and the result is still what a build from nothing gives.
    qrbuild(project, "build")
    def members(path):
        with zipfile.ZipFile(path) as bundle:
            assert bundle.testzip() is None
            return {i.filename: (i.date_time, i.CRC, i.compress_size) for i in bundle.infolist()}
    before = members(project / "dist" / "bulk" / "all.zip")
    qrbuild(project, "set-destination", "K3X9PQ7M", "https://example.com/v3")
    qrbuild(project, "build")
    after = members(project / "dist" / "bulk" / "all.zip")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert changed == ["index.csv"]
    assert tree(project / "dist") == fresh_build(project, tmp_path_factory, {})


def test_a_build_that_fails_while_writing_keeps_the_lockfile_and_output(project):
    # The new lockfile is written beside the output while it is made, and renamed into
    # place only after the swap: a build that fails on the way (here a broken template
    # override, found while the pages are written) leaves no temporary file, the old
    # lockfile and the old output.
    qrbuild(project, "build")
    lock_before = (project / "qrbuild.lock.json").read_bytes()
    output_before = tree(project / "dist")
    (project / "templates").mkdir()
    (project / "templates" / "landing.mustache").write_text("{{#broken}}\n")
    qrbuild(project, "set-destination", "K3X9PQ7M", "https://example.com/v5")
    failed = qrbuild(project, "build", check=False)
    assert failed.returncode == 65 and "landing.mustache" in failed.stderr.decode()
    assert (project / "qrbuild.lock.json").read_bytes() == lock_before
    assert tree(project / "dist") == output_before
    # (.qrbuild/ holds the edit lock set-destination took.)
    assert sorted(os.listdir(project)) == [".dist.lock", ".qrbuild", "dist", "qrbuild.lock.json", "qrcodes.json", "templates"]


def test_a_damaged_archive_is_not_copied_from(project, tmp_path_factory):
    # Members are copied only from an archive that reads back whole; a truncated all.zip
    # is ignored and every image is compressed again.
    qrbuild(project, "build")
    archive = project / "dist" / "bulk" / "all.zip"
    data = archive.read_bytes()
    archive.unlink()  # a new file, not the hard-linked one in .dist.previous
    archive.write_bytes(data[: len(data) // 2])
    qrbuild(project, "set-destination", "K3X9PQ7M", "https://example.com/v4")
    qrbuild(project, "build")
    with zipfile.ZipFile(project / "dist" / "bulk" / "all.zip") as bundle:
        assert bundle.testzip() is None
    assert tree(project / "dist") == fresh_build(project, tmp_path_factory, {})


def test_a_second_build_into_the_same_output_is_refused(project):
    import fcntl
    qrbuild(project, "build")
    with open(project / ".dist.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        result = qrbuild(project, "build", check=False)
    assert result.returncode == 74
    assert "another qrbuild build is writing it" in result.stderr.decode()
    assert "0 rendered" in qrbuild(project, "build").stdout.decode()


def test_set_destination_is_a_one_line_change_and_keeps_images(project):
    qrbuild(project, "build", env=EPOCH)
    before = tree(project / "dist" / "images")
    original = (project / "qrcodes.json").read_text().split("\n")
    qrbuild(project, "set-destination", "K3X9PQ7M", "https://example.com/spring-v2")
    edited = (project / "qrcodes.json").read_text().split("\n")
    changed = [(a, b) for a, b in zip(original, edited) if a != b]
    assert len(original) == len(edited) and len(changed) == 1
    assert changed[0][1] == '      "data": "https://example.com/spring-v2",'
    built = qrbuild(project, "build", env={"SOURCE_DATE_EPOCH": "1767312000"}).stdout.decode()
    assert "0 rendered" in built
    assert tree(project / "dist" / "images") == before
    code = next(c for c in json.loads((project / "dist" / "codes.json").read_text()) if c["id"] == "k3x9pq7m")
    assert code["destination"] == "https://example.com/spring-v2"
    assert code["updatedAt"] == "2026-01-02T00:00:00.000Z" and code["createdAt"] == "2026-01-01T00:00:00.000Z"


@pytest.mark.parametrize("code_id,why", [("z7m3k8r2", "it is locked for compliance"), ("w8d2rt4n", "is a vcard code")])
def test_set_destination_refusals_are_conflicts(project, code_id, why):
    before = (project / "qrcodes.json").read_bytes()
    result = qrbuild(project, "set-destination", code_id, "https://example.com/new", check=False)
    assert result.returncode == 75 and why in result.stderr.decode()
    assert (project / "qrcodes.json").read_bytes() == before


def test_lockfile_conflicts(project):
    qrbuild(project, "build")
    manifest = json.loads((project / "qrcodes.json").read_text())

    def attempt(change, *flags):
        data = json.loads(json.dumps(manifest))
        change(data)
        (project / "qrcodes.json").write_text(json.dumps(data, indent=2))
        return qrbuild(project, "build", *flags, check=False)

    dropped = attempt(lambda d: d["codes"].pop(3))
    assert dropped.returncode == 75
    assert error_lines(dropped) == ['conflict: id r9t5y3bk ("flyer-a6") was published but is missing from the manifest: printed codes live for years; keep it and set "status": "inactive" instead']
    restyled = attempt(lambda d: d["codes"][0].update(style={"errorCorrection": "H"}))
    assert restyled.returncode == 75 and "codes[0] (id k3x9pq7m): its printed image would change" in restyled.stderr.decode()
    rebased = attempt(lambda d: d["redirect"].update(base="https://go.example.com/r/"))
    assert rebased.returncode == 75 and rebased.stderr.decode().count("its printed image would change") == 8
    locked = attempt(lambda d: d["codes"][9].update(data="https://example.com/other"))
    assert locked.returncode == 75 and "the destination is locked for compliance" in locked.stderr.decode()
    reused = attempt(lambda d: d["codes"][3].update(name="summer-flyer"))
    assert reused.returncode == 75 and 'this id was published for "flyer-a6"; reusing it for "summer-flyer"' in reused.stderr.decode()
    assert attempt(lambda d: d["codes"][0].update(style={"errorCorrection": "H"}), "--allow-reprint").returncode == 0


def test_resource_commands(project):
    listed = json.loads(qrbuild(project, "list", "--limit", "4", "--json").stdout)
    assert listed["pagination"] == {"total": 10, "limit": 4, "cursor": "0", "nextCursor": "4"}
    last = json.loads(qrbuild(project, "list", "--limit", "4", "--cursor", "8", "--json").stdout)
    assert last["pagination"]["nextCursor"] is None and len(last["data"]) == 2
    vcards = json.loads(qrbuild(project, "list", "--type", "vcard", "--json").stdout)
    assert [c["id"] for c in vcards["data"]] == ["w8d2rt4n"]
    assert json.loads(qrbuild(project, "list", "--status", "inactive", "--json").stdout)["data"][0]["id"] == "p4q7x2m9"
    assert qrbuild(project, "list", "--limit", "0", check=False).returncode == 64
    shown = json.loads(qrbuild(project, "show", "s6f4j8ea", "--json").stdout)
    assert shown["destination"] == "tel:+14155550123" and shown["dataType"] == "phone"
    assert qrbuild(project, "show", "s6f4j8eb", check=False).returncode == 65

    qrbuild(project, "deactivate", "k3x9pq7m")
    assert json.loads(qrbuild(project, "show", "k3x9pq7m", "--json").stdout)["status"] == "inactive"
    qrbuild(project, "activate", "k3x9pq7m")
    assert json.loads(qrbuild(project, "show", "k3x9pq7m", "--json").stdout)["status"] == "active"

    added = json.loads(qrbuild(project, "add", "--data", "https://example.com/summer", "--name", "summer", "--tag", "poster", "--json").stdout)
    new_id = added[0]["id"]
    assert len(new_id) == 8 and set(new_id) <= set("23456789abcdefghjkmnpqrstuvwxyz")
    (project / "bulk.csv").write_text('data,name,tags,dataType\nhttps://example.com/x,bulk-x,flyer,\n'
                                      '"{""number"": ""+14155550199""}",bulk-phone,cards;phones,phone\n')
    bulk = json.loads(qrbuild(project, "add", "--csv", "bulk.csv", "--json").stdout)
    assert [c["name"] for c in bulk] == ["bulk-x", "bulk-phone"] and bulk[1]["destination"] == "tel:+14155550199"
    assert len({c["id"] for c in bulk} | {new_id}) == 3
    qrbuild(project, "validate")
    qrbuild(project, "image", new_id, "-o", "summer.svg")
    assert decode_image(str(project / "summer.svg")) == f"https://qr.example.com/r/{new_id}".encode()
    bad = qrbuild(project, "add", "--data", "javascript:alert(1)", check=False)
    assert bad.returncode == 65 and 'scheme "javascript:" is not allowed' in bad.stderr.decode()


def schema():
    return json.loads(run("schema").stdout)


def test_schema_accepts_the_example_and_agrees_with_the_decoder(project):
    validator = jsonschema.Draft202012Validator(schema())
    validator.validate(json.loads(open(EXAMPLE).read()))
    for name, text, _, _ in CASES:
        try:
            document = json.loads(text)
        except ValueError:
            continue
        if not validator.is_valid(document):
            (project / "case.json").write_text(text)
            assert qrbuild(project, "validate", "case.json", check=False).returncode != 0, name


def test_whatever_the_schema_rejects_qrbuild_rejects(project):
    """Random mutations of the example: the schema may be looser than qrbuild, never stricter."""
    validator = jsonschema.Draft202012Validator(schema())
    base = json.loads(open(EXAMPLE).read())
    rng = random.Random(7)
    values = [None, True, 0, -1, 1.5, "", "x", "k3x9pq7m", [], {}, ["a"], "#12345", "https://a.example/", 301]
    checked = 0
    for _ in range(150):
        document = json.loads(json.dumps(base))
        target = rng.choice([document, document["redirect"], document["defaults"], rng.choice(document["codes"])])
        key = rng.choice(list(target) + ["extra"])
        if rng.random() < 0.3:
            target.pop(key, None)
        else:
            target[key] = rng.choice(values)
        if validator.is_valid(document):
            continue
        checked += 1
        (project / "mutant.json").write_text(json.dumps(document))
        assert qrbuild(project, "validate", "mutant.json", check=False).returncode != 0, json.dumps(document)[:300]
    assert checked > 50


def test_show_without_json_is_readable(project):
    text = qrbuild(project, "show", "w8d2rt4n").stdout.decode()
    lines = {}
    for line in text.strip().split("\n"):
        label, _, value = line.partition(" ")
        lines[label] = value.strip()
    assert lines["id"] == "w8d2rt4n" and lines["dataType"] == "vcard"
    assert lines["redirectUrl"] == "https://qr.example.com/r/w8d2rt4n"
    assert lines["tags"] == "spring-2026, cards"
    assert "createdAt" not in lines  # not built yet, so not published: no lockfile entry
