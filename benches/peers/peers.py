"""Runs one peer tool on a refract generated corpus and scores it against the
truth. Usage: peers.py rapidfuzz|text-matcher CORPUS.jsonl TRUTH.jsonl

Sentences are cut with one simple rule (., ? or ! then space), with byte
offsets, on both sides. A truth link counts as found when the article
sentence overlapping its span is linked to the transcript sentence
overlapping its source span."""
import json
import re
import sys

tool, corpus_path, truth_path = sys.argv[1:4]
docs = [json.loads(l) for l in open(corpus_path, encoding="utf-8")]
truth = [json.loads(l) for l in open(truth_path, encoding="utf-8")]
CUT = re.compile(r"(?<=[.?!\u201d])\s+")


def sentences(text):
    """(start byte, end byte, text) per sentence."""
    out, pos = [], 0
    b = text.encode("utf-8")
    for piece in CUT.split(text):
        i = text.find(piece, pos)
        start = len(text[:i].encode("utf-8"))
        out.append((start, start + len(piece.encode("utf-8")), piece))
        pos = i + len(piece)
    return out


transcripts = [d for d in docs if d.get("role") == "primary"]
articles = [d for d in docs if d.get("role") != "primary"]
t_sents = [(d["id"], s, e, txt) for d in transcripts for (s, e, txt) in sentences(d["text"])]
a_sents = [(d["id"], s, e, txt) for d in articles for (s, e, txt) in sentences(d["text"])]
links = []  # (article id, a start, a end, transcript id, t start, t end)

if tool == "rapidfuzz":
    import numpy as np
    from rapidfuzz import fuzz, process

    choices = [t[3] for t in t_sents]
    CUTOFF = 60
    for lo in range(0, len(a_sents), 2000):
        chunk = a_sents[lo:lo + 2000]
        m = process.cdist([a[3] for a in chunk], choices, scorer=fuzz.token_set_ratio,
                          dtype=np.uint8, workers=-1)
        best = m.argmax(axis=1)
        for k, a in enumerate(chunk):
            j = int(best[k])
            if m[k, j] >= CUTOFF:
                t = t_sents[j]
                links.append((a[0], a[1], a[2], t[0], t[1], t[2]))
elif tool == "text-matcher":
    import contextlib
    import io

    from text_matcher.matcher import Matcher, Text

    # Stop-word removal needs NLTK's data download, which is not on PyPI:
    # text-matcher runs with removeStopwords=False (its stemmer and tokenizer
    # come with the package).
    by_id = {d["id"]: d for d in docs}
    t_texts = {d["id"]: Text(d["text"], d["id"], removeStopwords=False) for d in transcripts}
    for a in articles:
        at = Text(a["text"], a["id"], removeStopwords=False)
        for tid, tt in t_texts.items():
            with contextlib.redirect_stdout(io.StringIO()):
                m = Matcher(tt, at, threshold=3, cutoff=5, ngramSize=3, removeStopwords=False)
                m.match()
            for (ts, te), (as_, ae) in zip(m.locationsA, m.locationsB):
                # character offsets -> byte offsets
                tb = by_id[tid]["text"]
                ab = a["text"]
                links.append((a["id"], len(ab[:as_].encode()), len(ab[:ae].encode()),
                              tid, len(tb[:ts].encode()), len(tb[:te].encode())))
else:
    sys.exit(f"unknown tool {tool}")

by_pair = {}
for l in links:
    by_pair.setdefault((l[3], l[0]), []).append(l)
found = 0
for t in truth:
    for l in by_pair.get((t["transcript"], t["article"]), []):
        if l[1] < t["end"] and t["start"] < l[2] and l[4] < t["source_end"] and t["source_start"] < l[5]:
            found += 1
            break
print(json.dumps({"truth": len(truth), "found": found, "recall": round(found / max(1, len(truth)), 4),
                  "links": len(links)}))
