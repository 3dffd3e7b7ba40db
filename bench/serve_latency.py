#!/usr/bin/env python3
"""Measures `wegwijs serve`: time from saving a guide to the waiting browser being told to
reload, and to the new page being served.

usage: serve_latency.py WEGWIJS_BINARY SITE_FOLDER [RUNS] [GAP]

The site is copied, not changed; the copy is removed at the end. GAP is the time in seconds
from one reload to the next save (default 0.2): with 1, saves come a second apart, as a person
makes them, and each finds the search index of the last one made again in the background (or
still being made, on a large site).
"""
import os, re, shutil, socket, subprocess, sys, tempfile, threading, time, urllib.request

binary, src = sys.argv[1], sys.argv[2]
runs = int(sys.argv[3]) if len(sys.argv) > 3 else 10
gap = float(sys.argv[4]) if len(sys.argv) > 4 else 0.2
work = tempfile.mkdtemp()
site = os.path.join(work, "site")
shutil.copytree(src, site, ignore=shutil.ignore_patterns("public", "cards"))
s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close()
log = open(os.path.join(os.path.dirname(site), "serve.log"), "w")
server = subprocess.Popen([binary, "serve", site, "--port", str(port)], stdout=log, stderr=log)
base = f"http://127.0.0.1:{port}"
# The example's first-week guide, or the first Dutch guide of a site made by gen_site.py.
name = "first-week" if os.path.exists(os.path.join(site, "guides", "first-week.nl.md")) else \
    sorted(f for f in os.listdir(os.path.join(site, "guides")) if f.endswith(".nl.md"))[0][:-len(".nl.md")]
PAGE = f"/nl/guides/{name}/"
try:
    page = None
    for _ in range(1200):
        try:
            page = urllib.request.urlopen(base + PAGE).read().decode(); break
        except OSError:
            time.sleep(0.1)
    assert page, "the server did not answer (its log follows)"
    guide = os.path.join(site, "guides", name + ".nl.md")
    original = open(guide, encoding="utf-8").read()
    reload_ms, served_ms = [], []
    for i in range(runs):
        version = int(re.search(r"var v=(\d+)", page).group(1))
        woke = {}
        def wait():
            urllib.request.urlopen(f"{base}/__wegwijs/wait?v={version}").read()
            woke["t"] = time.perf_counter()
        t = threading.Thread(target=wait); t.start(); time.sleep(gap)
        marker = f"Gewijzigd {i}."
        start = time.perf_counter()
        with open(guide, "w", encoding="utf-8") as f:
            f.write(original + "\n" + marker + "\n")
        t.join()
        page = urllib.request.urlopen(base + PAGE).read().decode()
        done = time.perf_counter()
        assert marker in page, "the new text is served"
        reload_ms.append((woke["t"] - start) * 1000); served_ms.append((done - start) * 1000)
    reload_ms.sort(); served_ms.sort()
    print(f"save -> reload signal: median {reload_ms[len(reload_ms)//2]:.0f} ms (min {reload_ms[0]:.0f}, max {reload_ms[-1]:.0f})")
    print(f"save -> new page served: median {served_ms[len(served_ms)//2]:.0f} ms (min {served_ms[0]:.0f}, max {served_ms[-1]:.0f})")
finally:
    server.kill()
    server.wait()
    log.close()
    if sys.exc_info()[0] is not None:
        print(open(log.name, encoding="utf-8", errors="replace").read()[-3000:], file=sys.stderr)
    shutil.rmtree(work)
