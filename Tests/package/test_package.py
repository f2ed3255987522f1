"""make dist: the tarball and the .deb install and work outside the source tree."""
import glob
import gzip
import os
import shutil
import subprocess
import tarfile

import pytest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
EXAMPLE = os.path.join(ROOT, "examples", "qrcodes.json")


@pytest.fixture(scope="module")
def packages():
    """Builds the packages once (the static build takes minutes the first time)."""
    subprocess.run([os.path.join(ROOT, "scripts", "dist.sh")], check=True, timeout=3600)
    debs = glob.glob(os.path.join(ROOT, "packages", "qrbuild_*.deb"))
    tarballs = glob.glob(os.path.join(ROOT, "packages", "qrbuild-*.tar.gz"))
    assert len(debs) == 1 and len(tarballs) == 1, (debs, tarballs)
    return debs[0], tarballs[0]


def test_the_deb_installs_runs_a_build_and_removes_cleanly(packages, tmp_path):
    deb, _ = packages
    fields = subprocess.run(["dpkg-deb", "--field", deb, "Depends"], capture_output=True, text=True, check=True).stdout
    for library in ("libarchive13", "libmaxminddb0", "libsqlite3-0", "zlib1g", "libc6"):
        assert library in fields, fields
    if os.geteuid() != 0:
        pytest.skip("installing a .deb needs root")
    subprocess.run(["dpkg", "-r", "qrbuild"], capture_output=True)  # a leftover from an interrupted run
    subprocess.run(["dpkg", "-i", deb], check=True, capture_output=True)
    try:
        version = subprocess.run(["/usr/bin/qrbuild", "--version"], capture_output=True, text=True, check=True).stdout.strip()
        assert version and version[0].isdigit()
        shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
        built = subprocess.run(["/usr/bin/qrbuild", "build"], cwd=tmp_path, capture_output=True, text=True)
        assert built.returncode == 0, built.stderr
        assert (tmp_path / "dist" / "bulk" / "all.zip").exists()
        assert os.path.exists("/usr/share/man/man1/qrbuild.build.1.gz")
        with gzip.open("/usr/share/man/man1/qrbuild.diff.1.gz", "rt") as page:
            text = page.read()
            assert ".Dt QRBUILD.DIFF 1" in text and "against" in text  # an mdoc page of the diff command
        assert os.path.exists("/usr/share/bash-completion/completions/qrbuild")
        assert os.path.exists("/usr/share/zsh/vendor-completions/_qrbuild")
        completion = subprocess.run(["bash", "-c", "source /usr/share/bash-completion/completions/qrbuild && complete -p qrbuild"],
                                    capture_output=True, text=True)
        assert completion.returncode == 0 and "qrbuild" in completion.stdout
    finally:
        subprocess.run(["dpkg", "-r", "qrbuild"], check=True, capture_output=True)
    assert not os.path.exists("/usr/bin/qrbuild")


def test_the_tarball_holds_a_self_contained_binary(packages, tmp_path):
    _, tarball = packages
    with tarfile.open(tarball) as archive:
        archive.extractall(tmp_path, filter="data")
    (folder,) = [path for path in tmp_path.iterdir() if path.is_dir()]
    binary = folder / "bin" / "qrbuild"
    linked = subprocess.run(["ldd", str(binary)], capture_output=True, text=True).stdout
    assert "libswiftCore" not in linked and "libFoundation" not in linked, linked
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    built = subprocess.run([str(binary), "build"], cwd=tmp_path, capture_output=True, text=True,
                           env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)})
    assert built.returncode == 0, built.stderr
    assert (folder / "share" / "man" / "man1" / "qrbuild.1.gz").exists()
    assert (folder / "share" / "fish" / "vendor_completions.d" / "qrbuild.fish").exists()


def test_make_install_and_uninstall_under_a_prefix(tmp_path):
    stage = tmp_path / "stage"
    subprocess.run(["make", "-C", ROOT, "install", f"DESTDIR={stage}", "PREFIX=/usr/local"], check=True,
                   capture_output=True, timeout=3600)
    prefix = stage / "usr" / "local"
    installed = sorted(str(path.relative_to(prefix)) for path in prefix.rglob("*") if path.is_file())
    assert "bin/qrbuild" in installed
    assert "share/man/man1/qrbuild.1.gz" in installed and "share/man/man1/qrbuild.init.1.gz" in installed
    assert {"share/bash-completion/completions/qrbuild", "share/zsh/site-functions/_qrbuild",
            "share/fish/vendor_completions.d/qrbuild.fish"} <= set(installed)
    version = subprocess.run([str(prefix / "bin" / "qrbuild"), "--version"], capture_output=True, text=True, check=True)
    assert version.stdout.strip()
    subprocess.run(["make", "-C", ROOT, "uninstall", f"DESTDIR={stage}", "PREFIX=/usr/local"], check=True, capture_output=True)
    assert [path for path in prefix.rglob("*") if path.is_file()] == []
