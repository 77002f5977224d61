#!/usr/bin/env python3
"""Checks that a PNG screenshot is not blank: decodes it with zlib only (no PIL) and requires
at least MIN_COLOURS distinct pixel colours and MIN_INK of the pixels not near white.
Usage: png_check.py FILE.png [MIN_COLOURS] [MIN_INK]. Prints the figures; exit 1 if blank."""
import struct
import sys
import zlib


def pixels(path):
    data = open(path, "rb").read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{path}: not a PNG")
    pos, idat, width = 8, b"", 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or colour not in (2, 6) or interlace:
                raise SystemExit(f"{path}: expected 8-bit RGB(A), not interlaced")
            bpp = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, prev, out = zlib.decompress(idat), width * bpp, bytearray(width * bpp), []
    for y in range(height):
        f, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):  # PNG filters: None, Sub, Up, Average, Paeth
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], prev[i - bpp] if i >= bpp else 0
            if f == 1:
                line[i] = (line[i] + a) & 255
            elif f == 2:
                line[i] = (line[i] + b) & 255
            elif f == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        out.extend(tuple(line[x * bpp:x * bpp + 3]) for x in range(width))
        prev = line
    return out


def main():
    path = sys.argv[1]
    min_colours = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    min_ink = float(sys.argv[3]) if len(sys.argv) > 3 else 0.01
    px = pixels(path)
    colours = len(set(px))
    ink = sum(1 for p in px if min(p) < 200) / len(px)
    print(f"{path}: {len(px)} pixels, {colours} colours, {ink:.3f} not near white")
    if colours < min_colours or ink < min_ink:
        print("blank or nearly blank screenshot")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
