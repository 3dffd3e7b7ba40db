#!/bin/sh
# Issue 10's limit, measured: a site with a 50 MB services file must end with a clear error
# in well under a second and under 200 MB of memory. Uses the release binary:
#   cargo build --release && sh bench/huge_file.sh
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
bin="$root/target/release/wegwijs"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cp -r "$root/tests/sites/valid" "$work/site"
# 50 MB of valid YAML: the service file, then a comment line repeated.
python3 - "$work/site/services/gp.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
line = "# " + "x" * 98 + "\n"
with open(path, "w") as f:
    f.write(text)
    f.write(line * (50 * 1024 * 1024 // len(line)))
PY
ls -l "$work/site/services/gp.yaml" | awk '{printf "file: %.1f MB\n", $5 / 1048576}'
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s, %M KB max RSS, exit %x" "$bin" check "$work/site" >"$work/out" 2>"$work/err" || true
  tail -1 "$work/err"
done
grep -m1 "×" "$work/err" || true
