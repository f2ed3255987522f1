#!/usr/bin/env bash
# Writes the man pages (one per subcommand, from swift-argument-parser's generate-manual
# tool) and the bash, zsh and fish completions of the qrbuild binary BINARY under SHARE
# (share/man/man1, share/bash-completion/completions, share/zsh/vendor-completions,
# share/fish/vendor_completions.d). Usage: scripts/install-docs.sh BINARY SHARE
set -euo pipefail
cd "$(dirname "$0")/.."
binary=$1 share=$2 zsh=${ZSH_FOLDER:-vendor-completions}
man=$(mktemp -d)
trap 'rm -rf "$man"' EXIT
log=$(mktemp)
# swift-argument-parser's generate-manual tool, built beside the release binary. (Its
# package plugin would build every product again, in release mode under .build: minutes.)
if ! swift build -c release --static-swift-stdlib --scratch-path .build-static --product generate-manual >"$log" 2>&1 \
  || ! .build-static/release/generate-manual "$binary" --multi-page --output-directory "$man" >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
install -d "$share/man/man1" "$share/bash-completion/completions" "$share/zsh/$zsh" "$share/fish/vendor_completions.d"
for page in "$man"/*.1; do
  gzip -9n < "$page" > "$share/man/man1/$(basename "$page").gz"
  chmod 0644 "$share/man/man1/$(basename "$page").gz"
done
# bash-completion sources the file: no interpreter line.
"$binary" --generate-completion-script bash | sed '1{/^#!/d}' > "$share/bash-completion/completions/qrbuild"
"$binary" --generate-completion-script zsh > "$share/zsh/$zsh/_qrbuild"
"$binary" --generate-completion-script fish > "$share/fish/vendor_completions.d/qrbuild.fish"
chmod 0644 "$share/bash-completion/completions/qrbuild" "$share/zsh/$zsh/_qrbuild" "$share/fish/vendor_completions.d/qrbuild.fish"
