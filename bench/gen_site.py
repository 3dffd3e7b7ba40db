#!/usr/bin/env python3
"""Makes a large site for benchmarks by copying the example site's files N times.

usage: gen_site.py N OUT   ->  OUT holds N copies of every service, contact and guide of
content/, with ids suffixed, so that pages = 5 languages x (4 + N x (10 services + 6 guides)).
"""
import os
import re
import shutil
import sys

n, out = int(sys.argv[1]), sys.argv[2]
src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "content")
shutil.rmtree(out, ignore_errors=True)
for d in ("services", "contacts", "guides"):
    os.makedirs(os.path.join(out, d))
site = open(os.path.join(src, "site.yaml"), encoding="utf-8").read()
site = re.sub(r"featured_guides: \[([^]]*)\]", lambda m: "featured_guides: [" + ", ".join(g.strip() + "-0" for g in m.group(1).split(",")) + "]", site)
# Guides on paper cost ~40 ms of CPU each: N x 6 guides x 5 languages of them would swamp what
# the benchmarks measure. `PAPER=1` keeps them.
if os.environ.get("PAPER") != "1":
    site += "guides_on_paper: false\n"
open(os.path.join(out, "site.yaml"), "w", encoding="utf-8").write(site)

ids = [f[:-5] for f in os.listdir(os.path.join(src, "services"))]
ids += [f[:-5] for f in os.listdir(os.path.join(src, "contacts"))]
ids += sorted({f.split(".")[0] for f in os.listdir(os.path.join(src, "guides"))})
pattern = re.compile(r"\b(" + "|".join(map(re.escape, sorted(ids, key=len, reverse=True))) + r")\b(?![.@])")

shutil.copytree(os.path.join(src, "map"), os.path.join(out, "map"))

for i in range(n):
    for d in ("services", "contacts", "guides"):
        for f in os.listdir(os.path.join(src, d)):
            text = open(os.path.join(src, d, f), encoding="utf-8").read()
            # Suffix ids in `id:` lines and references, not in e-mail addresses or prose.
            text = "\n".join(
                pattern.sub(lambda m: f"{m.group(1)}-{i}", line)
                if re.match(r"^\s*(id|service|services|contacts):", line) else line
                for line in text.split("\n")
            )
            if d == "services" and i > 0:
                # Likewise its map: only the first copy's services have a location.
                text = re.sub(r"(?m)^location: .*\n", "", text)
            if d == "contacts" and i > 0:
                # The pocket card holds one town's contacts, not 375 copies of them.
                text = re.sub(r"(?m)^on_card: .*\n", "", text) + "on_card: false\n"
            # Cross-references in guide texts point at this copy's pages too.
            text = re.sub(r"\((service|contact|guide):([a-z0-9-]+)\)", lambda m: f"({m.group(1)}:{m.group(2)}-{i})", text)
            stem, rest = f.split(".", 1)
            open(os.path.join(out, d, f"{stem}-{i}.{rest}"), "w", encoding="utf-8").write(text)
