"""Writes N distinct URLs of the form https://qr.example.com/r/k3x9pq7m (8-character ids
from a case-insensitive alphabet without look-alikes), deterministic for a given seed."""
import random
import sys

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    rng = random.Random(20261125)
    ids = set()
    while len(ids) < count:
        ids.add("".join(rng.choice(ALPHABET) for _ in range(8)))
    for code_id in sorted(ids):
        print(f"https://qr.example.com/r/{code_id}")


if __name__ == "__main__":
    main()
