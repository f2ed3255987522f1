"""The automatic mask has the lowest penalty under the standard's four rules, computed
here independently of the encoder (string scans rather than a run-length state machine)."""
import re

import pytest

from conftest import read_matrix, run

FINDER_LIKE = re.compile(r"(?=(00001011101|10111010000))")


def penalty(rows):
    size = len(rows)
    columns = ["".join(row[x] for row in rows) for x in range(size)]
    score = 0
    for line in rows + columns:
        # N1: runs of five or more.
        for match in re.finditer(r"0{5,}|1{5,}", line):
            score += 3 + len(match.group()) - 5
        # N3: 1:1:3:1:1 with four light modules on a side; outside the symbol is light.
        score += 40 * len(FINDER_LIKE.findall("0000" + line + "0000"))
    # N2: 2x2 blocks of one colour.
    for y in range(size - 1):
        for x in range(size - 1):
            if rows[y][x] == rows[y][x + 1] == rows[y + 1][x] == rows[y + 1][x + 1]:
                score += 3
    # N4: 10 points per full 5% away from half dark.
    dark = sum(row.count("1") for row in rows)
    total = size * size
    score += 10 * int(abs(dark * 100 / total - 50) // 5)
    return score


@pytest.mark.parametrize("text,level", [
    ("https://qr.example.com/r/k3x9pq7m", "M"),
    ("HELLO WORLD", "Q"),
    ("0" * 120, "L"),
    ("x", "H"),
    ("Grüße aus Köln", "M"),
    ("日本語のテキスト", "L"),
    ("A" * 500, "M"),
    ("https://example.com/" + "abc" * 150, "H"),
])
def test_automatic_mask_has_minimum_penalty(text, level):
    chosen = read_matrix(run("render", "--data", text, "--ecc", level, "--format", "matrix").stdout)
    version = (len(chosen) - 17) // 4
    candidates = []
    for mask in range(8):
        rows = read_matrix(run("render", "--data", text, "--ecc", level, "--format", "matrix",
                               "--symbol-version", version, "--mask", mask).stdout)
        candidates.append((penalty(rows), mask, rows))
    best = min(candidates, key=lambda c: (c[0], c[1]))
    assert chosen == best[2], f"chose a mask with penalty {penalty(chosen)}; best is mask {best[1]} with {best[0]}"
