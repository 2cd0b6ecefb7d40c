#!/usr/bin/env python3
"""Draws wall time and peak memory against corpus size from benches/results.csv
as a small SVG (standard library only). Usage: plot.py results.csv out.svg"""
import csv
import math
import sys

rows = {}
for r in csv.DictReader(open(sys.argv[1])):
    rows[int(r["articles"])] = r  # the last run of a size wins
sizes = sorted(rows)
wall = [float(rows[n]["wall_s"]) for n in sizes]
mem = [int(rows[n]["max_rss_kb"]) / 1024 / 1024 for n in sizes]

W, H, L, R, T, B = 640, 360, 70, 70, 40, 50
pw, ph = W - L - R, H - T - B
lo, hi = math.log10(min(sizes)), math.log10(max(sizes))
hi = hi if hi > lo else lo + 1


def x(n):
    return L + (math.log10(n) - lo) / (hi - lo) * pw


def ylog(v, vmin, vmax):
    a, b = math.log10(vmin), math.log10(vmax)
    return T + ph - (math.log10(v) - a) / (b - a) * ph


tmin, tmax = 10 ** math.floor(math.log10(min(wall))), 10 ** math.ceil(math.log10(max(wall)) + 1e-9)
mmin, mmax = 10 ** math.floor(math.log10(min(mem))), 10 ** math.ceil(math.log10(max(mem)) + 1e-9)
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{W/2}" y="20" text-anchor="middle" font-size="14">refract end to end: time and peak memory against corpus size (log-log)</text>',
       f'<rect x="{L}" y="{T}" width="{pw}" height="{ph}" fill="none" stroke="#999"/>']
for n in sizes:
    out.append(f'<line x1="{x(n)}" y1="{T+ph}" x2="{x(n)}" y2="{T+ph+5}" stroke="black"/>')
    out.append(f'<text x="{x(n)}" y="{T+ph+18}" text-anchor="middle">{n:,}</text>')
out.append(f'<text x="{L+pw/2}" y="{H-8}" text-anchor="middle">articles (one transcript per 50)</text>')
d = tmin
while d <= tmax * 1.0001:
    out.append(f'<text x="{L-6}" y="{ylog(d,tmin,tmax)+4}" text-anchor="end" fill="#1f77b4">{d:g} s</text>')
    d *= 10
d = mmin
while d <= mmax * 1.0001:
    out.append(f'<text x="{L+pw+6}" y="{ylog(d,mmin,mmax)+4}" fill="#d62728">{d:g} GiB</text>')
    d *= 10
for vals, vmin, vmax, colour, label in ((wall, tmin, tmax, "#1f77b4", "wall time"), (mem, mmin, mmax, "#d62728", "peak memory")):
    pts = " ".join(f"{x(n):.1f},{ylog(v,vmin,vmax):.1f}" for n, v in zip(sizes, vals))
    out.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
    for n, v in zip(sizes, vals):
        out.append(f'<circle cx="{x(n):.1f}" cy="{ylog(v,vmin,vmax):.1f}" r="3.5" fill="{colour}"/>')
    out.append(f'<text x="{L+8}" y="{T+16 + (0 if label=="wall time" else 16)}" fill="{colour}">{label}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out) + "\n")
