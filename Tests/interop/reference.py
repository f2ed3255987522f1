"""Shared pieces of the reference cross-check: a seeded data generator that the Swift
tests reproduce bit for bit (SplitMix64), a matrix hash (FNV-1a, 64-bit), and the
reference encoder (Nayuki's qrcodegen) driven at a fixed version, level and mask."""
import qrcodegen

MASK64 = (1 << 64) - 1
LEVELS = "LMQH"
ECC = {"L": qrcodegen.QrCode.Ecc.LOW, "M": qrcodegen.QrCode.Ecc.MEDIUM,
       "Q": qrcodegen.QrCode.Ecc.QUARTILE, "H": qrcodegen.QrCode.Ecc.HIGH}


class SplitMix64:
    def __init__(self, seed):
        self.state = seed & MASK64

    def next(self):
        self.state = (self.state + 0x9E3779B97F4A7C15) & MASK64
        z = self.state
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK64
        return z ^ (z >> 31)


def case_bytes(seed, length):
    """The data of a case: `length` bytes, the low byte of each SplitMix64 output."""
    rng = SplitMix64(seed)
    return bytes(rng.next() & 0xFF for _ in range(length))


def byte_capacity(version, level):
    """Most bytes one byte-mode segment can hold at this version and level."""
    ecc = ECC[level]
    data_bits = qrcodegen.QrCode._get_num_data_codewords(version, ecc) * 8
    count_bits = 8 if version <= 9 else 16
    return (data_bits - 4 - count_bits) // 8


def reference_rows(data, version, level, mask):
    """The reference symbol as rows of '0'/'1', one byte segment, nothing boosted."""
    qr = qrcodegen.QrCode.encode_segments(
        [qrcodegen.QrSegment.make_bytes(data)], ECC[level],
        minversion=version, maxversion=version, mask=mask, boostecl=False)
    return ["".join("1" if qr.get_module(x, y) else "0" for x in range(qr.get_size()))
            for y in range(qr.get_size())]


def fnv1a64(rows):
    """FNV-1a over the modules in row-major order, one byte (0 or 1) per module."""
    h = 0xCBF29CE484222325
    for row in rows:
        for c in row:
            h ^= 1 if c == "1" else 0
            h = (h * 0x100000001B3) & MASK64
    return h
