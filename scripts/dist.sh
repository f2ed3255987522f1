#!/usr/bin/env bash
# make dist: a release tarball (a binary with the Swift runtime linked in, man pages,
# shell completions) and a .deb that depends on the shared libraries the binary links,
# both in packages/. lintian checks the .deb.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --dist
version=$(awk -F'"' '/version: "/ { print $2; exit }' Sources/qrbuild/QRBuild.swift)
arch=$(dpkg --print-architecture)
out=$PWD/packages
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

echo "dist: building qrbuild $version with the Swift runtime linked in (the first time takes several minutes)"
log=$(mktemp)
if ! swift build -c release --static-swift-stdlib --scratch-path .build-static --product qrbuild >"$log" 2>&1; then
  cat "$log" >&2
  exit 1
fi
binary=.build-static/release/qrbuild

# The files both packages hold, laid out as they are installed under /usr.
root=$stage/root/usr
install -D -m 0755 "$binary" "$root/bin/qrbuild"
strip --strip-unneeded "$root/bin/qrbuild"
scripts/install-docs.sh "$root/bin/qrbuild" "$root/share"

# The tarball: the same tree, under a folder of its own.
mkdir -p "$out"
tarname=qrbuild-$version-linux-$arch
cp -a "$stage/root/usr" "$stage/$tarname"
cp README.md SECURITY.md "$stage/$tarname/"
tar -C "$stage" --owner=0 --group=0 --sort=name -czf "$out/$tarname.tar.gz" "$tarname"

# The .deb: Depends from the libraries the binary links (dpkg-shlibdeps), a copyright
# file and a changelog, as Debian policy asks.
deb=$stage/deb
mkdir -p "$deb/DEBIAN" "$deb/usr/share/doc/qrbuild"
cp -a "$stage/root/usr" "$deb/"
mkdir -p "$stage/shlibs/debian"
printf 'Source: qrbuild\n\nPackage: qrbuild\nArchitecture: any\n' > "$stage/shlibs/debian/control"
depends=$(cd "$stage/shlibs" && dpkg-shlibdeps -O "$deb/usr/bin/qrbuild" 2>/dev/null | sed -n 's/^shlibs:Depends=//p')
cat > "$deb/usr/share/doc/qrbuild/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: qrbuild

Files: *
Copyright: 2026 the qrbuild authors
License: proprietary
 Built from the qrbuild repository; see its README.
COPYRIGHT
printf 'qrbuild (%s) unstable; urgency=medium\n\n  * Release %s.\n\n -- qrbuild <qrbuild@example.com>  %s\n' \
  "$version" "$version" "$(date -R -d @"${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct)}")" \
  | gzip -9n > "$deb/usr/share/doc/qrbuild/changelog.gz"
size=$(du -sk --exclude=DEBIAN "$deb" | cut -f1)
cat > "$deb/DEBIAN/control" <<CONTROL
Package: qrbuild
Version: $version
Architecture: $arch
Maintainer: qrbuild <qrbuild@example.com>
Installed-Size: $size
Depends: $depends
Recommends: fonts-dejavu-core, fonts-noto-core, fonts-noto-cjk
Section: utils
Priority: optional
Homepage: https://github.com/qrbuild/qrbuild
Description: QR codes as code: print assets, nginx redirects and scan analytics
 qrbuild turns a JSON manifest of QR codes, kept in git, into print-ready
 images, deterministic bulk archives, an nginx redirect map with the pages
 some codes need, and scan analytics from nginx's access logs.
CONTROL
find "$deb" -type d -exec chmod 0755 {} +
dpkg-deb --root-owner-group -Zxz --build "$deb" "$out/qrbuild_${version}_$arch.deb" >/dev/null
echo "dist: $out/$tarname.tar.gz"
echo "dist: $out/qrbuild_${version}_$arch.deb (Depends: $depends)"
# Errors fail the build; warnings are shown.
lintian --fail-on error "$out/qrbuild_${version}_$arch.deb"
