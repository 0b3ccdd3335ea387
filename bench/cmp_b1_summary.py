#!/usr/bin/env python3
"""Medians, ranges and ratios to ogr2ogr of bench/cmp_b1.sh output: python3 bench/cmp_b1_summary.py LOG"""
import re, sys, statistics as st
rows=[l for l in open(sys.argv[1]) if l.startswith('round')]
og=[]; bins={}
for l in rows:
    parts=l.split('|')
    og.append(float(parts[0].split('ogr2ogr')[1]))
    for p in parts[1:]:
        f=p.split(); name=f[0]
        d=bins.setdefault(name,{'t':[],'wall':[],'rv':[],'wav':[],'rss':[],'ratio':[],'wratio':[]})
        d['t'].append(float(f[1])); d['wall'].append(float(f[3])); d['rv'].append(float(f[5])); d['wav'].append(float(f[7])); d['rss'].append(int(f[9]))
        d['ratio'].append(float(f[1])/og[-1]); d['wratio'].append(float(f[3])/og[-1])
m=st.median(og)
print(f"ogr2ogr n={len(og)} median {m:.2f} range {min(og):.2f}-{max(og):.2f}")
for n,d in bins.items():
    print(f"{n}: total median {st.median(d['t']):.2f} range {min(d['t']):.2f}-{max(d['t']):.2f} | ratio of medians {st.median(d['t'])/m:.3f} | per-round ratio median {st.median(d['ratio']):.3f} range {min(d['ratio']):.3f}-{max(d['ratio']):.3f}")
    print(f"   wall median {st.median(d['wall']):.2f} range {min(d['wall']):.2f}-{max(d['wall']):.2f} ratio {st.median(d['wall'])/m:.3f} per-round {st.median(d['wratio']):.3f} ({min(d['wratio']):.3f}-{max(d['wratio']):.3f}) | rv {st.median(d['rv']):.2f} wav {st.median(d['wav']):.2f} | rss MB {min(d['rss'])/1024:.0f}-{max(d['rss'])/1024:.0f}")
