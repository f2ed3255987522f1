"""qrbuild diff: what a pull request does to the codes, against a git revision or a file."""
import json
import shutil
import subprocess

import pytest

from test_manifest import EXAMPLE, qrbuild

GIT = ["git", "-c", "user.email=ci@example.com", "-c", "user.name=CI", "-c", "init.defaultBranch=main"]


def git(folder, *args):
    subprocess.run([*GIT, "-C", str(folder), *args], check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """The example, built once (its ids published) and committed."""
    git(tmp_path, "init", "-q")
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    qrbuild(tmp_path, "build")
    git(tmp_path, "add", "qrcodes.json", "qrbuild.lock.json")
    git(tmp_path, "commit", "-q", "-m", "codes")
    return tmp_path


def edit(repo, change):
    manifest = json.loads((repo / "qrcodes.json").read_text())
    change(manifest)
    (repo / "qrcodes.json").write_text(json.dumps(manifest, indent=2))


def diff(repo, *args, env=None):
    return qrbuild(repo, "diff", *args, env={"CI": "", "GITHUB_BASE_REF": "", **(env or {})}, check=False)


def test_every_kind_of_change_in_the_api_shape(repo):
    def change(m):
        m["codes"][0]["data"] = "https://example.com/moved"
        m["codes"][1]["style"] = {"errorCorrection": "Q"}
        m["codes"][2]["status"] = "inactive"
        m["codes"][3]["tags"] = ["flyers"]
        m["codes"].append({"type": "static", "name": "new-one", "data": "https://example.com/n"})
        m["codes"].append({"id": "n3w5c0d7".replace("0", "q"), "name": "new-dynamic", "data": "https://example.com/d"})
        next(c for c in m["codes"] if c["name"] == "lobby-wifi")["data"]["ssid"] = "Guest-5G"
    edit(repo, change)
    result = diff(repo, "--json")
    assert result.returncode == 75, result.stderr.decode()
    assert "2 published or existing codes would be reprinted" in result.stderr.decode()
    body = json.loads(result.stdout)
    assert body["base"] == "HEAD"
    assert body["added"] == [{"id": None, "name": "new-one"}, {"id": "n3w5cqd7", "name": "new-dynamic"}]
    assert body["removed"] == []
    assert body["destinationChanged"] == [{"id": "k3x9pq7m", "name": "spring-poster",
                                          "from": "https://example.com/spring?utm_source=poster", "to": "https://example.com/moved"}]
    assert body["statusChanged"] == [{"id": "m4n8q2wt", "name": "flyer-a5", "from": "active", "to": "inactive"}]
    assert body["tagsChanged"] == [{"id": "r9t5y3bk", "name": "flyer-a6", "added": ["flyers"], "removed": ["flyer"]}]
    assert body["reprints"] == [{"id": "h7c2vx9d", "name": "spring-poster-de", "reason": "error correction M → Q"},
                                {"id": None, "name": "lobby-wifi", "reason": "its data changed (a static code encodes it)"}]
    assert diff(repo, "--json", "--allow-reprint").returncode == 0


def test_a_removed_published_id_is_refused_and_an_unchanged_manifest_is_quiet(repo):
    assert diff(repo).stdout.decode() == "no code changes against HEAD\n" and diff(repo).returncode == 0
    edit(repo, lambda m: m["codes"].pop(4))
    result = diff(repo, "--allow-reprint")
    assert result.returncode == 75
    assert result.stdout.decode() == 'removed: w8d2rt4n sales-card (published: the build refuses this; set "status": "inactive" instead)\n'


def test_secret_destinations_are_masked_and_markdown_cannot_be_broken(repo):
    key = qrbuild(repo, "encrypt", "--new-key").stdout.decode().strip()
    qrbuild(repo, "encrypt", "k3x9pq7m", env={"QRBUILD_KEY": key})
    # A dynamic text code's destination is its text: anything may stand there.
    edit(repo, lambda m: m["codes"][2].update(dataType="text", data="a|b`c<script>\n| x |"))
    body = json.loads(diff(repo, "--json").stdout)
    assert body["destinationChanged"][0]["from"] == "https://example.com/spring?utm_source=poster"
    assert body["destinationChanged"][0]["to"] == "(hidden)"
    markdown = diff(repo, "--markdown").stdout.decode()
    rows = [line for line in markdown.splitlines() if line.startswith("| destination")]
    assert len(rows) == 2 and all(row.count(" | ") == 3 for row in rows), markdown
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown


def test_against_a_file_a_new_manifest_and_the_ci_default(repo, tmp_path_factory):
    other = tmp_path_factory.mktemp("other") / "qrcodes.json"
    manifest = json.loads((repo / "qrcodes.json").read_text())
    manifest["codes"] = manifest["codes"][:3]
    other.write_text(json.dumps(manifest))
    body = json.loads(diff(repo, "--against", other, "--json").stdout)
    assert [code["name"] for code in body["added"]] == ["flyer-a6", "sales-card", "lobby-wifi", "store-phone",
                                                        "store-location", "old-flyer", "trial-results"]
    fresh = tmp_path_factory.mktemp("fresh")
    git(fresh, "init", "-q")
    (fresh / "README").write_text("x")
    git(fresh, "add", "README")
    git(fresh, "commit", "-q", "-m", "start")
    shutil.copy(EXAMPLE, fresh / "qrcodes.json")
    assert len(json.loads(diff(fresh, "--json").stdout)["added"]) == 10
    ci = diff(repo, env={"CI": "true", "GITHUB_BASE_REF": "release"})
    assert ci.returncode == 74 and 'git knows no revision "origin/release"' in ci.stderr.decode()
    bad = diff(repo, "--upload-pack=x")
    assert bad.returncode != 0
