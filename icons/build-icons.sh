#!/usr/bin/env bash
# Generates every app icon from icons/digit-studio.svg (the one source):
#   icons/png/digit-studio-N.png   Linux sizes 16 … 512 (packaging uses the 256 one)
#   icons/digit-studio.ico         Windows: 16, 24, 32, 48, 64, 128, 256 in one file
#   icons/digit-studio.icns        macOS: 16 … 512 and their @2x (up to 1024) as PNG entries
# The generated files are committed; run this again after editing the SVG.
# Needs rsvg-convert (Debian: librsvg2-bin; ImageMagick's own SVG renderer gets gradients and opacity wrong),
# ImageMagick's convert (for the .ico) and python3 (the .icns container is written here; it is simple).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
svg="$here/digit-studio.svg"
convert=convert
command -v convert >/dev/null || convert="magick"   # ImageMagick 7 without the v6 names
for tool in rsvg-convert "$convert" python3; do
  command -v "$tool" >/dev/null || { echo "build-icons.sh: $tool is missing (apt-get install librsvg2-bin imagemagick python3)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for size in 16 24 32 48 64 128 256 512 1024; do
  rsvg-convert --width "$size" --height "$size" --background-color none "$svg" -o "$work/$size.png"
done

mkdir -p "$here/png"
rm -f "$here"/png/digit-studio-*.png
for size in 16 24 32 48 64 128 256 512; do
  # -strip: no timestamps or other metadata, so that unchanged icons stay byte-identical
  "$convert" "$work/$size.png" -strip "$here/png/digit-studio-$size.png"
done

"$convert" "$work"/{16,24,32,48,64,128,256}.png -strip "$here/digit-studio.ico"

python3 - "$work" "$here/digit-studio.icns" <<'PY'
import struct, sys
work, out = sys.argv[1], sys.argv[2]
# ICNS: "icns" + total length, then entries of (type, length including the 8-byte header, PNG data).
entries = [("icp4", 16), ("icp5", 32), ("icp6", 64), ("ic07", 128), ("ic08", 256), ("ic09", 512),
           ("ic11", 32), ("ic12", 64), ("ic13", 256), ("ic14", 512), ("ic10", 1024)]
body = b""
for kind, size in entries:
    with open(f"{work}/{size}.png", "rb") as f:
        png = f.read()
    body += kind.encode("ascii") + struct.pack(">I", len(png) + 8) + png
with open(out, "wb") as f:
    f.write(b"icns" + struct.pack(">I", len(body) + 8) + body)
PY

echo "Icons written to $here"
