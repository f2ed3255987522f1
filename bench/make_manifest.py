"""Writes a manifest of N dynamic URL codes (returnType svg or png), spread over 20 tags,
deterministic for a given N. Usage: make_manifest.py N svg|png > qrcodes.json"""
import json
import random
import sys

ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"


def main():
    count, return_type = int(sys.argv[1]), sys.argv[2]
    rng = random.Random(count)
    ids = set()
    while len(ids) < count:
        ids.add("".join(rng.choice(ALPHABET) for _ in range(8)))
    codes = [{"id": code_id, "name": f"code-{n}", "data": f"https://example.com/campaign/{n}?utm_source=print",
              "tags": [f"region-{n % 20}"]} for n, code_id in enumerate(sorted(ids))]
    manifest = {"version": 1, "redirect": {"base": "https://qr.example.com/r/"},
                "defaults": {"returnType": return_type}, "codes": codes}
    json.dump(manifest, sys.stdout, indent=2)


if __name__ == "__main__":
    main()
