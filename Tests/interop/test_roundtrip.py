"""Round trips: PNG output decodes to the exact input bytes with zbar and zxing-cpp,
across modes, all versions 1-40, all levels, and UTF-8 in many scripts."""
import random

import pytest
import qrcodegen

from conftest import run, zbar_decode, zxing_decode, zbar_decode_binary, zxing_results, read_matrix

LEVELS = "LMQH"
ALNUM = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:"
KANJI = "日本語漢字東京大阪京都点茗会社電話番号住所氏名"
SCRIPTS = [
    "Grüße aus Köln – ½ € für Café",
    "Привет, мир! Съешь же ещё этих мягких булок",
    "Γειά σου Κόσμε",
    "שלום עולם",
    "مرحبا بالعالم",
    "नमस्ते दुनिया",
    "你好，世界！二维码",
    "안녕하세요 세계",
    "こんにちは世界、カタカナ",
    "ภาษาไทย",
    "emoji 😀🎉👍🏽 👨‍👩‍👧 🇩🇪",
    "mixed https://example.jp/東京?q=1234567890 Ünïcödé 🚀",
]


def capacity_chars(version, level, mode):
    """How many characters of `mode` fit one segment at exactly this version and level."""
    ecc = {"L": qrcodegen.QrCode.Ecc.LOW, "M": qrcodegen.QrCode.Ecc.MEDIUM,
           "Q": qrcodegen.QrCode.Ecc.QUARTILE, "H": qrcodegen.QrCode.Ecc.HIGH}[level]
    bits = qrcodegen.QrCode._get_num_data_codewords(version, ecc) * 8
    cls = 0 if version <= 9 else 1 if version <= 26 else 2
    count_bits = {"numeric": (10, 12, 14), "alnum": (9, 11, 13), "byte": (8, 16, 16), "kanji": (8, 10, 12)}[mode][cls]
    free = bits - 4 - count_bits
    if mode == "numeric":
        n = free // 10 * 3
        rest = free % 10
        return n + (2 if rest >= 7 else 1 if rest >= 4 else 0)
    if mode == "alnum":
        return free // 11 * 2 + (1 if free % 11 >= 6 else 0)
    if mode == "byte":
        return free // 8
    return free // 13


def payload(mode, length, rng):
    if mode == "numeric":
        return "".join(rng.choice("0123456789") for _ in range(length))
    if mode == "alnum":
        return "".join(rng.choice(ALNUM) for _ in range(length))
    if mode == "kanji":
        return "".join(rng.choice(KANJI) for _ in range(length))
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789-._~:/?#[]@!$&'()*+,;=%") for _ in range(length))


def assert_round_trip(path, expected):
    assert zbar_decode(path) == expected, "zbar"
    assert zxing_decode(path) == expected, "zxing-cpp"


CELLS = [(version, level) for version in range(1, 41) for level in LEVELS]


@pytest.mark.parametrize("version,level", CELLS, ids=[f"v{v}-{l}" for v, l in CELLS])
def test_every_version_and_level_fills_the_symbol(version, level, workdir):
    """Each cell gets data that exactly fills the version, in a mode that rotates per cell."""
    modes = ["byte", "numeric", "alnum", "kanji"]
    mode = modes[(version + LEVELS.index(level)) % 4]
    rng = random.Random(version * 10 + LEVELS.index(level))
    text = payload(mode, capacity_chars(version, level, mode), rng)
    png = workdir / "code.png"
    scale = 6 if version < 20 else 4
    run("render", "--data", text, "--ecc", level, "--symbol-version", version, "--scale", scale, "-o", png)
    # The data fills the version exactly, so the encoder cannot have picked a larger one.
    matrix = read_matrix(run("render", "--data", text, "--ecc", level, "--format", "matrix").stdout)
    assert len(matrix) == version * 4 + 17
    assert_round_trip(str(png), text.encode("utf-8"))


@pytest.mark.parametrize("text", SCRIPTS)
@pytest.mark.parametrize("level", LEVELS)
def test_utf8_text_in_many_scripts(text, level, workdir):
    png = workdir / "code.png"
    run("render", "--data", text, "--ecc", level, "-o", png)
    assert_round_trip(str(png), text.encode("utf-8"))


@pytest.mark.parametrize("text", [
    "0123456789" * 20,
    "HELLO WORLD $%*+-./: 12345",
    "https://qr.example.com/r/k3x9pq7m",
    "HTTPS://QR.EXAMPLE.COM/R/K3X9PQ7M",
    "WIFI:T:WPA;S:Cafe\\;Bar;P:p\\:a\\,s\\\"s\\\\;H:true;;",
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Lovelace;Ada;;;\r\nFN:Ada Lovelace\r\nEND:VCARD\r\n",
    "ORDER-2026-000123 qty 000045 SKU ABC123456789",
    " ",
    "\t\n\r",
])
def test_modes_and_mixed_segments(text, workdir):
    png = workdir / "code.png"
    run("render", "--data", text, "-o", png)
    assert_round_trip(str(png), text.encode("utf-8"))


@pytest.mark.parametrize("seed", range(6))
def test_binary_data_is_byte_exact(seed, workdir):
    """Data from stdin that is not UTF-8 is encoded as raw bytes and read back byte for byte."""
    rng = random.Random(seed)
    data = bytes(rng.randrange(256) for _ in range(rng.randrange(50, 400)))
    png = workdir / "code.png"
    run("render", "--data", "-", "-o", png, stdin=data)
    assert zxing_results(str(png)).bytes == data, "zxing-cpp"
    assert zbar_decode_binary(str(png)) == data, "zbar"


def test_utf8_from_stdin_is_byte_exact(workdir):
    text = "Zürich → 東京 ✈️ 2026\n".encode("utf-8")
    png = workdir / "code.png"
    run("render", "--data", "-", "-o", png, stdin=text)
    assert_round_trip(str(png), text)


@pytest.mark.parametrize("level,capacity", [("L", 2953), ("M", 2331), ("Q", 1663), ("H", 1273)])
def test_capacity_edges_at_version_40(level, capacity, workdir):
    rng = random.Random(capacity)
    data = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(capacity))
    png = workdir / "code.png"
    run("render", "--data", data, "--ecc", level, "--byte-mode", "--scale", 4, "-o", png)
    assert_round_trip(str(png), data.encode())
    over = run("render", "--data", data + "x", "--ecc", level, "--byte-mode", "-o", png, check=False)
    assert over.code == 65
    assert f"version 40 at error correction {level}" in over.stderr
    assert "(1 byte) over" in over.stderr
    assert_round_trip(str(png), data.encode())  # the failed run left the previous file intact


def test_eci_can_be_turned_off(workdir):
    """Without the ECI header the bytes are still UTF-8; zxing-cpp guesses the charset right."""
    text = "Grüße"
    png = workdir / "code.png"
    run("render", "--data", text, "--no-eci", "--byte-mode", "-o", png)
    assert zxing_results(str(png)).bytes == text.encode("utf-8")
    with_eci = read_matrix(run("render", "--data", text, "--byte-mode", "--format", "matrix", "--mask", 0).stdout)
    without = read_matrix(run("render", "--data", text, "--byte-mode", "--no-eci", "--format", "matrix", "--mask", 0).stdout)
    assert with_eci != without


def test_empty_data_is_refused(workdir):
    result = run("render", "--data", "", "-o", workdir / "code.png", check=False)
    assert result.code == 65
    assert "empty" in result.stderr
    assert not (workdir / "code.png").exists()
