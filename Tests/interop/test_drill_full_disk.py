"""Drill: the output, the store and the manifest on a small tmpfs that fills up mid-write,
and on a read-only one. Each command must stop with exit 74 and an error that names the
path, and leave everything it had written before exactly as it was; once there is room
again, the same command succeeds.

Needs to mount a tmpfs (root, outside a container that forbids it); skipped otherwise.
"""
import conftest
import os
import shutil
import sqlite3
import subprocess
import uuid

import pytest

from test_analytics import all_totals, synthetic_lines
from test_manifest import EXAMPLE, qrbuild



@pytest.fixture
def small_disk(tmp_path):
    """A 2 MiB tmpfs, unmounted afterwards."""
    mountpoint = tmp_path / "disk"
    mountpoint.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m,mode=0755", f"qrbuild-drill-{uuid.uuid4().hex[:8]}",
                              str(mountpoint)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("cannot mount a tmpfs here: " + mounted.stderr.decode().strip())
    yield mountpoint
    subprocess.run(["umount", "-l", str(mountpoint)], check=False)


def fill(disk, leave=0):
    """Fills `disk` until at most `leave` bytes are free; returns the filler's path."""
    filler = disk / "filler"
    free = os.statvfs(disk).f_bavail * os.statvfs(disk).f_frsize
    with open(filler, "ab") as handle:
        try:
            handle.write(b"\0" * max(0, free - leave))
            handle.flush()
            os.fsync(handle.fileno())
        except OSError:
            pass
    return filler


def remount(disk, options):
    subprocess.run(["mount", "-o", f"remount,{options}", str(disk)], check=True)


tree = conftest.tree_digest


def code_id(index):
    return conftest.code_id(index, "qd")


def manifest(codes):
    entries = ",\n".join(f'    {{"id": "{code_id(i)}", "data": "https://example.com/{i}", "returnType": ["png", "svg"]}}'
                         for i in range(codes))
    return '{\n  "version": 1,\n  "redirect": {"base": "https://qr.example.com/r/"},\n  "codes": [\n' + entries + "\n  ]\n}\n"


def failed_with_io_error(completed, path):
    """Exit 74, and the error names `path` (a string: a path as the command was given it,
    or a file name that is enough to find it)."""
    stderr = completed.stderr.decode()
    assert completed.returncode == 74, (completed.returncode, stderr)
    assert str(path) in stderr, stderr
    assert "Traceback" not in stderr and "Fatal error" not in stderr
    return stderr


def test_a_full_output_disk_stops_the_build_and_keeps_the_last_output(tmp_path, small_disk):
    project = tmp_path / "project"
    project.mkdir()
    (project / "qrcodes.json").write_text(manifest(20))
    out = small_disk / "dist"
    qrbuild(project, "build", "-o", out)
    before, lock = tree(out), (project / "qrbuild.lock.json").read_bytes()
    filler = fill(small_disk, leave=64 * 1024)
    (project / "qrcodes.json").write_text(manifest(200))
    stderr = failed_with_io_error(qrbuild(project, "build", "-o", out, check=False), small_disk)
    assert "No space left on device" in stderr
    assert tree(out) == before
    assert (project / "qrbuild.lock.json").read_bytes() == lock
    filler.unlink()
    remount(small_disk, "size=16m")
    qrbuild(project, "build", "-o", out)
    assert tree(out) != before
    assert len(list((out / "images").iterdir())) == 400


def test_a_full_disk_under_the_manifest_keeps_the_lockfile_and_the_manifest(tmp_path, small_disk):
    project = small_disk / "project"
    project.mkdir()
    (project / "qrcodes.json").write_text(manifest(10))
    out = tmp_path / "dist"
    qrbuild(project, "build", "-o", out)
    before, lock, text = tree(out), (project / "qrbuild.lock.json").read_bytes(), (project / "qrcodes.json").read_bytes()
    # The lockfile of 3,000 new codes does not fit in what is left; the manifest does.
    (project / "qrcodes.json").write_text(manifest(3000))
    text = (project / "qrcodes.json").read_bytes()
    filler = fill(small_disk, leave=16 * 1024)
    failed_with_io_error(qrbuild(project, "build", "-o", out, check=False), "qrbuild.lock.json")
    assert tree(out) == before and (project / "qrbuild.lock.json").read_bytes() == lock
    # An edit that cannot be saved leaves the manifest as it was.
    failed_with_io_error(qrbuild(project, "set-destination", code_id(1), "https://example.com/changed", check=False), "qrcodes.json")
    assert (project / "qrcodes.json").read_bytes() == text
    assert not [name for name in os.listdir(project) if name.startswith(".qrcodes.json") or name.endswith(".next")]
    filler.unlink()
    qrbuild(project, "build", "-o", out)


def test_a_full_disk_under_the_store_keeps_its_counts(tmp_path, small_disk):
    project = tmp_path / "project"
    project.mkdir()
    shutil.copy(EXAMPLE, project / "qrcodes.json")
    lines = synthetic_lines(30_000, seed=5)
    (project / "a.log").write_text("".join(lines[:3_000]))
    (project / "b.log").write_text("".join(lines[3_000:]))
    store = small_disk / "analytics.sqlite"
    qrbuild(project, "ingest", project / "a.log", "--store", store)
    counted = all_totals(project, "--store", store)
    filler = fill(small_disk, leave=8 * 1024)
    failed_with_io_error(qrbuild(project, "ingest", project / "b.log", "--store", store, check=False), store)
    # Reading the store opens it for writing too (SQLite's WAL): room is made first.
    filler.unlink()
    assert all_totals(project, "--store", store) == counted
    with sqlite3.connect(store) as database:
        assert database.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    qrbuild(project, "ingest", project / "a.log", project / "b.log", "--store", store)
    reference = tmp_path / "reference"
    reference.mkdir()
    shutil.copy(EXAMPLE, reference / "qrcodes.json")
    (reference / "all.log").write_text("".join(lines))
    qrbuild(reference, "ingest", reference / "all.log")
    assert all_totals(project, "--store", store) == all_totals(reference)


def test_a_read_only_disk_is_named_and_nothing_changes(tmp_path, small_disk):
    project = small_disk / "project"
    project.mkdir()
    shutil.copy(EXAMPLE, project / "qrcodes.json")
    (project / "access.log").write_text("".join(synthetic_lines(500, seed=3)))
    qrbuild(project, "build", "-o", small_disk / "dist")
    qrbuild(project, "ingest", project / "access.log")
    before = tree(small_disk)
    remount(small_disk, "ro")
    try:
        failed_with_io_error(qrbuild(project, "build", "-o", small_disk / "dist2", check=False), small_disk)
        (tmp_path / "more.log").write_text("".join(synthetic_lines(200, seed=4)))
        failed_with_io_error(qrbuild(project, "ingest", tmp_path / "more.log", check=False), ".qrbuild")
        failed_with_io_error(qrbuild(project, "set-destination", "k3x9pq7m", "https://example.com/new", check=False), ".qrbuild")
        assert tree(small_disk) == before
    finally:
        remount(small_disk, "rw")
