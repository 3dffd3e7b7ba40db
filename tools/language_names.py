#!/usr/bin/env python3
"""Writes locales/<lang>/language-names.ftl for every locale wegwijs ships: the name of every
language in that language, from the Unicode CLDR (npm package `cldr-localenames-full`), so that
a notice on an Arabic page names Dutch as الهولندية, not as "Nederlands".

usage: python3 tools/language_names.py     (downloads the package with npm into a temporary folder)
CLDR is © Unicode, Inc., under the Unicode License v3 (https://www.unicode.org/license.txt).
"""
import json, os, subprocess, sys, tempfile

VERSION = "46.0.0"
ROOT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "locales")
with tempfile.TemporaryDirectory() as tmp:
    subprocess.run(["npm", "install", "--prefix", tmp, "--no-audit", "--no-fund", "--silent",
                    f"cldr-localenames-full@{VERSION}"], check=True)
    data = os.path.join(tmp, "node_modules", "cldr-localenames-full", "main")
    for lang in sorted(os.listdir(ROOT)):
        if not os.path.isdir(os.path.join(ROOT, lang)):
            continue
        path = os.path.join(data, lang, "languages.json")
        if not os.path.exists(path):
            print(f"no CLDR names in {lang}", file=sys.stderr)
            continue
        names = json.load(open(path, encoding="utf-8"))["main"][lang]["localeDisplayNames"]["languages"]
        lines = [f"# The names of languages in this language, from Unicode CLDR {VERSION} (made by tools/language_names.py;",
                 "# do not edit by hand). A site may name a language otherwise in its own locales/ files.", ""]
        for code, name in sorted(names.items()):
            # Plain language codes only (no regions, scripts or "-alt-" variants).
            if "-" in code or not code.isalpha() or not code.islower():
                continue
            lines.append(f"language-name-{code} = {name}")
        with open(os.path.join(ROOT, lang, "language-names.ftl"), "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"{lang}: {len(lines) - 3} names")
