#!/usr/bin/env python3
"""Prints which scanline filter types a non-interlaced PNG uses; exits 1 unless all five (0-4) occur."""
import struct, sys, zlib

data = open(sys.argv[1], "rb").read()
pos, idat, ihdr = 8, b"", None
while pos < len(data):
    length, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + length]
    if kind == b"IHDR":
        ihdr = struct.unpack(">IIBBBBB", body)
    elif kind == b"IDAT":
        idat += body
    pos += 12 + length
width, height, depth, colour, _, _, interlace = ihdr
assert interlace == 0, "only non-interlaced files"
channels = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}[colour]
row = (width * channels * depth + 7) // 8
raw = zlib.decompress(idat)
types = [raw[y * (row + 1)] for y in range(height)]
print(sys.argv[1], "filter types per row:", types)
sys.exit(0 if set(types) == {0, 1, 2, 3, 4} else 1)
