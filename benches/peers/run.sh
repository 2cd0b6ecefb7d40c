#!/usr/bin/env bash
# Peers side by side on the same generated corpus: rapidfuzz (best transcript
# sentence per article sentence with process.cdist) and text-matcher, both
# installed from PyPI into benches/peers/.venv (git-ignored). Run by hand:
#
#   benches/peers/run.sh 1000        # articles; corpus from benches/scale.sh
#
# Prints one line per tool: wall time (/usr/bin/time), peak memory, recall on
# the generated truth (same rule as refract's: the article sentence that holds
# the truth span is matched with the truth's transcript sentence).
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-1000}
corpus=../out/$n/corpus.jsonl
truth=../out/$n/truth.jsonl
if [ ! -s "$corpus" ]; then
  (cd ../.. && cargo build --release --quiet --bin refract && mkdir -p benches/out/$n &&
    target/release/refract generate --articles "$n" -o "benches/out/$n/corpus.jsonl" --truth "benches/out/$n/truth.jsonl")
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install --quiet rapidfuzz numpy || echo "peers: rapidfuzz did not install"
.venv/bin/pip install --quiet text-matcher || echo "peers: text-matcher did not install"
mkdir -p out
for tool in rapidfuzz text-matcher; do
  if /usr/bin/time -v -o "out/$tool-$n.time" .venv/bin/python peers.py "$tool" "$corpus" "$truth" > "out/$tool-$n.json" 2> "out/$tool-$n.err"; then
    wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "out/$tool-$n.time")
    rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "out/$tool-$n.time")
    echo "$tool articles=$n wall=${wall}s max_rss=${rss}KB $(cat "out/$tool-$n.json")"
  else
    echo "$tool articles=$n failed: $(tail -3 "out/$tool-$n.err" | tr '\n' ' ')"
  fi
done
