#!/bin/sh
# The preview server under load (issue 12): 16 clients with kept-alive connections, as browsers
# keep them, ask `wegwijs serve` for a page and what it loads, 100,000 requests in all. Prints
# requests per second, the time per request and every error. Uses release builds:
#   sh bench/serve_load.sh [CLIENTS] [REQUESTS]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
clients=${1:-16}
requests=${2:-100000}
cd "$root"
cargo build --release --quiet --bin wegwijs --example serve_load
bin="$root/target/release/wegwijs"
load="$root/target/release/examples/serve_load"
work=$(mktemp -d)
cp -r "$root/content" "$work/site"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$bin" serve "$work/site" --port "$port" >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$work"' EXIT
tries=0
until "$load" "127.0.0.1:$port" 1 1 /nl/ >/dev/null 2>&1; do
  tries=$((tries + 1))
  if [ "$tries" -gt 300 ]; then
    echo "the preview did not answer; its log:" >&2
    cat "$work/serve.log" >&2
    exit 1
  fi
  sleep 0.1
done
"$load" "127.0.0.1:$port" "$clients" "$requests" \
  /nl/ /style.css /app-icon.svg /hours.js /nl/guides/first-week/ /ar/services/
