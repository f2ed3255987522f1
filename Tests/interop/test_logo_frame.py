"""Logos and frames (render --style and the manifest's style): SVG, PNG and JPEG logos at
`auto` and given sizes, square and round; frames in Latin, Japanese and Arabic; every image
in PNG, SVG (rasterised by librsvg, Chromium and Inkscape) and PDF decoded back exactly by
zbar, zxing-cpp and OpenCV. `--verify` and the size rule's messages are checked too."""
import io
import itertools
import json
import os
import random
import re
import shutil
import subprocess

import cv2
import numpy
import pytest
import zxingcpp
from PIL import Image, ImageDraw, ImageFilter

from conftest import BIN, ROOT
from test_style import SHAPES, decodes_everywhere

ARTIFACTS = os.path.join(ROOT, "test-artifacts")

SVG_LOGO = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 120 80" width="120" height="80">
  <rect x="4" y="4" width="112" height="72" rx="14" fill="#0b3d91"/>
  <path d="M28 54 L46 26 L60 48 L74 30 L92 54 Z" fill="#ffd166"/>
  <circle cx="86" cy="24" r="8" fill="#ef476f"/>
</svg>
"""


def write_logos(folder):
    """An SVG, a PNG with transparency and a JPEG logo in `folder`; their names."""
    (folder / "logo.svg").write_text(SVG_LOGO)
    image = Image.new("RGBA", (160, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, 152, 152), fill=(230, 57, 70, 255))
    draw.polygon([(50, 82), (72, 108), (116, 56), (104, 46), (72, 86), (60, 72)], fill=(255, 255, 255, 255))
    image.save(folder / "logo.png")
    photo = Image.new("RGB", (200, 120), (27, 153, 139))
    ImageDraw.Draw(photo).rectangle((30, 30, 170, 90), fill=(255, 255, 255))
    photo.save(folder / "logo.jpg", quality=90)
    return ["logo.svg", "logo.png", "logo.jpg"]


def render(folder, *args, check=True):
    """`qrbuild render` run in `folder`, so logo paths are relative to it."""
    completed = subprocess.run([BIN, "render", *map(str, args)], cwd=folder, capture_output=True, timeout=120)
    if check and completed.returncode != 0:
        pytest.fail(f"qrbuild render {' '.join(map(str, args))} exited {completed.returncode}: {completed.stderr.decode()}")
    return completed


def rasterise_svg(svg, png, width=800):
    subprocess.run(["rsvg-convert", "-w", str(width), "-b", "white", str(svg), "-o", str(png)], check=True)


def rasterise_pdf(pdf, stem):
    subprocess.run(["pdftoppm", "-r", "400", "-png", "-singlefile", str(pdf), str(stem)], check=True)
    return stem.parent / (stem.name + ".png")


@pytest.fixture
def logos(tmp_path):
    return write_logos(tmp_path)


def logo_cases():
    """Every module shape, each with a logo kind, a size and a footprint shape in turn."""
    kinds = ["logo.svg", "logo.png", "logo.jpg"]
    sizes = ["auto", 0.12, "auto", 0.08]
    for index, shape in enumerate(SHAPES):
        yield shape, kinds[index % 3], sizes[index % 4], ["square", "circle"][index % 2]


@pytest.mark.parametrize("shape,logo,size,footprint", list(logo_cases()))
def test_logos_decode_in_every_format(tmp_path, logos, shape, logo, size, footprint):
    data = f"https://example.com/logo/{shape}/{logo}"
    style = {"shape": shape, "finder": {"inner": "rounded"}, "logo": {"file": logo, "size": size, "shape": footprint}}
    if shape in ("rounded", "classy"):
        style["gradient"] = {"type": "linear", "angle": 45, "stops": ["#0b3d91", "#137a6f"]}
    render(tmp_path, "--data", data, "--style", json.dumps(style), "--verify", "-o", "code.png")
    decodes_everywhere(tmp_path / "code.png", data.encode())
    render(tmp_path, "--data", data, "--style", json.dumps(style), "--verify", "-o", "code.svg")
    svg = (tmp_path / "code.svg").read_text()
    assert "<image" in svg and "data:image/" in svg and "<script" not in svg
    rasterise_svg(tmp_path / "code.svg", tmp_path / "svg.png")
    decodes_everywhere(tmp_path / "svg.png", data.encode())
    render(tmp_path, "--data", data, "--style", json.dumps(style), "--verify", "-o", "code.pdf")
    decodes_everywhere(rasterise_pdf(tmp_path / "code.pdf", tmp_path / "pdf"), data.encode())


def test_an_oversized_logo_is_refused_with_the_largest_size_that_passes(tmp_path, logos):
    data = "https://example.com/oversized-logo"
    refused = render(tmp_path, "--data", data, "--style", json.dumps({"logo": {"file": "logo.svg", "size": 0.4}}),
                     "-o", "code.png", check=False)
    message = refused.stderr.decode()
    assert refused.returncode == 65, message
    largest = re.search(r"the largest size that passes at version (\d+)-H is ([0-9.]+)", message)
    assert largest, message
    assert not (tmp_path / "code.png").exists()
    # Exactly that size passes, decodes on all three, and one step more is refused.
    size = float(largest.group(2))
    for shape in ("square", "circle"):
        style = {"shape": "rounded", "logo": {"file": "logo.png", "size": size, "shape": shape}}
        result = render(tmp_path, "--data", data, "--style", json.dumps(style), "--verify", "-o", "code.png", check=False)
        if shape == "square":
            assert result.returncode == 0, result.stderr.decode()
            decodes_everywhere(tmp_path / "code.png", data.encode())
    over = render(tmp_path, "--data", data, "--style", json.dumps({"logo": {"file": "logo.svg", "size": round(size + 0.03, 2)}}),
                  "-o", "code.png", check=False)
    assert over.returncode == 65
    # A lower level has less to spare, and the message says so.
    low = render(tmp_path, "--data", data, "--ecc", "L", "--style", json.dumps({"logo": {"file": "logo.svg", "size": 0.2}}),
                 "-o", "code.png", check=False)
    assert low.returncode == 65 and "errorCorrection H" in low.stderr.decode()


def test_a_logo_defaults_to_level_h(tmp_path, logos):
    render(tmp_path, "--data", "https://example.com/h", "--style", json.dumps({"logo": {"file": "logo.svg"}}), "-o", "code.png")
    result = zxingcpp.read_barcodes(Image.open(tmp_path / "code.png"))[0]
    assert result.ec_level == "H"


FRAMES = [("SCAN ME", "bottom", "#000000"), ("Scannez-moi", "top", "#0b3d91"),
          ("スキャンしてください", "bottom", "#5a189a"), ("امسح الرمز", "top", "#1b4332")]


@pytest.mark.parametrize("text,position,color", FRAMES)
def test_frames_in_several_scripts_decode_in_every_format(tmp_path, logos, text, position, color):
    data = f"https://example.com/frame/{position}"
    style = {"shape": "rounded", "logo": {"file": "logo.svg"}, "frame": {"text": text, "position": position, "color": color}}
    for name in ("code.png", "code.svg", "code.pdf", "code.eps"):
        render(tmp_path, "--data", data, "--style", json.dumps(style), "--verify", "-o", name)
    decodes_everywhere(tmp_path / "code.png", data.encode())
    with Image.open(tmp_path / "code.png") as image:
        assert image.height > image.width  # the band adds height
    svg = (tmp_path / "code.svg").read_text()
    # Outlines, not text: no font needed to view it.
    assert "<text" not in svg and "font" not in svg
    rasterise_svg(tmp_path / "code.svg", tmp_path / "svg.png")
    decodes_everywhere(tmp_path / "svg.png", data.encode())
    decodes_everywhere(rasterise_pdf(tmp_path / "code.pdf", tmp_path / "pdf"), data.encode())
    info = subprocess.run(["pdfinfo", str(tmp_path / "code.pdf")], capture_output=True, text=True, check=True).stdout
    width, height = map(float, re.search(r"Page size:\s+([0-9.]+) x ([0-9.]+) pts", info).groups())
    assert height > width
    subprocess.run(["qpdf", "--check", str(tmp_path / "code.pdf")], check=True, capture_output=True)
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dEPSCrop", "-sDEVICE=png16m", "-r400",
                    f"-sOutputFile={tmp_path / 'eps.png'}", str(tmp_path / "code.eps")], check=True)
    decodes_everywhere(tmp_path / "eps.png", data.encode())


def test_the_frame_text_is_shaped_right_to_left(tmp_path):
    """Arabic is joined and laid right to left: the shaped outline differs from the same
    letters drawn apart, and mirrors nothing of the left-to-right text's layout."""
    joined = render(tmp_path, "--data", "x", "--style", json.dumps({"frame": {"text": "امسح"}}), "-o", "-", "--format", "svg").stdout
    apart = render(tmp_path, "--data", "x", "--style", json.dumps({"frame": {"text": "ا م س ح"}}), "-o", "-", "--format", "svg").stdout
    assert joined != apart


def test_styled_svg_is_one_path_per_colour_layer_and_looks_the_same_everywhere(tmp_path, logos):
    data = "https://example.com/svg-layers"
    style = {"shape": "dots", "finder": {"color": "#5a189a", "innerColor": "#c9184a"},
             "gradient": {"type": "radial", "stops": ["#1b1b3a", "#0b3d91"]}, "logo": {"file": "logo.svg", "shape": "circle"},
             "frame": {"text": "SCAN ME", "color": "#1b1b3a"}}
    render(tmp_path, "--data", data, "--style", json.dumps(style), "--size", "40mm", "-o", "code.svg")
    svg = (tmp_path / "code.svg").read_text()
    # frame, field, modules (gradient), rings, eyes, logo field, frame text.
    assert svg.count("<path") == 7, svg.count("<path")
    assert svg.count("<radialGradient") == 1 and 'width="40mm"' in svg and "clip-path" in svg
    rasterise_svg(tmp_path / "code.svg", tmp_path / "rsvg.png", width=600)
    decodes_everywhere(tmp_path / "rsvg.png", data.encode())
    # Chromium draws the same picture.
    chromium = shutil.which("chromium")
    (tmp_path / "page.html").write_text(f"<html><body style='margin:0;background:#fff'><img src='code.svg' style='width:600px'></body></html>")
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--window-size=600,800",
                    f"--screenshot={tmp_path / 'chromium.png'}", f"file://{tmp_path / 'page.html'}"],
                   check=True, capture_output=True, timeout=120)
    with Image.open(tmp_path / "rsvg.png") as ours, Image.open(tmp_path / "chromium.png") as theirs:
        crop = theirs.convert("RGB").crop((0, 0, ours.width, ours.height))
        crop.save(tmp_path / "chromium-crop.png")
        difference = numpy.abs(numpy.asarray(ours.convert("RGB"), dtype=int) - numpy.asarray(crop, dtype=int)).mean()
    assert difference < 6, difference
    decodes_everywhere(tmp_path / "chromium-crop.png", data.encode())
    if shutil.which("inkscape"):
        subprocess.run(["inkscape", "--export-type=png", "--export-width=600", "--export-background=white",
                        f"--export-filename={tmp_path / 'inkscape.png'}", str(tmp_path / "code.svg")],
                       check=True, capture_output=True, timeout=180, env={**os.environ, "HOME": str(tmp_path)})
        decodes_everywhere(tmp_path / "inkscape.png", data.encode())


def test_verify_refuses_an_image_zbar_cannot_read(tmp_path):
    style = json.dumps({"shape": "vertical-bars", "scale": 1, "margin": 0})
    refused = render(tmp_path, "--data", "https://example.com/verify-failure-case-long-enough", "--style", style, "--verify",
                     "-o", "code.png", check=False)
    assert refused.returncode == 65 and "does not scan" in refused.stderr.decode()
    assert not (tmp_path / "code.png").exists()
    # Without --verify it is written (the user asked for it), and plain codes are never checked.
    render(tmp_path, "--data", "https://example.com/verify-failure-case-long-enough", "--style", style, "-o", "code.png")
    render(tmp_path, "--data", "plain", "--scale", "1", "--margin", "0", "--verify", "-o", "plain.png")


def test_blurred_and_compressed_auto_logos_still_decode(tmp_path, logos):
    """Gaussian blur of a third of a module, then JPEG at quality 60: at least 95% of styled
    codes with `auto` logos, versions 2 to 10, still read on zxing-cpp. Bounded for CI:
    `make bench-style` is not a test."""
    rng = random.Random(1616)
    cases, read = 0, 0
    for index in range(45):
        version = 2 + index % 9
        shape = SHAPES[index % len(SHAPES)]
        logo = ["logo.svg", "logo.png", "logo.jpg"][index % 3]
        data = "https://ex.co/" + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(3 * version))
        style = {"shape": shape, "logo": {"file": logo, "shape": ["square", "circle"][index % 2]}, "scale": 8}
        render(tmp_path, "--data", data, "--min-symbol-version", version, "--style", json.dumps(style), "-o", "code.png")
        with Image.open(tmp_path / "code.png") as image:
            blurred = image.convert("RGB").filter(ImageFilter.GaussianBlur(8 / 3))
            buffer = io.BytesIO()
            blurred.save(buffer, "JPEG", quality=60)
            buffer.seek(0)
            results = zxingcpp.read_barcodes(Image.open(buffer), formats=zxingcpp.BarcodeFormat.QRCode)
        cases += 1
        read += any(result.text == data for result in results)
    assert read / cases >= 0.95, f"{read} of {cases}"


def test_manifest_logos_and_frames(tmp_path, logos):
    from test_manifest import qrbuild
    os.makedirs(tmp_path / "logos")
    shutil.move(tmp_path / "logo.svg", tmp_path / "logos" / "acme.svg")
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "defaults": {"returnType": "png", "style": {"shape": "rounded", "logo": {"file": "logos/acme.svg"}}},
                "codes": [{"id": "k3x9pq7m", "name": "poster", "data": "https://example.com/a"},
                          {"id": "h7c2vx9d", "name": "web", "data": "https://example.com/b", "returnType": "svg",
                           "style": {"frame": {"text": "Scannez-moi"}}},
                          {"id": "m4n8q2wt", "name": "print", "data": "https://example.com/c", "returnType": "pdf",
                           "style": {"logo": {"shape": "circle", "size": 0.1}}},
                          {"id": "p2r8s4tq", "name": "nologo", "data": "https://example.com/d", "style": {"logo": None}}]}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    qrbuild(tmp_path, "build", "--verify")
    images = tmp_path / "dist" / "images"
    decodes_everywhere(images / "k3x9pq7m.png", b"https://qr.example.com/r/k3x9pq7m")
    rasterise_svg(images / "h7c2vx9d.svg", tmp_path / "web.png")
    decodes_everywhere(tmp_path / "web.png", b"https://qr.example.com/r/h7c2vx9d")
    decodes_everywhere(rasterise_pdf(images / "m4n8q2wt.pdf", tmp_path / "print"), b"https://qr.example.com/r/m4n8q2wt")
    assert zxingcpp.read_barcodes(Image.open(images / "k3x9pq7m.png"))[0].ec_level == "H"
    assert zxingcpp.read_barcodes(Image.open(images / "p2r8s4tq.png"))[0].ec_level == "M"
    first = {path.name: path.read_bytes() for path in images.iterdir()}
    qrbuild(tmp_path, "build")
    assert {path.name: path.read_bytes() for path in images.iterdir()} == first
    # The logo's bytes are part of the printed image: a redrawn logo is a reprint.
    (tmp_path / "logos" / "acme.svg").write_text(SVG_LOGO.replace("#0b3d91", "#1b4332"))
    refused = qrbuild(tmp_path, "build", check=False)
    assert refused.returncode == 75 and "k3x9pq7m" in refused.stderr.decode() and "p2r8s4tq" not in refused.stderr.decode()
    qrbuild(tmp_path, "build", "--allow-reprint")
    assert (images / "k3x9pq7m.png").read_bytes() != first["k3x9pq7m.png"]
    # An oversized logo names its place in the manifest and the largest size that fits.
    manifest["codes"][0]["style"] = {"logo": {"size": 0.4}}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    refused = qrbuild(tmp_path, "build", "--allow-reprint", check=False)
    message = refused.stderr.decode()
    assert refused.returncode == 65 and re.search(r"qrcodes\.json:\d+:\d+: codes\[0\]\.style\.logo\.size: logo size 0\.4 .* is 0\.\d+", message), message


def test_bad_logos_and_frames_name_their_place(tmp_path, logos):
    from test_manifest import qrbuild
    os.symlink("/etc/passwd", tmp_path / "linked.svg")
    (tmp_path / "notes.txt").write_text("not an image")
    base = {"version": 1, "codes": [{"type": "static", "name": "a", "data": "https://example.com/a", "returnType": "png"}]}
    cases = [({"logo": {"file": "missing.svg"}}, "codes[0].style.logo.file: missing.svg does not exist"),
             ({"logo": {"file": "linked.svg"}}, "is a symbolic link"),
             ({"logo": {"file": "notes.txt"}}, "notes.txt is not an SVG, PNG or JPEG image"),
             ({"logo": {"file": "../logo.svg"}}, "codes[0].style.logo.file: must be a plain path"),
             ({"logo": {"file": "logo.svg", "size": 0.5}}, "codes[0].style.logo.size: must be \"auto\" or a fraction"),
             ({"logo": {"file": "logo.svg", "shape": "star"}}, "codes[0].style.logo.shape: must be \"square\" or \"circle\""),
             ({"logo": {"file": "logo.svg", "paddin": 1}}, "codes[0].style.logo.paddin: unknown key"),
             ({"frame": {"position": "left", "text": "x"}}, "codes[0].style.frame.position: must be \"bottom\" or \"top\""),
             ({"frame": {}}, "codes[0].style.frame.text: required"),
             ({"frame": {"text": "SCAN", "color": "#777777", "textColor": "#888888"}}, "codes[0].style.frame.textColor:"),
             ({"frame": {"text": "x" * 61}}, "codes[0].style.frame.text: must be one line")]
    for style, expected in cases:
        manifest = json.loads(json.dumps(base))
        manifest["codes"][0]["style"] = style
        (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
        result = qrbuild(tmp_path, "validate", check=False)
        message = result.stderr.decode()
        assert result.returncode == 65 and expected in message and re.search(r"qrcodes\.json:\d+:\d+: ", message), (style, message)
    # A frame in a script no installed font covers is refused, not drawn as boxes.
    unknown = render(tmp_path, "--data", "x", "--style", json.dumps({"frame": {"text": "\ue000\ue001"}}), "-o", "x.png", check=False)
    assert unknown.returncode == 65 and "no installed font" in unknown.stderr.decode()


def png_claiming(width, height):
    """A PNG whose header claims `width` × `height` pixels, with one short row of data."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 6, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00" * 64)) + chunk(b"IEND", b""))


def test_a_logo_claiming_billions_of_pixels_is_refused_before_it_is_decoded(tmp_path):
    """A few hundred bytes can claim 65,284 × 52,227 pixels: gdk-pixbuf would allocate 10 GB
    for them (FuzzLogo found the JPEG). The size is refused from the header, in little memory."""
    (tmp_path / "huge.png").write_bytes(png_claiming(60_000, 60_000))
    shutil.copy(os.path.join(ROOT, "Fuzz", "regressions", "FuzzLogo", "jpeg-claiming-3-billion-pixels"), tmp_path / "huge.jpg")
    for name, size in [("huge.png", "60000×60000"), ("huge.jpg", "65284×52227")]:
        completed = subprocess.run(["prlimit", "--as=2000000000", BIN, "render", "--data", "https://example.com/",
                                    "--style", json.dumps({"logo": {"file": name}}), "-o", "x.png"],
                                   cwd=tmp_path, capture_output=True, timeout=60)
        message = completed.stderr.decode()
        assert completed.returncode == 65 and f"{name} is {size} pixels; a logo may have at most 25 million" in message, message


@pytest.mark.parametrize("kind", ["baseline", "progressive", "grey", "cmyk", "truncated"])
def test_jpeg_logos_keep_their_colours(tmp_path, kind):
    """JPEG logos are decoded by libjpeg-turbo from memory: every colour model a camera or
    a design tool writes keeps its colour at the logo's centre, and a file cut short is
    drawn from the part that is there, as image viewers draw it."""
    colour = (200, 40, 90)
    image = Image.new("RGB", (120, 120), colour)
    buffer = io.BytesIO()
    if kind == "grey":
        image = image.convert("L")
        image.save(buffer, "JPEG", quality=95)
        colour = (image.getpixel((60, 60)),) * 3
    elif kind == "cmyk":
        image.convert("CMYK").save(buffer, "JPEG", quality=95)
    else:
        image.save(buffer, "JPEG", quality=95, progressive=kind == "progressive")
    data = buffer.getvalue()
    if kind == "truncated":
        # Cut inside the entropy-coded data: a tall logo, whose middle row (the symbol's
        # centre) is in the part kept.
        buffer = io.BytesIO()
        Image.new("RGB", (120, 480), colour).save(buffer, "JPEG", quality=95)
        data = buffer.getvalue()[: len(buffer.getvalue()) * 4 // 5]
    (tmp_path / "logo.jpg").write_bytes(data)
    style = {"logo": {"file": "logo.jpg", "size": 0.1, "background": "none"}}
    render(tmp_path, "--data", "https://example.com/jpeg", "--style", json.dumps(style), "-o", "code.png")
    drawn = Image.open(tmp_path / "code.png").convert("RGB")
    centre = drawn.getpixel((drawn.size[0] // 2, drawn.size[1] // 2))
    assert max(abs(a - b) for a, b in zip(centre, colour)) <= 12, (kind, centre, colour)


def test_a_jpeg_that_stalled_gdk_pixbuf_is_answered_at_once(tmp_path):
    """A 228-byte arithmetic-coded JPEG cut short made gdk-pixbuf's loader spin forever
    (FuzzLogo found it): a build with it as a logo would never end. It is drawn or refused
    at once now."""
    shutil.copy(os.path.join(ROOT, "Fuzz", "regressions", "FuzzLogo", "jpeg-arithmetic-truncated-spins-gdk-pixbuf"),
                tmp_path / "stall.jpg")
    completed = render(tmp_path, "--data", "https://example.com/", "--style", json.dumps({"logo": {"file": "stall.jpg"}}),
                       "-o", "x.png", check=False)
    message = completed.stderr.decode()
    assert completed.returncode in (0, 65), message
    if completed.returncode == 65:
        assert "stall.jpg" in message, message


def test_a_gallery_of_styles(tmp_path, logos):
    """Every shape with a logo and a frame in one sheet, kept in test-artifacts/ to look at."""
    tiles = []
    for index, shape in enumerate(SHAPES):
        style = {"shape": shape, "finder": {"inner": ["square", "rounded"][index % 2]},
                 "logo": {"file": ["logo.svg", "logo.png", "logo.jpg"][index % 3], "shape": ["square", "circle"][index % 2]},
                 "frame": {"text": [text for text, _, _ in FRAMES][index % 4], "color": FRAMES[index % 4][2],
                           "position": FRAMES[index % 4][1]}}
        if index % 3 == 1:
            style["gradient"] = {"type": "linear", "angle": 45, "stops": ["#0b3d91", "#137a6f"]}
        data = f"https://example.com/gallery/{shape}"
        render(tmp_path, "--data", data, "--style", json.dumps(style), "--scale", "6", "--verify", "-o", f"{shape}.png")
        decodes_everywhere(tmp_path / f"{shape}.png", data.encode())
        tiles.append(Image.open(tmp_path / f"{shape}.png").convert("RGB"))
    height = max(tile.height for tile in tiles)
    tiles = [tile.resize((tile.width * 300 // tile.height, 300)) for tile in tiles]
    sheet = Image.new("RGB", (10 + 4 * 260, 2 * 310 + 10), "#dddddd")
    for index, tile in enumerate(tiles):
        sheet.paste(tile, (10 + (index % 4) * 260, 10 + (index // 4) * 310))
    os.makedirs(ARTIFACTS, exist_ok=True)
    sheet.save(os.path.join(ARTIFACTS, "style-gallery.png"))
    assert height > 0


def test_a_return_type_list_makes_every_format_in_one_build(tmp_path, logos):
    import zipfile
    from test_manifest import qrbuild, schema
    import jsonschema
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "defaults": {"returnType": ["svg", "pdf"], "style": {"shape": "dots", "logo": {"file": "logo.png"}}},
                "codes": [{"id": "k3x9pq7m", "name": "poster", "data": "https://example.com/a", "tags": ["spring"]},
                          {"id": "h7c2vx9d", "name": "web", "data": "https://example.com/b", "returnType": ["png", "svg", "pdf", "eps"]},
                          {"id": "m4n8q2wt", "name": "plain", "data": "https://example.com/c", "returnType": "svg", "style": {"shape": "square", "logo": None}}]}
    jsonschema.Draft202012Validator(schema()).validate(manifest)
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    qrbuild(tmp_path, "build", "--verify")
    images = tmp_path / "dist" / "images"
    assert sorted(path.name for path in images.iterdir()) == [
        "h7c2vx9d.eps", "h7c2vx9d.pdf", "h7c2vx9d.png", "h7c2vx9d.svg", "k3x9pq7m.pdf", "k3x9pq7m.svg", "m4n8q2wt.svg"]
    decodes_everywhere(images / "h7c2vx9d.png", b"https://qr.example.com/r/h7c2vx9d")
    rasterise_svg(images / "k3x9pq7m.svg", tmp_path / "k.png")
    decodes_everywhere(tmp_path / "k.png", b"https://qr.example.com/r/k3x9pq7m")
    decodes_everywhere(rasterise_pdf(images / "k3x9pq7m.pdf", tmp_path / "k"), b"https://qr.example.com/r/k3x9pq7m")
    with zipfile.ZipFile(tmp_path / "dist" / "bulk" / "all.zip") as archive:
        names = archive.namelist()
        assert names[0] == "index.csv" and sorted(names[1:]) == sorted(path.name for path in images.iterdir())
        rows = archive.read("index.csv").decode().splitlines()
        assert len(rows) == 1 + 7 and sum(row.startswith("h7c2vx9d,") for row in rows) == 4
    with zipfile.ZipFile(tmp_path / "dist" / "bulk" / "spring.zip") as archive:
        assert sorted(archive.namelist()) == ["index.csv", "k3x9pq7m.pdf", "k3x9pq7m.svg"]
    listing = json.loads((tmp_path / "dist" / "codes.json").read_text())
    assert listing[1]["image"] == "images/h7c2vx9d.png"
    assert listing[1]["images"] == ["images/h7c2vx9d.png", "images/h7c2vx9d.svg", "images/h7c2vx9d.pdf", "images/h7c2vx9d.eps"]
    assert "images" not in listing[2]
    # Adding a format is no reprint: the code's first format, which is printed, is unchanged.
    manifest["codes"][2]["returnType"] = ["svg", "png"]
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    result = qrbuild(tmp_path, "build")
    assert b"1 rendered" in result.stdout + result.stderr, result.stdout
    manifest["codes"][2]["returnType"] = ["svg", "svg"]
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    refused = qrbuild(tmp_path, "validate", check=False)
    assert refused.returncode == 65 and 'codes[2].returnType[1]: "svg" is listed twice' in refused.stderr.decode()


def test_a_seeded_sample_of_logos_across_versions_and_levels(tmp_path, logos):
    """`auto` logos on versions 1 to 15 at every level (a version with no room moves up)."""
    rng = random.Random(1615)
    for index in range(16):
        version, level, shape = rng.randint(1, 15), "LMQH"[index % 4], rng.choice(SHAPES)
        data = f"https://example.com/{index}/" + "x" * rng.randint(0, 20)
        style = {"shape": shape, "logo": {"file": ["logo.svg", "logo.png", "logo.jpg"][index % 3], "shape": rng.choice(["square", "circle"])}}
        render(tmp_path, "--data", data, "--min-symbol-version", version, "--ecc", level, "--style", json.dumps(style), "--verify", "-o", "code.png")
        decodes_everywhere(tmp_path / "code.png", data.encode())
