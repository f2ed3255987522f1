PREFIX ?= /usr/local

.PHONY: install uninstall dist example test test-tsan test-asan fuzz bench bench-build bench-nginx bench-ingest bench-json bench-diff bench-style bench-site bench-serve fixtures
example:
	scripts/example.sh
test:
	scripts/test.sh
# The Swift tests and a build and ingest under ThreadSanitizer / AddressSanitizer.
test-tsan:
	scripts/sanitize.sh thread
test-asan:
	scripts/sanitize.sh address
# Every parser under libFuzzer and AddressSanitizer, FUZZ_SECONDS each (see scripts/fuzz.sh).
FUZZ_SECONDS ?= 30
fuzz:
	scripts/fuzz.sh $(FUZZ_SECONDS)
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

# The binary, a man page per subcommand and bash, zsh and fish completions under PREFIX.
# The binary is the tarball's (the Swift runtime linked in, built in .build-static): it
# runs without the toolchain, and `make install` and `make dist` share one release build.
install:
	scripts/setup.sh
	swift build -c release --static-swift-stdlib --scratch-path .build-static --product qrbuild
	install -D -m 0755 .build-static/release/qrbuild $(DESTDIR)$(PREFIX)/bin/qrbuild
	ZSH_FOLDER=site-functions scripts/install-docs.sh $(DESTDIR)$(PREFIX)/bin/qrbuild $(DESTDIR)$(PREFIX)/share

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/qrbuild $(DESTDIR)$(PREFIX)/share/man/man1/qrbuild.1.gz \
	  $(DESTDIR)$(PREFIX)/share/man/man1/qrbuild.*.1.gz \
	  $(DESTDIR)$(PREFIX)/share/bash-completion/completions/qrbuild \
	  $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_qrbuild \
	  $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/qrbuild.fish

# packages/: a tarball with a self-contained binary, and a .deb (checked by lintian).
dist:
	scripts/dist.sh

bench-style:
	bench/style_bench.sh
bench-site:
	bench/site_bench.sh
bench-serve:
	bench/serve_bench.sh
