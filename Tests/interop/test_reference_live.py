"""Live cross-check against Nayuki's qrcodegen: fresh random byte-mode cases (not the
committed fixtures) at fixed version, level and mask, compared module for module."""
import random

import pytest

from conftest import read_matrix, run
from reference import LEVELS, byte_capacity, reference_rows

CASES = [(version, level) for version in range(1, 41) for level in LEVELS]


@pytest.mark.parametrize("version,level", CASES, ids=[f"v{v}-{l}" for v, l in CASES])
def test_matches_qrcodegen(version, level):
    rng = random.Random(f"live-{version}-{level}")
    for _ in range(2):
        length = rng.randrange(byte_capacity(version, level) + 1) or 1
        data = bytes(rng.randrange(256) for _ in range(length))
        mask = rng.randrange(8)
        ours = read_matrix(run("render", "--data", "-", "--format", "matrix", "--symbol-version", version,
                               "--ecc", level, "--mask", mask, "--no-eci", "--byte-mode", stdin=data).stdout)
        assert ours == reference_rows(data, version, level, mask), f"v{version}-{level} mask {mask} length {length}"
