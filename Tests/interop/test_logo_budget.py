"""The logo rule's codeword map checked against an independent one made with Nayuki's
qrcodegen: which codeword each module carries (from its own placement), and which block
each codeword belongs to (from its own interleaving)."""
import json

import pytest
from qrcodegen import QrCode

from conftest import run

LEVELS = {"L": QrCode.Ecc.LOW, "M": QrCode.Ecc.MEDIUM, "Q": QrCode.Ecc.QUARTILE, "H": QrCode.Ecc.HIGH}


def reference_map(version, letter):
    """Per module the codeword index (-1 function, -2 remainder), and per codeword its block."""
    ecl = LEVELS[letter]
    qr = QrCode.__new__(QrCode)
    qr._version, qr._size, qr._errcorlvl = version, version * 4 + 17, ecl
    qr._modules = [[False] * qr._size for _ in range(qr._size)]
    qr._isfunction = [[False] * qr._size for _ in range(qr._size)]
    qr._draw_function_patterns()
    raw = QrCode._get_num_raw_data_modules(version) // 8
    # Bit b of every codeword index, drawn as whole codewords of 0xFF: a module's bits
    # across the drawings spell the index of the codeword it carries.
    index = [[0] * qr._size for _ in range(qr._size)]
    for bit in range(raw.bit_length()):
        qr._modules = [[False] * qr._size for _ in range(qr._size)]
        qr._draw_codewords(bytes(0xFF if (i >> bit) & 1 else 0 for i in range(raw)))
        for y in range(qr._size):
            for x in range(qr._size):
                if qr._modules[y][x]:
                    index[y][x] |= 1 << bit
    # Which modules carry a codeword at all: draw every codeword dark.
    qr._modules = [[False] * qr._size for _ in range(qr._size)]
    qr._draw_codewords(bytes([0xFF] * raw))
    modules = [[(index[y][x] if qr._modules[y][x] else (-1 if qr._isfunction[y][x] else -2)) for x in range(qr._size)]
               for y in range(qr._size)]
    # qrcodegen's interleaving, run on block labels instead of bytes.
    numblocks = QrCode._NUM_ERROR_CORRECTION_BLOCKS[ecl.ordinal][version]
    ecclen = QrCode._ECC_CODEWORDS_PER_BLOCK[ecl.ordinal][version]
    numshort = numblocks - raw % numblocks
    shortlen = raw // numblocks
    blocks = [[b] * (shortlen - ecclen + (0 if b < numshort else 1)) + ([None] if b < numshort else []) + [b] * ecclen
              for b in range(numblocks)]
    order = [blk[i] for i in range(len(blocks[0])) for j, blk in enumerate(blocks)
             if (i != shortlen - ecclen) or (j >= numshort)]
    return modules, order


@pytest.mark.parametrize("version,letter", [(1, "H"), (1, "L"), (2, "M"), (5, "H"), (5, "Q"), (7, "Q"), (10, "H"),
                                            (14, "L"), (25, "M"), (40, "H")])
def test_the_codeword_map_matches_qrcodegen(version, letter):
    ours = json.loads(run("codeword-map", "--symbol-version", version, "--ecc", letter).stdout)
    modules, blocks = reference_map(version, letter)
    assert ours["modules"] == modules
    assert ours["blocks"] == blocks


@pytest.mark.parametrize("version,letter,shape,width", [(1, "H", "square", 3), (5, "H", "square", 6.5), (5, "H", "circle", 8),
                                                        (6, "H", "square", 8), (25, "M", "circle", 12)])
def test_the_cost_of_a_logo_counted_independently(version, letter, shape, width):
    ours = json.loads(run("codeword-map", "--symbol-version", version, "--ecc", letter,
                          "--logo-shape", shape, "--logo-width", width).stdout)
    modules, blocks = reference_map(version, letter)
    size, centre, half = len(modules), len(modules) / 2, width / 2
    touched, function = set(), False
    for y in range(size):
        for x in range(size):
            if shape == "square":
                inside = x < centre + half and x + 1 > centre - half and y < centre + half and y + 1 > centre - half
            else:
                nx, ny = min(max(centre, x), x + 1), min(max(centre, y), y + 1)
                inside = (nx - centre) ** 2 + (ny - centre) ** 2 < half * half
            if inside:
                function |= modules[y][x] == -1
                if modules[y][x] >= 0:
                    touched.add(modules[y][x])
    lost = [0] * (max(blocks) + 1)
    for codeword in touched:
        lost[blocks[codeword]] += 1
    assert ours["assessment"]["lost"] == lost
    assert ours["assessment"]["coversFunctionPatterns"] == function
    assert ours["assessment"]["passes"] == (not function and max(lost) <= ours["allowed"])
