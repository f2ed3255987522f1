"""A pull request controls every file of the manifest's repository: the build must not
follow a symbolic link anywhere it reads or writes, nor trust files it did not make."""
import json
import os
import shutil
import subprocess
import zipfile

import pytest

from test_manifest import EXAMPLE, qrbuild

CANARY = b"CANARY-7f3a9c"
KEY = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU="  # 32 bytes as base64


def snapshot(folder):
    """Every file under `folder` (links as their targets' names), to compare before and after."""
    found = {}
    for directory, folders, files in os.walk(folder):
        for name in folders + files:
            path = os.path.join(directory, name)
            relative = os.path.relpath(path, folder)
            if os.path.islink(path):
                found[relative] = ("link", os.readlink(path))
            elif os.path.isfile(path):
                found[relative] = ("file", open(path, "rb").read())
    return found


def holds_canary(folder):
    return [path for path, (kind, value) in snapshot(folder).items() if kind == "file" and CANARY in value]


@pytest.fixture
def victim(tmp_path):
    """A folder outside the project: what a link planted in the project points at."""
    folder = tmp_path / "victim"
    folder.mkdir()
    (folder / "secret.txt").write_bytes(CANARY + b" secret\n")
    (folder / "k3x9pq7m.png").write_bytes(CANARY + b" not an image\n")
    (folder / "landing.mustache").write_bytes(CANARY + b" {{title}}\n")
    (folder / "all.zip").write_bytes(CANARY + b" not a zip\n")
    return folder


@pytest.fixture
def built(tmp_path):
    """The example built twice: an output, a staging folder and a sealed lock exist."""
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(EXAMPLE, project / "qrcodes.json")
    qrbuild(project, "build")
    qrbuild(project, "build")
    assert (project / ".dist.previous" / "images").is_dir()
    return project


# Every path a build touches, and whether the link there makes the build stop (with an
# error naming it) or is simply not followed (the build goes on and remakes the entry).
PATHS = [
    ("dist", "dir", "stops"),
    (".dist.previous", "dir", "goes on"),
    (".dist.lock", "missing", "goes on"),
    ("dist/images", "dir", "goes on"),
    ("dist/bulk", "dir", "goes on"),
    ("dist/site", "dir", "goes on"),
    ("dist/nginx", "dir", "goes on"),
    ("dist/codes.json", "file", "goes on"),
    ("dist/.qrbuild-cache", "file", "goes on"),
    ("dist/images/k3x9pq7m.png", "file", "goes on"),
    ("dist/bulk/all.zip", "file", "goes on"),
    (".dist.previous/images", "dir", "goes on"),
    (".dist.previous/bulk", "dir", "goes on"),
    (".dist.previous/site", "dir", "goes on"),
    (".dist.previous/site/qr-pages", "dir", "goes on"),
    (".dist.previous/nginx", "dir", "goes on"),
    (".dist.previous/codes.json", "file", "goes on"),
    (".dist.previous/.qrbuild-cache", "file", "goes on"),
    (".dist.previous/images/k3x9pq7m.png", "file", "goes on"),
    (".dist.previous/bulk/all.zip", "file", "goes on"),
    ("qrcodes.json", "file", "stops"),
    ("qrbuild.lock.json", "file", "stops"),
    ("templates", "dir", "stops"),
    ("templates/landing.mustache", "file", "stops"),
    ("templates/unlock.mustache", "file", "stops"),
    ("templates/unlock.js", "file", "stops"),
]


@pytest.mark.parametrize("relative,target,outcome", PATHS, ids=[p[0] for p in PATHS])
def test_a_link_anywhere_the_build_touches_reaches_nothing_outside(built, victim, relative, target, outcome):
    path = built / relative
    if relative.startswith("templates"):
        (built / "templates").mkdir(exist_ok=True)
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    pointee = {"dir": victim, "file": victim / "secret.txt", "missing": victim / "made-by-qrbuild"}[target]
    os.symlink(pointee, path)
    before = snapshot(victim)

    result = qrbuild(built, "build", check=False)

    assert snapshot(victim) == before, f"{relative}: the build changed files outside the project"
    assert holds_canary(built) == [], f"{relative}: outside bytes reached the output"
    assert CANARY.decode() not in result.stdout.decode() + result.stderr.decode()
    if outcome == "stops":
        assert result.returncode != 0
        assert relative.split("/")[-1] in result.stderr.decode(), result.stderr.decode()
        assert "symbolic link" in result.stderr.decode(), result.stderr.decode()
    else:
        assert result.returncode == 0, result.stderr.decode()
        assert (built / "dist" / "images").is_dir() and not (built / "dist" / "images").is_symlink()
        # The output is whole: a fresh build elsewhere makes the same files.
        fresh = built.parent / "fresh"
        fresh.mkdir()
        shutil.copy(built / "qrcodes.json", fresh / "qrcodes.json")
        shutil.copy(built / "qrbuild.lock.json", fresh / "qrbuild.lock.json")
        qrbuild(fresh, "build")
        assert snapshot(built / "dist") == snapshot(fresh / "dist"), relative


def test_a_template_linked_to_the_environment_is_refused_and_leaks_nothing(built):
    (built / "templates").mkdir()
    os.symlink("/proc/self/environ", built / "templates" / "landing.mustache")
    result = qrbuild(built, "build", env={"QRBUILD_KEY": KEY, "CANARY_SECRET": CANARY.decode()}, check=False)
    assert result.returncode == 65
    assert result.stderr.decode() == ("qrbuild: error: templates/landing.mustache: is a symbolic link; qrbuild reads only "
                                      "regular files inside the repository, so replace the link with the file itself\n")
    assert holds_canary(built) == [] and KEY.encode() not in b"".join(
        value for kind, value in snapshot(built).values() if kind == "file")


def test_a_staging_folder_from_a_pull_request_is_rebuilt_not_trusted(built, victim):
    """The review's attack: .dist.previous committed with images linked elsewhere and a
    cache that vouches for every file; then images linked one by one to a secret."""
    cache = (built / "dist" / ".qrbuild-cache").read_bytes()
    for variant in ("folder", "files", "regular"):
        staging = built / ".dist.previous"
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        (staging / "bulk").mkdir()
        (staging / ".qrbuild-cache").write_bytes(cache)
        if variant == "folder":
            os.symlink(victim, staging / "images")
        else:
            (staging / "images").mkdir()
            for line in cache.decode().splitlines():
                name = line.split("\t")[0]
                if "/" in name or name.startswith("bulk"):
                    continue
                if variant == "files":
                    os.symlink(victim / "secret.txt", staging / "images" / name)
                else:  # regular files with other bytes, as a commit would add them
                    (staging / "images" / name).write_bytes(CANARY + b" planted\n")
        before = snapshot(victim)
        shutil.rmtree(built / "dist")  # nothing to link from: only the staging folder could be reused
        qrbuild(built, "build")
        assert snapshot(victim) == before, variant
        assert holds_canary(built) == [], variant
        with zipfile.ZipFile(built / "dist" / "bulk" / "all.zip") as archive:
            members = b"".join(archive.read(name) for name in archive.namelist())
        assert CANARY not in members and b"<svg" in members, variant


def test_a_store_folder_that_is_a_link_is_refused(built, victim):
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "access.log"), built / "access.log")
    os.symlink(victim, built / ".qrbuild")
    before = snapshot(victim)
    result = qrbuild(built, "ingest", "access.log", check=False)
    assert result.returncode != 0
    assert ".qrbuild is a symbolic link" in result.stderr.decode(), result.stderr.decode()
    os.unlink(built / ".qrbuild")
    (built / ".qrbuild").mkdir()
    os.symlink(victim / "made-by-sqlite", built / ".qrbuild" / "analytics.sqlite")
    result = qrbuild(built, "ingest", "access.log", check=False)
    assert result.returncode != 0 and "analytics.sqlite is a symbolic link" in result.stderr.decode()
    assert snapshot(victim) == before


def test_control_characters_from_a_manifest_or_an_option_are_shown_escaped(tmp_path):
    name = "x\u001b]0;PWNED\u0007\u001b[2K\rqrbuild: ok\nfake"
    manifest = {"version": 1, "codes": [{"type": "static", "name": name, "data": "https://example.com", "tags": ["t\u202e"]}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest))
    result = qrbuild(tmp_path, "validate", check=False)
    stderr = result.stderr.decode()
    assert result.returncode == 65
    assert "\x1b" not in stderr and "\x07" not in stderr and "\r" not in stderr and "\u202e" not in stderr
    assert all(line.startswith("qrbuild: error: ") for line in stderr.splitlines()), stderr
    assert 'codes[0].name: "x\\u{1B}]0;PWNED\\u{7}\\u{1B}[2K\\u{D}qrbuild: ok\\u{A}fake"' in stderr
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    result = qrbuild(tmp_path, "nginx", "--access-log", "/x\x1b[2K\"evil", check=False)
    assert result.returncode != 0 and "\x1b" not in result.stderr.decode() and "\\u{1B}" in result.stderr.decode()


def test_tags_are_one_spelling_ignoring_case(tmp_path):
    codes = [{"type": "static", "name": "a", "data": "https://example.com/a", "tags": ["poster"]},
             {"type": "static", "name": "b", "data": "https://example.com/b", "tags": ["Poster"]},
             {"type": "static", "name": "c", "data": "https://example.com/c", "tags": ["ALL"]}]
    (tmp_path / "qrcodes.json").write_text(json.dumps({"version": 1, "codes": codes}, indent=1))
    result = qrbuild(tmp_path, "build", check=False)
    assert result.returncode == 65
    errors = result.stderr.decode()
    assert 'codes[1].tags: tag "Poster" differs from "poster" (codes[0]) only in case' in errors
    assert 'codes[2].tags[0]: "ALL" is reserved: bulk/all.zip already holds every code' in errors
    assert not (tmp_path / "dist").exists()


def test_a_thousand_tags_fit_the_open_file_limit_or_say_why(tmp_path):
    import resource
    codes = [{"type": "static", "name": f"c{n}", "data": f"https://example.com/{n}", "tags": [f"t{n}"]} for n in range(1100)]
    (tmp_path / "qrcodes.json").write_text(json.dumps({"version": 1, "codes": codes}))
    hard = resource.getrlimit(resource.RLIMIT_NOFILE)[1]

    def run_with(soft, hard_limit):
        def limit():
            resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard_limit))
        binary = os.environ.get("QRBUILD_BIN") or os.path.join(os.path.dirname(EXAMPLE), "..", ".build", "debug", "qrbuild")
        return subprocess.run([binary, "build"], cwd=tmp_path, capture_output=True, preexec_fn=limit, timeout=300)

    if hard == resource.RLIM_INFINITY or hard >= 2048:
        raised = run_with(1024, hard)
        assert raised.returncode == 0, raised.stderr.decode()
        assert "1101 archives" in raised.stdout.decode()
    capped = run_with(1024, 1024)
    assert capped.returncode == 74
    assert capped.stderr.decode() == ("qrbuild: error: the manifest's 1100 tags need 1101 archives open at once, and this process "
                                      "may open only 1024 files: raise the limit (ulimit -n 1165) or use fewer tags\n")


def test_an_output_path_through_a_linked_folder_is_refused(built, victim):
    os.symlink(victim, built / "public")
    before = snapshot(victim)
    result = qrbuild(built, "build", "-o", "public/qr", check=False)
    assert result.returncode != 0
    assert "cannot build through public: it is a symbolic link" in result.stderr.decode(), result.stderr.decode()
    assert snapshot(victim) == before


def test_low_contrast_and_inverted_colours_are_refused_with_the_ratio(tmp_path):
    codes = [{"type": "static", "name": "grey", "data": "https://example.com/a", "style": {"foreground": "#999999"}},
             {"type": "static", "name": "night", "data": "https://example.com/b",
              "style": {"foreground": "#ffffff", "background": "#101010"}},
             {"type": "static", "name": "night-ok", "data": "https://example.com/c",
              "style": {"foreground": "#ffffff", "background": "#101010", "invert": True}}]
    (tmp_path / "qrcodes.json").write_text(json.dumps({"version": 1, "codes": codes}, indent=1))
    result = qrbuild(tmp_path, "validate", check=False)
    lines = result.stderr.decode().splitlines()
    assert result.returncode == 65 and len(lines) == 2, lines
    assert "codes[0].style: #999999 on #ffffff has a contrast of 2.84:1; phone readers need at least 4:1" in lines[0]
    assert "codes[1].style: #ffffff modules on #101010 are light on dark" in lines[1]
