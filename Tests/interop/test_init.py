"""qrbuild init: a repository's starting files, valid for the tools that read them, and
never overwriting one."""
import json
import os
import shutil
import subprocess

import pytest
import yaml

from nginx_server import NginxServer
from test_manifest import qrbuild



def check_schema(schema, path):
    tool = os.path.join(os.path.dirname(os.path.abspath(__import__("sys").executable)), "check-jsonschema")
    completed = subprocess.run([tool, "--builtin-schema", schema, str(path)], capture_output=True, text=True)
    assert completed.returncode == 0, completed.stdout + completed.stderr


@pytest.mark.parametrize("ci", ["github", "gitlab", "none"])
def test_init_makes_a_working_repository_and_is_idempotent(tmp_path, ci):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / ".gitignore").write_text("node_modules/")  # no final newline
    first = qrbuild(tmp_path, "init", "--ci", ci).stdout.decode()
    assert "created qrcodes.json" in first and "added to .gitignore: dist/ .dist.* .qrbuild/ .qrbuild.lock.json.*" in first
    manifest = json.loads((tmp_path / "qrcodes.json").read_text())
    assert manifest["$schema"] == "./qrbuild.schema.json" and len(manifest["codes"]) == 1
    assert json.loads((tmp_path / "qrbuild.schema.json").read_text())["$schema"].startswith("https://json-schema.org/")
    assert (tmp_path / ".gitignore").read_text() == "node_modules/\n\n# qrbuild\ndist/\n.dist.*\n.qrbuild/\n.qrbuild.lock.json.*\n"
    if ci == "github":
        workflow = tmp_path / ".github" / "workflows" / "qrbuild.yml"
        check_schema("vendor.github-workflows", workflow)
        jobs = yaml.safe_load(workflow.read_text())["jobs"]
        steps = " ".join(step.get("run", "") for job in jobs.values() for step in job["steps"])
        assert "qrbuild validate" in steps and "qrbuild diff" in steps and "qrbuild build" in steps
    elif ci == "gitlab":
        pipeline = tmp_path / ".gitlab-ci.yml"
        check_schema("vendor.gitlab-ci", pipeline)
        jobs = yaml.safe_load(pipeline.read_text())
        assert jobs["stages"] == ["check", "build"] and "qrbuild build" in jobs["qrbuild-build"]["script"]
    else:
        assert not (tmp_path / ".github").exists() and not (tmp_path / ".gitlab-ci.yml").exists()
    hook = yaml.safe_load((tmp_path / ".pre-commit-config.yaml").read_text())
    assert hook["repos"][0]["hooks"][0]["entry"] == "qrbuild validate"

    # The repository works: validate, build, and git ignores what the build writes.
    qrbuild(tmp_path, "validate")
    qrbuild(tmp_path, "build")
    status = subprocess.run(["git", "-C", str(tmp_path), "status", "--porcelain", "--untracked-files=all"],
                            capture_output=True, text=True, check=True).stdout
    assert "dist/" not in status and ".dist." not in status and "qrbuild.lock.json" in status

    # The nginx site loads against the build's include files.
    site = (tmp_path / "nginx" / "qrbuild.conf").read_text().replace("/srv/qrbuild/dist", str(tmp_path / "dist"))
    server = NginxServer(tmp_path, tmp_path / "dist")
    server.conf.write_text(server.conf.read_text().split("http {")[0] + "http {\n    access_log off;\n"
                           + site.replace("listen 80;", f"listen 127.0.0.1:{server.port};").replace("listen [::]:80;", "") + "}\n")
    server.check()

    # Again: nothing overwritten, every file named as skipped.
    before = {path: path.read_bytes() for path in tmp_path.rglob("*") if path.is_file() and ".git/" not in str(path)}
    again = qrbuild(tmp_path, "init", "--ci", ci).stdout.decode()
    assert "created" not in again and "added to" not in again
    assert "skipped qrcodes.json: it exists; your codes are left as they are" in again
    assert {path: path.read_bytes() for path in before} == before
