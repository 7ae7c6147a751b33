#!/usr/bin/env bash
# Renders a generated report .docx to PDF and to PNG pages with LibreOffice, to look at the page as
# an office would see it (fonts, spacing, table widths). Not part of the tests.
#
#   docs/render-report.sh [REPORT.docx] [OUT_DIR]
#
# Default: out/reports/120119109000-2023.docx (上仓镇 2023, written by ./fazhi demo) into
# target/rendered/. Page 1 is copied to docs/images/report-page1.png when OUT_DIR is not given.
# Needs: apt-get update && apt-get install -y libreoffice-writer fonts-noto-cjk poppler-utils
set -euo pipefail
cd "$(dirname "$0")/.."

docx="${1:-out/reports/120119109000-2023.docx}"
out="${2:-target/rendered}"
[ -f "$docx" ] || { echo "no such report: $docx (run ./fazhi demo first, or give a .docx)" >&2; exit 1; }
for tool in soffice pdftoppm; do
  command -v "$tool" >/dev/null || { echo "$tool missing: apt-get install -y libreoffice-writer fonts-noto-cjk poppler-utils" >&2; exit 1; }
done

mkdir -p "$out"
profile="$(cd "$out" && pwd)/lo-profile"
# The official-document fonts the report names, mapped to installed Noto CJK faces for this picture only.
export FONTCONFIG_FILE="$PWD/docs/render-fonts.conf"
# A profile of its own, so a running LibreOffice (or another engineer's) does not block the conversion.
soffice -env:UserInstallation="file://$profile" --headless --convert-to pdf --outdir "$out" "$docx" >/dev/null
pdf="$out/$(basename "${docx%.docx}").pdf"
pdftoppm -png -r 80 "$pdf" "$out/page"
echo "Wrote $pdf and $(ls "$out"/page-*.png | wc -l) page(s) as $out/page-N.png"

if [ -z "${2:-}" ]; then
  mkdir -p docs/images
  cp "$(ls "$out"/page-*.png | head -1)" docs/images/report-page1.png
  echo "Copied page 1 to docs/images/report-page1.png"
fi
