"""segno on the benchmark workload: bench/run.sh runs it.
Usage: segno_bench.py matrix|svg|png URLS_FILE [ROUNDS]
ECC M without boosting (segno boosts by default; libqrencode and qrbuild do not)."""
import io
import sys
import time

import segno


def main():
    mode, path = sys.argv[1], sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    urls = open(path).read().split()
    best = float("inf")
    checksum = 0
    for _ in range(rounds):
        start = time.perf_counter()
        checksum = 0
        for url in urls:
            code = segno.make(url, error="m", boost_error=False, micro=False)
            if mode == "matrix":
                checksum += len(code.matrix)
            elif mode == "svg":
                out = io.BytesIO()
                code.save(out, kind="svg", border=4)
                checksum += len(out.getvalue())
            elif mode == "png":
                out = io.BytesIO()
                code.save(out, kind="png", scale=10, border=4)
                checksum += len(out.getvalue())
            else:
                sys.exit(f"unknown mode {mode}")
        best = min(best, time.perf_counter() - start)
    print(f"{mode} {int(len(urls) / best)} {checksum}")


if __name__ == "__main__":
    main()
