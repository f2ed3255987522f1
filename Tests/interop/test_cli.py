"""The command line: defaults, the API's JSON shape, stdin, and one clear line on
stderr with a non-zero exit code for every bad input, with nothing half-written."""
import base64
import json
import os
import pty

import pytest

from conftest import BIN, read_matrix, run, zbar_decode, zxing_decode

URL = "https://qr.example.com/r/k3x9pq7m"


def test_tool_version_flag_is_the_tools_own():
    assert run("--version").stdout.decode().strip() == "0.1.0"


def test_svg_goes_to_stdout_by_default():
    assert run("render", "--data", URL).stdout.startswith(b"<svg ")


def test_format_follows_the_output_extension(workdir):
    run("render", "--data", URL, "-o", workdir / "a.png")
    run("render", "--data", URL, "-o", workdir / "a.svg")
    assert (workdir / "a.png").read_bytes().startswith(b"\x89PNG")
    assert (workdir / "a.svg").read_bytes().startswith(b"<svg ")


def test_matrix_has_no_quiet_zone():
    rows = read_matrix(run("render", "--data", URL, "--format", "matrix").stdout)
    assert len(rows) == 29 and all(len(row) == 29 for row in rows)
    assert rows[0].startswith("1111111") and rows[0].endswith("1111111")


def test_terminal_output_uses_half_blocks_and_explicit_colours():
    text = run("render", "--data", URL, "--format", "terminal").stdout.decode()
    lines = text.rstrip("\n").split("\n")
    assert len(lines) == (29 + 8 + 1) // 2
    assert all(line.startswith("\x1b[38;5;16;48;5;231m") and line.endswith("\x1b[0m") for line in lines)
    assert set("".join(lines).replace("\x1b[38;5;16;48;5;231m", "").replace("\x1b[0m", "")) <= set(" ▀▄█")


def test_json_svg_matches_the_api_shape():
    body = json.loads(run("render", "--data", URL, "--json").stdout)
    assert list(body) == ["type", "dataType", "format", "image"]
    assert body["type"] == "static" and body["dataType"] == "url" and body["format"] == "svg"
    assert body["image"].startswith("<svg ")
    assert json.loads(run("render", "--data", "hello", "--json").stdout)["dataType"] == "text"
    assert json.loads(run("render", "--data", "ftp://x", "--json").stdout)["dataType"] == "text"


def test_json_png_is_a_data_uri_that_decodes(workdir):
    body = json.loads(run("render", "--data", URL, "--json", "--format", "png").stdout)
    assert body["format"] == "png"
    prefix = "data:image/png;base64,"
    assert body["image"].startswith(prefix)
    path = workdir / "from-json.png"
    path.write_bytes(base64.b64decode(body["image"][len(prefix):]))
    assert zbar_decode(str(path)) == URL.encode()
    assert zxing_decode(str(path)) == URL.encode()


def test_png_is_never_dumped_on_a_terminal():
    main, secondary = pty.openpty()
    import subprocess
    completed = subprocess.run([BIN, "render", "--data", URL, "--format", "png", "-o", "-"],
                               stdout=secondary, stderr=subprocess.PIPE, timeout=30)
    os.close(secondary)
    os.close(main)
    assert completed.returncode == 64
    assert b"terminal" in completed.stderr


@pytest.mark.parametrize("args,code,needle", [
    (["--mask", "8"], 64, "--mask must be 0-7"),
    (["--mask", "-1"], 64, "--mask must be 0-7"),
    (["--ecc", "X"], 64, "'X' is invalid for '--ecc"),
    (["--format", "gif"], 64, "'gif' is invalid for '--format"),
    (["--symbol-version", "41"], 64, "--symbol-version must be 1-40"),
    (["--min-symbol-version", "0"], 64, "--min-symbol-version must be 1-40"),
    (["--min-symbol-version", "9", "--max-symbol-version", "3"], 64, "above maximum version"),
    (["--fg", "reddish"], 64, "invalid colour 'reddish'"),
    (["--bg", "#12345"], 64, "invalid colour '#12345'"),
    (["--size", "30"], 64, "invalid size '30'"),
    (["--size", "-3mm"], 64, "invalid size"),
    (["--scale", "0", "--format", "png"], 64, "at least 1 pixel per module"),
    (["--width", "20", "--format", "png"], 64, "too small"),
    (["--scale", "2", "--width", "300", "--format", "png"], 64, "not both"),
    (["--size", "30mm", "--format", "png"], 64, "needs --dpi"),
    (["--dpi", "0", "--format", "png"], 64, "dpi must be"),
    (["--margin", "-1"], 64, "margin must be"),
    (["--json", "--format", "matrix"], 64, "--json returns an image"),
    (["--symbol-version", "1", "--ecc", "H"], 65, "data too long"),
    (["--bogus"], 64, "Unknown option '--bogus'"),
])
def test_bad_input_is_one_clear_line_and_writes_nothing(workdir, args, code, needle):
    target = workdir / "out.png"
    target.write_bytes(b"previous")
    data = URL + "/" + "x" * 40
    result = run("render", "--data", data, "-o", target, *args, check=False)
    assert result.code == code, result.stderr
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("qrbuild: error: "), result.stderr
    assert needle in result.stderr
    assert target.read_bytes() == b"previous"
    assert sorted(os.listdir(workdir)) == ["out.png"], "no temporary files left behind"


def test_missing_directory_is_an_io_error(workdir):
    result = run("render", "--data", URL, "-o", workdir / "no" / "such" / "dir.svg", check=False)
    assert result.code == 74
    assert "cannot create a temporary file beside" in result.stderr


def test_data_that_looks_like_an_option(workdir):
    run("render", "--data", "--not-an-option", "-o", workdir / "dash.png")
    assert zbar_decode(str(workdir / "dash.png")) == b"--not-an-option"


HALF_BLOCKS = {"█": (1, 1), "▀": (1, 0), "▄": (0, 1), " ": (0, 0)}


@pytest.mark.parametrize("data,margin", [(URL, 4), ("Grüße 😀", 2), ("0123456789" * 40, 4)])
def test_terminal_half_blocks_are_the_symbol(workdir, data, margin):
    """Map the half blocks back to modules: they equal the matrix plus its quiet zone,
    and an image drawn from them decodes with both decoders."""
    from PIL import Image

    text = run("render", "--data", data, "--format", "terminal", "--margin", margin).stdout.decode()
    lines = [line.replace("\x1b[38;5;16;48;5;231m", "").replace("\x1b[0m", "") for line in text.rstrip("\n").split("\n")]
    grid = []
    for line in lines:
        grid.append([HALF_BLOCKS[c][0] for c in line])
        grid.append([HALF_BLOCKS[c][1] for c in line])
    matrix = read_matrix(run("render", "--data", data, "--format", "matrix").stdout)
    size = len(matrix) + 2 * margin
    grid = grid[:size]
    expected = [[0] * size for _ in range(size)]
    for y, row in enumerate(matrix):
        for x, c in enumerate(row):
            expected[y + margin][x + margin] = int(c)
    assert grid == expected
    scale = 6
    image = Image.new("L", ((size + 8) * scale, (size + 8) * scale), 255)
    for y, row in enumerate(grid):
        for x, dark in enumerate(row):
            if dark:
                image.paste(0, ((x + 4) * scale, (y + 4) * scale, (x + 5) * scale, (y + 5) * scale))
    path = workdir / "terminal.png"
    image.save(path)
    assert zbar_decode(str(path)) == data.encode()
    assert zxing_decode(str(path)) == data.encode()
