"""SVG output: one path on an integer grid, crisp edges, viewBox in modules, optional
physical size, colours with opacity; rasterised by librsvg and decoded by both decoders."""
import re
import subprocess
import xml.etree.ElementTree as ET

import pytest

from conftest import read_matrix, run, zbar_decode, zxing_decode

SVG = "{http://www.w3.org/2000/svg}"
URL = "https://qr.example.com/r/k3x9pq7m"


def render_svg(*args, data=URL):
    text = run("render", "--data", data, "--format", "svg", *args).stdout.decode()
    return text, ET.fromstring(text)


def rasterise(svg_text, workdir, background="white"):
    source = workdir / "code.svg"
    target = workdir / "code.png"
    source.write_text(svg_text)
    subprocess.run(["rsvg-convert", "--width", "400", "--height", "400", "--background-color", background,
                    "-o", str(target), str(source)], check=True)
    return str(target)


def test_structure():
    text, root = render_svg()
    size = len(read_matrix(run("render", "--data", URL, "--format", "matrix").stdout))
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {size + 8} {size + 8}"
    assert root.get("shape-rendering") == "crispEdges"
    paths = root.findall(f"{SVG}path")
    assert len(paths) == 1
    assert len(root.findall(f"{SVG}rect")) == 1  # the background only
    assert re.fullmatch(r"(M\d+ \d+h\d+v1H\d+z)+", paths[0].get("d"))
    assert len(text) < 6000


def test_path_covers_exactly_the_dark_modules():
    rows = read_matrix(run("render", "--data", URL, "--format", "matrix", "--mask", 5).stdout)
    _, root = render_svg("--mask", "5", "--margin", "3")
    dark = set()
    for x, y, width in re.findall(r"M(\d+) (\d+)h(\d+)", root.find(f"{SVG}path").get("d")):
        for dx in range(int(width)):
            dark.add((int(x) + dx - 3, int(y) - 3))
    expected = {(x, y) for y, row in enumerate(rows) for x, c in enumerate(row) if c == "1"}
    assert dark == expected


def test_physical_size_and_colours():
    _, root = render_svg("--size", "30mm", "--fg", "#112233cc", "--bg", "#FFEECC")
    assert root.get("width") == "30mm" and root.get("height") == "30mm"
    path = root.find(f"{SVG}path")
    assert path.get("fill") == "#112233"
    assert path.get("fill-opacity") == "0.8"
    assert root.find(f"{SVG}rect").get("fill") == "#ffeecc"


def test_transparent_background_has_no_rect():
    _, root = render_svg("--bg", "transparent")
    assert root.findall(f"{SVG}rect") == []


@pytest.mark.parametrize("args", [(), ("--fg", "#003366", "--bg", "#f0f0f0"), ("--margin", "6"),
                                  ("--size", "1.5in"), ("--bg", "transparent"), ("--ecc", "H")])
@pytest.mark.parametrize("data", [URL, "Grüße aus Köln 😀", "日本語のテキスト", "0123456789" * 30])
def test_rasterised_svg_decodes(workdir, args, data):
    text, _ = render_svg(*args, data=data)
    png = rasterise(text, workdir)
    assert zbar_decode(png) == data.encode()
    assert zxing_decode(png) == data.encode()


@pytest.mark.parametrize("version", [1, 10, 25, 40])
def test_large_versions_rasterise_and_decode(workdir, version):
    data = "svg-" + "x" * (version * 10)
    text = run("render", "--data", data, "--format", "svg", "--min-symbol-version", version).stdout.decode()
    source = workdir / "code.svg"
    source.write_text(text)
    target = workdir / "code.png"
    subprocess.run(["rsvg-convert", "--zoom", "5", "-o", str(target), str(source)], check=True)
    assert zbar_decode(str(target)) == data.encode()
    assert zxing_decode(str(target)) == data.encode()
