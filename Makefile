.PHONY: example test bench bench-build bench-nginx bench-ingest bench-json bench-diff fixtures
example:
	scripts/example.sh
test:
	scripts/test.sh
bench:
	bench/run.sh
# Regenerate the committed reference fixtures (needs qrcodegen; takes about 2 minutes).
fixtures:
	scripts/setup.sh --test
	.venv/bin/python Tests/interop/generate_reference_fixtures.py

bench-build:
	bench/build_bench.sh

bench-nginx:
	bench/nginx_bench.sh

bench-ingest:
	bench/ingest_bench.sh

bench-json:
	bench/json_bench.sh

bench-diff:
	bench/diff_bench.sh
