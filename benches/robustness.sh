#!/usr/bin/env bash
# Generates pathological inputs and measures the release binary on them
# (wall time and peak RSS with /usr/bin/time -v). See ROBUSTNESS.md.
#
#   benches/robustness.sh [OUTDIR]      # default: target/robustness
#
# Needs python3 (input generation) and GNU time (`apt-get install time`).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-target/robustness}
mkdir -p "$out"
cargo build --release --locked --quiet
bin=target/release/refract

python3 - "$out" <<'PY'
import random, sys, os
out = sys.argv[1]
rng = random.Random(6)
corpus = open("corpus/news.txt", encoding="utf-8").read() + open("corpus/wire.txt", encoding="utf-8").read()
words = [w.strip('.,“”"‘’:;()') for w in corpus.split()]
words = [w for w in words if w]

def sentence():
    n = rng.randint(6, 30)
    ws = [rng.choice(words) for _ in range(n)]
    s = " ".join(ws)
    s = s[0].upper() + s[1:] + "."
    r = rng.random()
    if r < 0.1:
        s = "“" + s + "” " + rng.choice(["he said.", "Lavrov said.", "the ministry said."])
    elif r < 0.15:
        s = "He called it “" + " ".join(ws[:3]) + "” and left."
    return s

def paragraphs(total):
    size, parts = 0, []
    while size < total:
        p = " ".join(sentence() for _ in range(rng.randint(1, 6))) + "\n\n"
        parts.append(p)
        size += len(p.encode())
    return "".join(parts)

def write(name, text):
    with open(os.path.join(out, name), "w", encoding="utf-8", newline="") as f:
        f.write(text)

# A 50 MB article: running text of random sentences in corpus words.
write("big50m.txt", paragraphs(50 * 1024 * 1024))
# A 5 MB line: words without a single sentence end or line break.
line, size = [], 0
while size < 5 * 1024 * 1024:
    w = rng.choice(words).rstrip(".!?…")
    if w:
        line.append(w); size += len(w.encode()) + 1
write("line5m.txt", " ".join(line))
# 100,000 quotation marks of every kind, balanced and not, around words.
marks = ['“', '”', '"', '‘', '’', '«', '»', '„']
parts = []
for _ in range(100_000):
    parts.append(rng.choice(marks) + rng.choice(words))
write("marks100k.txt", " ".join(parts) + "\n")
PY

measure() {
  local name=$1; shift
  local log="$out/$name.time"
  /usr/bin/time -v "$bin" align "$@" --format json -o "$out/$name.json" 2>"$log"
  local wall rss counts
  wall=$(grep 'Elapsed (wall clock)' "$log" | awk '{print $NF}')
  rss=$(grep 'Maximum resident set size' "$log" | awk '{print $NF}')
  # Alignments and warnings that involve the generated document.
  counts=$(python3 - "$out/$name.json" "$name" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); d = sys.argv[2]
a = [x for x in r["alignments"] if d in (x["source"]["doc"], x["target"]["doc"])]
w = [x for x in r["warnings"] if x["doc"] == d]
print(f"alignments {len(a)} (of {len(r['alignments'])})  warnings {len(w)}")
PY
)
  printf '%-10s wall %8s  peak RSS %6d MB  %s\n' "$name" "$wall" $((rss / 1024)) "$counts"
}

echo "machine: $(nproc) cores, $(free -h | awk '/Mem:/ {print $2}') memory, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
echo "date: $(date -u +%Y-%m-%d)"
measure big50m   corpus/corpus.toml "$out/big50m.txt"
measure line5m   corpus/corpus.toml "$out/line5m.txt"
measure marks100k corpus/corpus.toml "$out/marks100k.txt"
