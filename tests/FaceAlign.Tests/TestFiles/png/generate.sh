#!/usr/bin/env bash
# Regenerates the PNG test files and their reference decodes (see README.md). Needs ImageMagick 6 Q16
# (/usr/bin/convert-im6.q16), netpbm's pnmtopng, pngcheck and python3; reads the public-domain astronaut and the
# BSD-licensed palette samples from ../shared/data/fixtures/images.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert-im6.q16
FIX=${FACEALIGN_DATA:-../../../../../shared/data}/fixtures/images   # FACEALIGN_DATA as in SharedData.cs
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# Sources: small crops of the astronaut (face region), and one 1001×3 strip stretched from a 512-pixel row band.
$IM "$FIX/astronaut.png" -crop 32x24+200+100 +repage "$tmp/32x24.png"
$IM "$FIX/astronaut.png" -crop 17x13+230+150 +repage "$tmp/17x13.png"
$IM "$FIX/astronaut.png" -crop 1x1+250+120 +repage "$tmp/1x1.png"
$IM "$FIX/astronaut.png" -crop 512x3+0+200 +repage -resize '1001x3!' "$tmp/1001x3.png"

# key [-force]: $tmp/k.pnm → $out with the colour of its pixel (5,5) as the tRNS key (a netpbm rgb:r/g/b spec).
key() {
  local spec
  spec=$(python3 -c '
import sys
import re
d = open(sys.argv[1], "rb").read()
m = re.match(rb"(P[56])(?:\s|#[^\n]*\n)+(\d+)(?:\s|#[^\n]*\n)+(\d+)(?:\s|#[^\n]*\n)+(\d+)\s", d)
f = [m.group(1), m.group(2), m.group(3), m.group(4)]
w, maxval, body = int(f[1]), int(f[3]), d[m.end():]
ch = 3 if f[0] == b"P6" else 1
size = 2 if maxval > 255 else 1
at = (5 * w + 5) * ch * size
v = [int.from_bytes(body[at + i * size:at + (i + 1) * size], "big") for i in range(ch)] * (3 // ch)
digits = 4 if maxval > 255 else 2
v = [x * (255 if digits == 2 else 65535) // maxval for x in v]
print("rgb:" + "/".join(f"{x:0{digits}x}" for x in v))' "$tmp/k.pnm")
  pnmtopng "${pnil[@]}" "$@" -transparent "=$spec" "$tmp/k.pnm" > "$out"
}

# make <output> <size> <kind> [interlace]: one test file of the given colour type/bit depth.
# 16-bit kinds apply -gamma 0.9 in Q16 so samples are not mere multiples of 257 (which would hide rounding bugs).
make() {
  local out=$1 src=$tmp/$2.png kind=$3 il=${4:-}
  local imil=() pnil=()
  local stable=(-define png:exclude-chunk=date,tIME) # no timestamps, so reruns give identical bytes
  if [ "$il" = i ]; then imil=(-interlace PNG); pnil=(-interlace); fi
  local alpha=(-alpha set -channel A -fx '(i+2*j)/(w+2*h)' +channel)
  case $kind in
    g1|g2|g4|g8) d=${kind#g}; $IM "$src" -colorspace Gray -depth "$d" -define png:color-type=0 -define png:bit-depth="$d" "${imil[@]}" "${stable[@]}" "$out" ;;
    g16) $IM "$src" -colorspace Gray -gamma 0.9 -depth 16 -define png:color-type=0 -define png:bit-depth=16 "${imil[@]}" "${stable[@]}" "$out" ;;
    rgb8) $IM "$src" -define png:color-type=2 -define png:bit-depth=8 "${imil[@]}" "${stable[@]}" "$out" ;;
    rgb16) $IM "$src" -gamma 0.9 -depth 16 -define png:color-type=2 -define png:bit-depth=16 "${imil[@]}" "${stable[@]}" "$out" ;;
    ga8) $IM "$src" -colorspace Gray "${alpha[@]}" -depth 8 -define png:color-type=4 -define png:bit-depth=8 "${imil[@]}" "${stable[@]}" "$out" ;;
    ga16) $IM "$src" -colorspace Gray -gamma 0.9 "${alpha[@]}" -depth 16 -define png:color-type=4 -define png:bit-depth=16 "${imil[@]}" "${stable[@]}" "$out" ;;
    rgba8) $IM "$src" "${alpha[@]}" -depth 8 -define png:color-type=6 -define png:bit-depth=8 "${imil[@]}" "${stable[@]}" "$out" ;;
    rgba16) $IM "$src" -gamma 0.9 "${alpha[@]}" -depth 16 -define png:color-type=6 -define png:bit-depth=16 "${imil[@]}" "${stable[@]}" "$out" ;;
    # pnmtopng writes the smallest palette depth that holds the colours: 2 → 1-bit, 4 → 2-bit, 16 → 4-bit, 200 → 8-bit.
    p1|p2|p4|p8) n=$(case $kind in p1) echo 2;; p2) echo 4;; p4) echo 16;; p8) echo 200;; esac)
       $IM "$src" +dither -colors "$n" ppm:- | pnmtopng "${pnil[@]}" > "$out" ;;
    # Palette + tRNS: 6 colours, alpha 0/128/255 by column band (pnmtopng turns the alpha mask into tRNS entries).
    ptrns) $IM "$src" +dither -colors 6 ppm:- > "$tmp/q.ppm"
       $IM "$src" -fx 'i<w/3 ? 0 : (i<2*w/3 ? 0.5 : 1)' -colorspace Gray -depth 8 pgm:- > "$tmp/a.pgm"
       pnmtopng "${pnil[@]}" -alpha="$tmp/a.pgm" "$tmp/q.ppm" > "$out" ;;
    # Colour-key tRNS: the colour of pixel (5,5), which really occurs, becomes transparent (exact match, "=").
    gkey8) $IM "$src" -colorspace Gray -depth 8 pgm:- > "$tmp/k.pnm"; key ;;
    gkey2) $IM "$src" -colorspace Gray -depth 2 pgm:- > "$tmp/k.pnm"; key -force ;;
    gkey16) $IM "$src" -colorspace Gray -gamma 0.9 -depth 16 pgm:- > "$tmp/k.pnm"; key ;;
    rgbkey8) $IM "$src" -depth 8 ppm:- > "$tmp/k.pnm"; key -force ;;
    rgbkey16) $IM "$src" -gamma 0.9 -depth 16 ppm:- > "$tmp/k.pnm"; key -force ;;
    *) echo "unknown kind $kind" >&2; exit 1 ;;
  esac
}

rm -f ./*.png ./*.ppm ./*.pgm
for size in 32x24 17x13; do
  for kind in g1 g2 g4 g8 g16 rgb8 rgb16 p1 p2 p4 p8 ga8 ga16 rgba8 rgba16; do
    make "$kind-$size.png" "$size" "$kind"
    make "$kind-$size-adam7.png" "$size" "$kind" i
  done
done
for kind in rgb8 g1 p1 rgba16; do make "$kind-1x1.png" 1x1 "$kind"; done
make rgba16-1x1-adam7.png 1x1 rgba16 i
for kind in rgb8 rgba16 p8; do make "$kind-1001x3.png" 1001x3 "$kind"; done
make g4-1001x3-adam7.png 1001x3 g4 i
for kind in ptrns gkey8 gkey2 gkey16 rgbkey8 rgbkey16; do
  make "$kind-32x24.png" 32x24 "$kind"
  make "$kind-17x13-adam7.png" 17x13 "$kind" i
done
# Every filter type: pnmtopng's adaptive filtering on an RGB crop with three rows of seeded noise appended (the
# noise rows get filter None); filter_types.py below fails unless all five types occur.
$IM "$tmp/32x24.png" \( -size 32x3 xc:gray -seed 7 +noise Random \) -append ppm:- | pnmtopng > filters-32x27.png
cp "$FIX/foo3x5x4indexed.png" "$FIX/palette_color.png" "$FIX/palette_gray.png" "$FIX/green_palette.png" .

# References: ImageMagick's own decode as 8-bit PPM (grey replicated), plus the alpha channel as PGM when there is one.
for f in ./*.png; do
  pngcheck -q "$f"
  base=${f%.png}
  $IM "$f" -depth 8 "ppm:$base.ppm"
  if [ "$(/usr/bin/identify-im6.q16 -format '%A' "$f")" != "False" ]; then
    $IM "$f" -alpha extract -depth 8 "pgm:$base.alpha.pgm"
  fi
done
python3 filter_types.py filters-32x27.png
