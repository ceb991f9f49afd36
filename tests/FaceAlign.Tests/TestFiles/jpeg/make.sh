#!/usr/bin/env bash
# Regenerates every file in this folder from the public-domain astronaut.png (skimage). See README.md.
set -euo pipefail
IM=/usr/bin/convert-im6.q16
SRC=${1:-/work/shared/data/fixtures/images/astronaut.png}
cd "$(dirname "$0")"
tmp=$(mktemp -d)
$IM "$SRC" -crop 48x40+200+80 +repage "$tmp/src.ppm"
$IM "$SRC" -crop 17x13+230+120 +repage "$tmp/odd.ppm"
$IM "$SRC" -crop 1x1+240+130 +repage "$tmp/one.ppm"
$IM "$SRC" -resize 200% -crop 1001x3+0+300 +repage "$tmp/strip.ppm"  # astronaut is 512 wide

for s in 444:1x1 422:2x1 420:2x2 440:1x2 411:4x1; do
  name=${s%%:*} f=${s#*:}
  cjpeg -quality 85 -sample "$f" -outfile "b$name.jpg" "$tmp/src.ppm"
  cjpeg -quality 85 -sample "$f" -progressive -outfile "p$name.jpg" "$tmp/src.ppm"
done
cjpeg -quality 75 -grayscale -outfile grey.jpg "$tmp/src.ppm"
cjpeg -quality 75 -grayscale -progressive -outfile grey-progressive.jpg "$tmp/src.ppm"
cjpeg -quality 95 -sample 2x2 -restart 1B -outfile restart420.jpg "$tmp/src.ppm"
cjpeg -quality 95 -sample 2x1 -progressive -restart 1B -outfile restart-progressive.jpg "$tmp/src.ppm"
cjpeg -quality 90 -rgb -outfile adobe-rgb.jpg "$tmp/src.ppm"
cjpeg -quality 50 -sample 2x2 -outfile odd17x13.jpg "$tmp/odd.ppm"
cjpeg -quality 50 -sample 2x2 -progressive -outfile one1x1.jpg "$tmp/one.ppm"
cjpeg -quality 80 -sample 2x2 -outfile strip1001x3.jpg "$tmp/strip.ppm"
cjpeg -quality 80 -sample 2x1 -progressive -outfile strip1001x3-progressive.jpg "$tmp/strip.ppm"
# ImageMagick writes CMYK as Adobe YCCK (APP14 transform 2). For plain Adobe CMYK (transform 0) we patch that byte:
# the same samples are then read as inverted CMYK by djpeg and by us.
$IM "$tmp/src.ppm" -colorspace CMYK -quality 90 ycck.jpg
python3 -c "d=bytearray(open('ycck.jpg','rb').read()); i=d.find(b'\\xff\\xee\\x00\\x0eAdobe'); assert i>=0 and d[i+15]==2; d[i+15]=0; open('cmyk.jpg','wb').write(d)"
$IM "$SRC" -crop 16x16+200+80 +repage "$tmp/small.ppm"
cjpeg -arithmetic -outfile arithmetic.jpg "$tmp/small.ppm"   # no reference: we refuse it

for f in *.jpg; do
  case $f in
    arithmetic.jpg) ;;
    grey*) djpeg -pnm -outfile "${f%.jpg}.pgm" "$f" ;;
    *) djpeg -ppm -outfile "${f%.jpg}.ppm" "$f" ;;
  esac
done
rm -rf "$tmp"
