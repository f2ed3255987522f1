"""Drill: builds killed with SIGKILL at random moments, and at the moments between the steps
that must look atomic together (the exchange of the output folders and the lockfile's
rename), which a random signal would almost never hit.

Each step changes the manifest (destinations move, codes are added) and builds it with its
own SOURCE_DATE_EPOCH, so every complete build differs from the one before. After each kill:
`dist/` is byte for byte either the previous complete build or the next, the lockfile (as
qrbuild reads it: see docs/reliability.md on the pending lockfile) is valid and is the one of
that same build, and the next build succeeds and equals a build of the same manifests that
was never killed.

Bounded for CI (QRBUILD_DRILL_BUILDS=6 steps of QRBUILD_DRILL_CODES=800 codes); the long
form is `QRBUILD_DRILL_BUILDS=200 QRBUILD_DRILL_CODES=10000 pytest -s ...` with a release binary.
"""
import conftest
import hashlib
import json
import os
import random
import signal
import subprocess
import time

from conftest import ROOT

STEPS = int(os.environ.get("QRBUILD_DRILL_BUILDS", "6"))
CODES = int(os.environ.get("QRBUILD_DRILL_CODES", "800"))
BINARY = os.environ.get("QRBUILD_BIN") or os.path.join(ROOT, ".build", "debug", "qrbuild")
STOPS = ["output-written", "before-swap", "after-swap", "after-lockfile"]
EPOCH = 1_780_000_000


def code_id(index):
    return conftest.code_id(index, "qz")


def manifest(step):
    """The manifest of `step`: CODES codes, a few more each step, destinations moved by step."""
    codes = []
    for index in range(CODES + 7 * step):
        moved = step if index % 13 == step % 13 else 0
        codes.append({"id": code_id(index), "name": f"code-{index}", "data": f"https://example.com/p/{index}?v={moved}",
                      "returnType": ["png", "svg"][index % 2], "tags": [f"t{index % 5}"]})
    return json.dumps({"version": 1, "redirect": {"base": "https://qr.example.com/r/"}, "codes": codes}, indent=1)


def build(project, step, stop_at=None):
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH + 86_400 * step), "QRBUILD_TIMINGS": "1"}
    if stop_at:
        env["QRBUILD_DRILL_STOP_AT"] = stop_at
    return subprocess.Popen([BINARY, "build", "-o", "dist"], cwd=project, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def build_to_end(project, step):
    (project / "qrcodes.json").write_text(manifest(step))
    process = build(project, step)
    _, stderr = process.communicate(timeout=600)
    assert process.returncode == 0, stderr.decode()


tree = conftest.tree_digest


def lockfile_as_read(project):
    """The lockfile qrbuild will use: the one in place, unless the output's lock file records a
    pending one and the output is the folder it was written for (the build was killed between
    the exchange and the rename; the next run finishes the rename)."""
    seal = (project / ".dist.lock").read_text() if (project / ".dist.lock").exists() else ""
    for line in seal.splitlines():
        if line.startswith("pending-lockfile "):
            temporary, _, inode = line.split(" ")[1:]
            temporary = bytes.fromhex(temporary).decode()
            if os.path.exists(temporary) and os.lstat(project / "dist").st_ino == int(inode):
                return open(temporary, "rb").read()
    return (project / "qrbuild.lock.json").read_bytes()


def state(project):
    lock = lockfile_as_read(project)
    json.loads(lock)  # a valid lockfile, never a half-written one
    return tree(project / "dist"), hashlib.sha256(lock).hexdigest()


def wait_stopped(process, timeout=600):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        with open(f"/proc/{process.pid}/stat") as handle:
            if handle.read().rsplit(")", 1)[1].split()[0] == "T":
                return True
        time.sleep(0.01)
    raise AssertionError("the build never reached its drill stop")


def phase_reached(stderr):
    laps = [line.split("timing: ", 1)[1].rsplit(":", 1)[0].strip()
            for line in stderr.decode(errors="replace").splitlines() if "timing: " in line]
    return laps[-1] if laps else "start"


def test_killed_builds_leave_the_previous_or_the_next_output(tmp_path):
    project, reference = tmp_path / "drill", tmp_path / "reference"
    project.mkdir()
    reference.mkdir()
    build_to_end(project, 0)
    build_to_end(reference, 0)
    states = [state(project)]
    assert states[0] == state(reference)
    rng = random.Random(STEPS * 7 + CODES)
    seconds = 1.0
    kills_by_phase, stops, finished = {}, {}, 0
    for step in range(1, STEPS + 1):
        (project / "qrcodes.json").write_text(manifest(step))
        # The first steps, and one in ten after, stop at a named moment; the rest at random.
        stop_at = STOPS[(step - 1) % len(STOPS)] if step <= len(STOPS) or step % 10 == 0 else None
        process = build(project, step, stop_at)
        if stop_at:
            assert wait_stopped(process), "the build ended before its drill stop"
            stops[stop_at] = stops.get(stop_at, 0) + 1
        else:
            time.sleep(rng.uniform(0, seconds * 1.1))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
            _, stderr = process.communicate()
            if not stop_at:
                phase = phase_reached(stderr)
                kills_by_phase[phase] = kills_by_phase.get(phase, 0) + 1
        else:
            process.communicate()
            finished += 1
        after_kill = state(project)
        started = time.monotonic()
        build_to_end(project, step)
        seconds = time.monotonic() - started
        states.append(state(project))
        assert after_kill in (states[-2], states[-1]), f"step {step} ({stop_at or 'random'}): neither the previous nor the next build"
        if stop_at == "after-swap":
            assert after_kill == states[-1]
        build_to_end(reference, step)
        assert states[-1] == state(reference), f"step {step}: a build after a kill differs from one never killed"
        assert states[-1] != states[-2]
        leftovers = sorted(name for name in os.listdir(project) if name.endswith(".next"))
        assert leftovers == [], leftovers
        if STEPS > 20:  # the long run: progress, so a stopped run still has its figures
            print(f"drill step {step}: {stop_at or 'random'}; stops {stops}; random kills by phase {kills_by_phase}; "
                  f"{finished} ended before their signal", flush=True)
    print(f"drill: {STEPS} builds of {CODES}+ codes; stopped and killed at {stops}; "
          f"killed at random in the phase after {kills_by_phase}; {finished} ended before their signal")
