#!/usr/bin/env python3
"""Adds the paper's Promising times to a bench/kernel-promising.sh table.

Usage: bench/kernel-compare.py NEW_TABLE [bench/README.md]
The paper's times (appendix E, Table 3 of the PLDI 2019 paper, as the corpus README lists them) are read
from the kernel table already in bench/README.md, whose "paper Promising s" column maps the corpus README's
names (SLC-1, QU/(opt)-..., with "(?)" where the paper's row covers several files) onto our file names.
"""
import re
import sys

new_path = sys.argv[1]
readme_path = sys.argv[2] if len(sys.argv) > 2 else "bench/README.md"

paper = {}
in_table = False
for line in open(readme_path, encoding="utf-8"):
    if line.startswith("| test | states | memories | vrm Promising s | paper Promising s |"):
        in_table = True
        continue
    if in_table:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells[0].startswith("---"):
            continue
        paper[cells[0]] = cells[4]

def seconds(cell):
    m = re.match(r"[0-9.]+", cell)
    return float(m.group(0)) if m else None

rows = []
for line in open(new_path, encoding="utf-8"):
    cells = [c.strip() for c in line.strip().strip("|").split("|")]
    if len(cells) == 5 and cells[0] != "test" and not cells[0].startswith("---"):
        rows.append(cells)

faster = slower = incomplete = 0
print("| test | states | memories | vrm Promising s | paper Promising s | faster? |")
print("|---|---:|---:|---:|---:|---|")
for test, states, memories, secs, completion in sorted(rows):
    ours = float(secs)
    theirs = paper.get(test, "")
    if completion != "complete":
        verdict = "? (" + completion + ")"
        incomplete += 1
    elif theirs.startswith("ooT"):
        verdict = "yes (ooT: more than 4 h)"
        faster += 1
    elif seconds(theirs) is not None and ours < seconds(theirs):
        verdict = "yes"
        faster += 1
    else:
        verdict = "no"
        slower += 1
    print(f"| {test} | {states} | {memories} | {secs} | {theirs} | {verdict} |")
print()
print(f"faster than the paper: {faster}; slower: {slower}; incomplete: {incomplete}")
