"""One way to name the manifest: -m/--manifest on every command that reads one (and the
positional argument of build, validate and nginx), QRBUILD_MANIFEST, or qrcodes.json
found in the current folder or the nearest folder above it."""
import os
import shutil

import pytest

from test_manifest import EXAMPLE, qrbuild

KEY = "YWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXowMTIzNDU="

COMMANDS = {
    "build": (["build"], lambda project: (project / "dist" / "codes.json").exists()),
    "nginx": (["nginx"], lambda project: (project / "dist" / "nginx" / "qrbuild-http.conf").exists()),
    "validate": (["validate"], None),
    "add": (["add", "--data", "https://example.com/new", "--name", "new-code"],
            lambda project: "new-code" in (project / "qrcodes.json").read_text()),
    "list": (["list"], None),
    "show": (["show", "k3x9pq7m"], None),
    "set-destination": (["set-destination", "k3x9pq7m", "https://example.com/moved"],
                        lambda project: "https://example.com/moved" in (project / "qrcodes.json").read_text()),
    "encrypt": (["encrypt", "m4n8q2wt"], lambda project: "qrbuild-aes256gcm" in (project / "qrcodes.json").read_text()),
    "activate": (["activate", "p4q7x2m9"], None),
    "deactivate": (["deactivate", "m4n8q2wt"], None),
    "image": (["image", "k3x9pq7m", "-o", "{tmp}/k3x9pq7m.svg"], None),
    "ingest": (["ingest", "{tmp}/access.log"], lambda project: (project / ".qrbuild" / "analytics.sqlite").exists()),
    "analytics": (["analytics", "k3x9pq7m", "--json"], None),
}


@pytest.mark.parametrize("form", ["-m", "--manifest", "environment", "found above", "positional"])
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_command_finds_the_manifest_every_way(tmp_path, command, form):
    args, check = COMMANDS[command]
    if form == "positional" and command not in ("build", "validate", "nginx"):
        pytest.skip("only build, validate and nginx take the manifest as an argument")
    project = tmp_path / "project"
    (project / "src" / "deep").mkdir(parents=True)
    (project / ".git").mkdir()
    shutil.copy(EXAMPLE, project / "qrcodes.json")
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "access.log"), tmp_path / "access.log")
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    manifest = str(project / "qrcodes.json")
    env = {"QRBUILD_KEY": KEY, "QRBUILD_MANIFEST": ""}
    cwd = tmp_path
    if form in ("-m", "--manifest"):
        args = args[:1] + [form, manifest] + args[1:]
    elif form == "environment":
        env["QRBUILD_MANIFEST"] = manifest
    elif form == "found above":
        cwd = project / "src" / "deep"
    else:
        args = args[:1] + [manifest] + args[1:]
    result = qrbuild(cwd, *args, env=env, check=False)
    assert result.returncode == 0, f"{command} {form}: {result.stderr.decode()}"
    if check:
        assert check(project), f"{command} {form}"


def test_no_manifest_anywhere_is_a_clear_error(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / "sub").mkdir()
    result = qrbuild(tmp_path / "sub", "list", env={"QRBUILD_MANIFEST": ""}, check=False)
    assert result.returncode == 66
    assert result.stderr.decode() == ("qrbuild: error: no qrcodes.json in this folder or any folder above it up to the repository's root: "
                                      "create one with `qrbuild init`, or name it with -m FILE or QRBUILD_MANIFEST\n")
    twice = qrbuild(tmp_path, "validate", "a.json", "-m", "b.json", check=False)
    assert twice.returncode == 64 and "the manifest is named twice" in twice.stderr.decode()
