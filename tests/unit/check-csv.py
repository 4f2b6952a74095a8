#!/usr/bin/env python3
# Reads a CSV export with Python's csv module (a real RFC 4180 reader) and
# prints each row as JSON, one per line, for test-export to compare.
import csv
import json
import sys

with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f, strict=True):
        print(json.dumps(row, ensure_ascii=False))
