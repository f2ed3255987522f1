"""-q/--quiet and -v/--verbose on the commands that report what they did; NO_COLOR."""
import os
import shutil

from test_manifest import EXAMPLE, qrbuild


def test_quiet_and_verbose(tmp_path):
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    shutil.copy(os.path.join(os.path.dirname(EXAMPLE), "access.log"), tmp_path / "access.log")
    for args in (["build"], ["validate"], ["nginx"], ["set-destination", "k3x9pq7m", "https://example.com/q"],
                 ["deactivate", "m4n8q2wt"], ["activate", "m4n8q2wt"], ["ingest", "access.log"],
                 ["add", "--data", "https://example.com/added"]):
        loud = qrbuild(tmp_path, *args)
        quiet = qrbuild(tmp_path, *args[:1], "-q", *args[1:]) if args[0] != "add" else qrbuild(tmp_path, "add", "-q", "--data", "https://example.com/quiet")
        assert loud.stdout and quiet.stdout == b"" and quiet.stderr == b"", args
    verbose = qrbuild(tmp_path, "build", "--verbose")
    assert b"qrbuild: timing: manifest and lockfile" in verbose.stderr and b"built" in verbose.stdout
    (tmp_path / ".qrbuild").rename(tmp_path / "old-store")
    progress = qrbuild(tmp_path, "ingest", "-v", "access.log").stderr.decode()
    assert "reading access.log: 12 lines" in progress, progress  # not a terminal, but asked for
    both = qrbuild(tmp_path, "build", "-q", "-v", check=False)
    assert both.returncode == 64 and "--quiet and --verbose cannot go together" in both.stderr.decode()


def test_no_color_is_respected(tmp_path):
    coloured = qrbuild(tmp_path, "render", "--data", "https://example.com", "--format", "terminal").stdout
    plain = qrbuild(tmp_path, "render", "--data", "https://example.com", "--format", "terminal", env={"NO_COLOR": "1"}).stdout
    assert b"\x1b[" in coloured and b"\x1b" not in plain
    assert plain.decode().replace(" ", "") == coloured.decode().replace("\x1b[38;5;16;48;5;231m", "").replace("\x1b[0m", "").replace(" ", "")
