"""Styled codes (render --style): every module shape, finder ring and eye, gradients,
across versions and levels, in PNG, PDF and EPS, each decoded back exactly by zbar,
zxing-cpp and OpenCV."""
import itertools
import json
import random
import subprocess

import cv2
import pytest

from conftest import run, zbar_decode, zxing_decode

SHAPES = ["square", "dots", "rounded", "extra-rounded", "classy", "diamond", "vertical-bars", "horizontal-bars"]
OUTERS = ["square"]
INNERS = ["square", "rounded"]
GRADIENTS = [None, {"type": "linear", "angle": 45, "stops": ["#0b3d91", "#137a6f"]},
             {"type": "radial", "stops": ["#1b1b3a", "#5a189a", "#0b3d91"], "at": [0, 0.6, 1]}]


def opencv_decode(path):
    """What OpenCV reads: its classic detector or its ArUco-based one, at full or half size
    (the classic one misses some large plain images that the other reads)."""
    image = cv2.imread(str(path))
    for scale in (1.0, 0.5):
        sized = image if scale == 1 else cv2.resize(image, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        for detector in (cv2.QRCodeDetector(), cv2.QRCodeDetectorAruco()):
            text, _, _ = detector.detectAndDecode(sized)
            if text:
                return text.encode("utf-8")
    return b""


def decodes_everywhere(path, expected):
    assert zbar_decode(str(path)) == expected, path
    assert zxing_decode(str(path)) == expected, path
    assert opencv_decode(path) == expected, path


def style_cases():
    """Every shape with every ring and eye, each with a gradient in turn."""
    for index, (shape, (outer, inner)) in enumerate(itertools.product(SHAPES, itertools.product(OUTERS, INNERS))):
        yield shape, outer, inner, GRADIENTS[index % len(GRADIENTS)]


@pytest.mark.parametrize("shape,outer,inner,gradient", list(style_cases()))
def test_every_shape_and_finder_decodes(workdir, shape, outer, inner, gradient):
    data = f"https://example.com/{shape}/{outer}/{inner}"
    style = {"shape": shape, "finder": {"outer": outer, "inner": inner}}
    if gradient:
        style["gradient"] = gradient
    path = workdir / "styled.png"
    run("render", "--data", data, "--style", json.dumps(style), "--ecc", "Q", "-o", path)
    decodes_everywhere(path, data.encode())


def test_a_seeded_sample_of_versions_and_levels(workdir):
    rng = random.Random(16)
    for index in range(16):
        version, level, shape = rng.randint(1, 15), rng.choice("LMQH"), rng.choice(SHAPES)
        data = f"https://example.com/{index}"
        style = {"shape": shape, "finder": {"outer": rng.choice(OUTERS), "inner": rng.choice(INNERS)}}
        path = workdir / f"v{version}.png"
        run("render", "--data", data, "--style", json.dumps(style), "--min-symbol-version", version, "--ecc", level, "-o", path)
        decodes_everywhere(path, data.encode())


@pytest.mark.parametrize("shape", ["rounded", "dots", "vertical-bars"])
def test_pdf_and_eps_are_valid_and_decode(workdir, shape):
    data = f"https://example.com/print/{shape}"
    style = json.dumps({"shape": shape, "finder": {"outer": "square", "inner": "rounded"}, "gradient": GRADIENTS[1]})
    pdf, eps = workdir / "code.pdf", workdir / "code.eps"
    run("render", "--data", data, "--style", style, "--size", "30mm", "-o", pdf)
    run("render", "--data", data, "--style", style, "--size", "30mm", "-o", eps)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "85.0394 x 85.0394 pts" in info  # 30 mm
    subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, check=True)
    subprocess.run(["pdftoppm", "-r", "300", "-png", "-singlefile", str(pdf), str(workdir / "pdf")], check=True)
    decodes_everywhere(workdir / "pdf.png", data.encode())
    assert eps.read_bytes().startswith(b"%!PS-Adobe-3.0 EPSF-3.0") and b"%%CreationDate" not in eps.read_bytes()
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dEPSCrop", "-sDEVICE=png16m", "-r300",
                    f"-sOutputFile={workdir / 'eps.png'}", str(eps)], check=True)
    decodes_everywhere(workdir / "eps.png", data.encode())
    again = workdir / "again.pdf"
    run("render", "--data", data, "--style", style, "--size", "30mm", "-o", again)
    assert again.read_bytes() == pdf.read_bytes(), "the same code gives the same PDF"


def test_bad_styles_name_their_keys(workdir):
    result = run("render", "--data", "x", "--style", '{"shape":"blob","finder":{"outr":"circle"},"gradient":{"stops":["#000000","#eeeeee"]}}',
                 "-o", workdir / "x.png", check=False)
    assert result.code == 65
    assert '--style.shape: "blob" is not one of square, dots' in result.stderr
    assert '--style.finder.outr: unknown key (did you mean "outer"?)' in result.stderr
    low = run("render", "--data", "x", "--style", '{"gradient":{"stops":["#000000","#eeeeee"]}}', "-o", workdir / "x.png", check=False)
    assert low.code == 65 and "#eeeeee on #ffffff has a contrast of" in low.stderr
    for refused, what in [("outer", "circle"), ("outer", "leaf"), ("inner", "dot"), ("inner", "diamond")]:
        result = run("render", "--data", "x", "--style", json.dumps({"finder": {refused: what}}), "-o", workdir / "x.png", check=False)
        assert result.code == 65 and f'--style.finder.{refused}: "{what}" is not drawn: OpenCV' in result.stderr, result.stderr
    terminal = run("render", "--data", "x", "--style", '{"shape":"dots"}', "--format", "terminal", check=False)
    assert terminal.code == 64 and "drawn in png, svg, pdf and eps" in terminal.stderr


def test_a_build_draws_styled_codes_and_a_changed_style_is_a_reprint(tmp_path):
    from test_manifest import qrbuild
    style = {"shape": "rounded", "finder": {"outer": "square", "inner": "rounded"}, "gradient": GRADIENTS[1]}
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "defaults": {"style": style},
                "codes": [{"id": "k3x9pq7m", "name": "poster", "data": "https://example.com/a", "returnType": "png"},
                          {"id": "h7c2vx9d", "name": "print", "data": "https://example.com/b", "returnType": "pdf"},
                          {"id": "m4n8q2wt", "name": "press", "data": "https://example.com/c", "returnType": "eps"},
                          {"type": "static", "name": "plain", "data": "https://example.com/d", "returnType": "svg",
                           "style": {"shape": "square", "gradient": None}}]}
    manifest["codes"][3]["style"] = {}
    manifest["codes"][3]["returnType"] = "png"
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    qrbuild(tmp_path, "build")
    images = tmp_path / "dist" / "images"
    decodes_everywhere(images / "k3x9pq7m.png", b"https://qr.example.com/r/k3x9pq7m")
    subprocess.run(["pdftoppm", "-r", "600", "-png", "-singlefile", str(images / "h7c2vx9d.pdf"), str(tmp_path / "pdf")], check=True)
    decodes_everywhere(tmp_path / "pdf.png", b"https://qr.example.com/r/h7c2vx9d")
    subprocess.run(["gs", "-q", "-dSAFER", "-dBATCH", "-dNOPAUSE", "-dEPSCrop", "-sDEVICE=png16m", "-r600",
                    f"-sOutputFile={tmp_path / 'eps.png'}", str(images / "m4n8q2wt.eps")], check=True)
    decodes_everywhere(tmp_path / "eps.png", b"https://qr.example.com/r/m4n8q2wt")
    assert (images / "plain.png").exists()
    # The same manifest builds the same bytes.
    first = {path.name: path.read_bytes() for path in images.iterdir()}
    qrbuild(tmp_path, "build")
    assert {path.name: path.read_bytes() for path in images.iterdir()} == first
    # A published code's shape is part of its printed image.
    manifest["codes"][0]["style"] = {"shape": "dots"}
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    refused = qrbuild(tmp_path, "build", check=False)
    assert refused.returncode == 75 and "k3x9pq7m" in refused.stderr.decode()
    # Styled SVG: drawn from the same shapes, and it reads back once rasterised.
    manifest["codes"][0].update(returnType="svg")
    (tmp_path / "qrcodes.json").write_text(json.dumps(manifest, indent=2))
    qrbuild(tmp_path, "build", "--allow-reprint", "--verify")
    subprocess.run(["rsvg-convert", "-w", "600", str(images / "k3x9pq7m.svg"), "-o", str(tmp_path / "svg.png")], check=True)
    decodes_everywhere(tmp_path / "svg.png", b"https://qr.example.com/r/k3x9pq7m")


def test_the_style_object_takes_every_style_key_and_the_flags_win(workdir):
    from PIL import Image
    style = json.dumps({"shape": "dots", "margin": 2, "foreground": "navy", "errorCorrection": "H", "scale": 4})
    path = workdir / "s.png"
    run("render", "--data", "https://example.com/x", "--style", style, "-o", path)
    with Image.open(path) as image:
        width = image.size[0]
    decodes_everywhere(path, b"https://example.com/x")
    run("render", "--data", "https://example.com/x", "--style", style, "--margin", "4", "--scale", "5", "-o", path)
    with Image.open(path) as image:
        assert image.size[0] == (width // 4 + 4) * 5  # two more modules a side, five pixels each
    bad = run("render", "--data", "x", "--style", '{"margn": 2, "errorCorrection": "X"}', "-o", workdir / "x.png", check=False)
    assert bad.code == 65 and '--style.margn: unknown key (did you mean "margin"?)' in bad.stderr
    assert '--style.errorCorrection: "X" is not one of L, M, Q, H' in bad.stderr


@pytest.mark.parametrize("data", ["東京タワー。0o", "Grüße aus 日本", "ｶﾀｶﾅ and ASCII 12345"])
def test_verify_accepts_text_the_encoder_puts_in_kanji_segments(workdir, data):
    """Kanji segments come back from zbar's binary read as Shift JIS: `--verify` must still
    accept the code when every scanner shows its text (FuzzPayload found the refusal)."""
    for name in ["kanji.png", "kanji.svg"]:
        run("render", "--data", data, "--style", json.dumps({"shape": "rounded", "finder": {"inner": "rounded"}}),
            "--verify", "-o", workdir / name)
    path = workdir / "kanji.png"
    assert zbar_decode(str(path)) == data.encode() and zxing_decode(str(path)) == data.encode()


def test_a_backslash_or_tilde_beside_kanji_reads_back_in_zbar(workdir):
    """Shift JIS reads \\ and ~ as ¥ and ‾, and zbar reads a code without an ECI designator
    that way: text with them and kanji is encoded as UTF-8 (FuzzPayload found it)."""
    for data in ["a\\b~c。", "C:\\日本\\テキスト", "~点茗~"]:
        path = workdir / "tilde.png"
        run("render", "--data", data, "--style", json.dumps({"shape": "dots"}), "--verify", "-o", path)
        assert zbar_decode(str(path)) == data.encode() and zxing_decode(str(path)) == data.encode()
