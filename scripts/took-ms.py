#!/usr/bin/env python3
"""The engine's own time (`took_ms`) for catalog queries against a running
server: each query is asked for 40 different pages (so the answer cache does
not answer), and the first, median and slowest times are printed.

    scripts/took-ms.py http://127.0.0.1:8080 'qty=20&city=yiwu' 'city=yiwu' ...
"""
import json
import statistics
import sys
import urllib.request

base, queries = sys.argv[1].rstrip("/"), sys.argv[2:]
print("| query | first | median | slowest |\n|---|---:|---:|---:|")
for query in queries:
    times = []
    for page in range(1, 41):
        url = f"{base}/api/v1/products?{query}&page={page}"
        times.append(json.load(urllib.request.urlopen(url))["took_ms"])
    first = times[0]
    print(f"| `{query}` | {first:.2f} ms | {statistics.median(times):.2f} ms | {max(times):.2f} ms |")
