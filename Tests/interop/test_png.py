"""PNG output: valid for strict checkers (pngcheck, Pillow), the right pixel format,
exact sizes and densities, pixels that match the matrix, and styles that still decode."""
import struct
import subprocess
import zlib

import pytest
from PIL import Image

from conftest import read_matrix, run, zbar_decode, zxing_decode

URL = "https://qr.example.com/r/k3x9pq7m"


def chunks(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset = 8
    found = []
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset:offset + 4])
        kind = data[offset + 4:offset + 8]
        body = data[offset + 8:offset + 8 + length]
        (crc,) = struct.unpack(">I", data[offset + 8 + length:offset + 12 + length])
        assert crc == zlib.crc32(kind + body), f"bad CRC on {kind}"
        found.append((kind.decode(), body))
        offset += 12 + length
    return found


def render_png(workdir, *args, data=URL):
    path = workdir / "code.png"
    run("render", "--data", data, "-o", path, *args)
    subprocess.run(["pngcheck", "-q", str(path)], check=True)
    with Image.open(path) as image:
        image.load()  # Pillow decompresses and checks every scanline
    return path


@pytest.mark.parametrize("args,mode,color_type,depth", [
    ((), "1", 0, 1),
    (("--fg", "#1a2b3c", "--bg", "#fafad2"), "P", 3, 1),
    (("--fg", "#ffffff", "--bg", "#000000", "--invert"), "P", 3, 1),
    (("--bg", "transparent"), "RGBA", 6, 8),
    (("--fg", "#000080c0",), "RGBA", 6, 8),
])
def test_pixel_format_follows_the_colours(workdir, args, mode, color_type, depth):
    path = render_png(workdir, *args)
    header = dict(chunks(path.read_bytes()))["IHDR"]
    assert header[8] == depth and header[9] == color_type
    with Image.open(path) as image:
        assert image.mode == mode


@pytest.mark.parametrize("args", [
    (), ("--fg", "#1a2b3c", "--bg", "#fafad2"), ("--fg", "#003366"), ("--scale", "3"), ("--margin", "8"),
    ("--width", "500"), ("--fg", "#000000cc"), ("--ecc", "H", "--fg", "#8b0000"),
])
def test_styled_png_decodes(workdir, args):
    path = render_png(workdir, *args)
    if "--fg" in args and len(args[args.index("--fg") + 1]) == 9:
        # Decoders ignore alpha; flatten onto white as a printer would.
        with Image.open(path) as image:
            flat = Image.new("RGBA", image.size, "white")
            flat.alpha_composite(image.convert("RGBA"))
            flat.convert("RGB").save(path)
    assert zbar_decode(str(path)) == URL.encode()
    assert zxing_decode(str(path)) == URL.encode()


def test_transparent_background_on_white_decodes(workdir):
    path = render_png(workdir, "--bg", "transparent")
    with Image.open(path) as image:
        assert image.getpixel((0, 0))[3] == 0
        flat = Image.new("RGBA", image.size, "white")
        flat.alpha_composite(image)
        flat.convert("L").save(path)
    assert zbar_decode(str(path)) == URL.encode()


def test_pixels_match_the_matrix(workdir):
    rows = read_matrix(run("render", "--data", URL, "--format", "matrix", "--mask", 3).stdout)
    path = render_png(workdir, "--scale", "7", "--margin", "2", "--mask", "3")
    with Image.open(path) as image:
        size = len(rows)
        assert image.size == ((size + 4) * 7, (size + 4) * 7)
        for y in range(image.size[1]):
            for x in range(image.size[0]):
                mx, my = x // 7 - 2, y // 7 - 2
                dark = 0 <= mx < size and 0 <= my < size and rows[my][mx] == "1"
                assert image.getpixel((x, y)) == (0 if dark else 255), (x, y)


@pytest.mark.parametrize("width", [37, 100, 333, 512, 1000])
def test_width_is_exact_with_whole_pixels_per_module(workdir, width):
    path = render_png(workdir, "--width", str(width))
    with Image.open(path) as image:
        assert image.size == (width, width)
    if width >= 100:
        assert zbar_decode(str(path)) == URL.encode()


def test_dpi_writes_phys_and_size_sets_width(workdir):
    path = render_png(workdir, "--dpi", "300", "--size", "30mm")
    found = dict(chunks(path.read_bytes()))
    x, y, unit = struct.unpack(">IIB", found["pHYs"])
    assert (x, y, unit) == (11811, 11811, 1)  # 300 dpi in pixels per metre
    with Image.open(path) as image:
        assert image.size == (354, 354)  # 30 mm at 300 dpi
        assert round(image.info["dpi"][0]) == 300
    assert zxing_decode(str(path)) == URL.encode()


def test_png_to_a_pipe(workdir):
    result = run("render", "--data", URL, "--format", "png", "-o", "-")
    assert result.stdout.startswith(b"\x89PNG")
    (workdir / "piped.png").write_bytes(result.stdout)
    assert zbar_decode(str(workdir / "piped.png")) == URL.encode()
