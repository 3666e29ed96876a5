#!/usr/bin/env bash
# Vendors PDF.js (pdfjs-dist, Apache-2.0) from the npm registry into webapp/static/pdfjs: the page's
# viewer loads nothing from another origin. Usage: tools/vendor_pdfjs.sh [version]
set -euo pipefail
version="${1:-6.5.438}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "pdfjs-dist@$version" >/dev/null && tar xzf pdfjs-dist-*.tgz)
target="$(dirname "$0")/../webapp/static/pdfjs"
mkdir -p "$target"
cp "$work/package/build/pdf.min.mjs" "$work/package/build/pdf.worker.min.mjs" "$work/package/LICENSE" "$target/"
echo "pdfjs-dist $version" > "$target/VERSION"
echo "vendored pdfjs-dist $version into $target"
