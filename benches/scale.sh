#!/usr/bin/env bash
# End-to-end scale run: generates corpora of SIZES articles (one transcript per
# 50 articles), runs `refract align` on each under /usr/bin/time -v (wall
# time, peak memory), scores recall against the generated truth, collects
# per-stage figures, and draws benches/scale.svg. Not run in CI.
#
#   benches/scale.sh                 # 1000 10000 100000
#   SIZES="1000 10000" benches/scale.sh
#   SIZES=100000 STAGES=0 benches/scale.sh   # end to end only (the stage
#                                            # figures hold every stage's
#                                            # data at once: not at 100k)
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=${SIZES:-"1000 10000 100000"}
STAGES=${STAGES:-1}
OUT=${OUT:-benches/out}
mkdir -p "$OUT"
cargo build --release --quiet --bin refract --example recall --example scale_stages
bin=target/release/refract
results=benches/results.csv
[ -f "$results" ] || echo "articles,transcripts,text_bytes,wall_s,user_s,sys_s,max_rss_kb,recall,quote_recall,transcript_alignments,matching_truth,stages,article_pair_recall" > "$results"

for n in $SIZES; do
  dir="$OUT/$n"
  mkdir -p "$dir"
  if [ ! -s "$dir/corpus.jsonl" ]; then
    "$bin" generate --articles "$n" -o "$dir/corpus.jsonl" --truth "$dir/truth.jsonl"
  fi
  t=$((n / 50)); [ "$t" -ge 1 ] || t=1
  bytes=$(python3 -c "import json,sys; print(sum(len(json.loads(l)['text'].encode()) for l in open(sys.argv[1])))" "$dir/corpus.jsonl")
  /usr/bin/time -v -o "$dir/time.txt" "$bin" align --format json -o "$dir/report.json" "$dir/corpus.jsonl"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$dir/time.txt")
  user=$(awk -F': ' '/User time/ {print $2}' "$dir/time.txt")
  sys=$(awk -F': ' '/System time/ {print $2}' "$dir/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$dir/time.txt")
  recall=$(target/release/examples/recall "$dir/truth.jsonl" "$dir/report.json")
  if [ "$STAGES" = 1 ]; then
    stages=$(target/release/examples/scale_stages "$dir/corpus.jsonl")
  else
    stages="{}"
  fi
  r=$(echo "$recall" | python3 -c "import json,sys; d=json.load(sys.stdin); print(d['recall'], d['quote_recall'], d['transcript_alignments'], d['matching_truth'], sep=',')")
  pairs=$(echo "$recall" | python3 -c "import json,sys; print(json.load(sys.stdin)['article_pair_recall'])")
  echo "$n,$t,$bytes,$wall,$user,$sys,$rss,$r,\"$(echo "$stages" | sed 's/"/""/g')\",$pairs" >> "$results"
  echo "articles=$n wall=${wall}s user=${user}s max_rss=${rss}KB recall: $recall"
  echo "  stages: $stages"
done
python3 benches/plot.py "$results" benches/scale.svg
