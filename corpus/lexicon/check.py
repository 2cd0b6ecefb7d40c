#!/usr/bin/env python3
"""Quick relatedness check for refract's lexicon files (stdlib only).

    python3 corpus/lexicon/check.py                    # built-in pair list
    python3 corpus/lexicon/check.py warn:caution a:b   # your own pairs
    python3 corpus/lexicon/check.py --files corpus/lexicon/wordnet.txt ...
    python3 corpus/lexicon/check.py --between corpus/mfa.txt corpus/news.txt ...
        # list every stem pair (one from the first text, one from the others)
        # that the lexicon links: a quick way to eyeball precision

Loads wordnet.txt and synonyms.txt, normalises every word with lowercase +
Snowball English stemming (build.snowball_english, a pure-Python copy of the
stemmer the Rust loader uses), and reports for each pair whether the two
words share a concept line, and which.  "(same stem)" means the stemmer
alone already equates them.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from build import snowball_english  # noqa: E402  (same stemmer as the loader)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_FILES = [os.path.join(HERE, "wordnet.txt"), os.path.join(HERE, "synonyms.txt")]

# (left, right, expected) -- expected None means "report only"
PAIRS = [
    ("warn", "caution", True),
    ("thank", "gratitude", True),
    ("troops", "servicemen", True),
    ("understanding", "understand", True),
    ("decision", "decide", True),
    ("targets", "direct", None),
    ("alliance", "partnership", True),
    ("exercises", "drills", True),
    ("deployments", "buildup", None),
    ("instability", "tensions", None),
    ("liberate", "liberating", True),
    ("contemplate", "consider", True),
    ("strike", "attack", True),
    ("respect", "respects", True),
    ("actions", "aspirations", False),
    ("pursue", "carry", None),
    ("nuclear", "atomic", True),
    ("accuse", "charge", True),
    ("fuelling", "driving", None),
]


def crude_stem(word):
    """Normalise like the loader: lowercase + Snowball English stem."""
    return snowball_english(word.lower().strip())


def load(files):
    concepts = {}  # id -> set of stems
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cid, words = line.rstrip("\n").split("\t", 1)
                concepts[cid] = {crude_stem(w) for w in words.split()}
    by_stem = {}
    for cid, stems in concepts.items():
        for s in stems:
            by_stem.setdefault(s, set()).add(cid)
    return by_stem


def shared(by_stem, a, b):
    sa, sb = crude_stem(a), crude_stem(b)
    if sa == sb:
        return ["(same stem)"]
    return sorted(by_stem.get(sa, set()) & by_stem.get(sb, set()))


def text_stems(path):
    import re
    text = open(path, encoding="utf-8").read().lower().replace("\u2019", "'")
    return {snowball_english(w) for w in re.findall(r"[a-z]+(?:['-][a-z]+)*", text)}


def between(files, source, others):
    import itertools
    src = text_stems(source)
    oth = set().union(*(text_stems(p) for p in others))
    found = {}
    for path in files:
        if not os.path.exists(path):
            continue
        with open(path, encoding="utf-8") as f:
            for line in f:
                if not line.strip() or line.startswith("#"):
                    continue
                cid, words = line.rstrip("\n").split("\t", 1)
                stems = sorted({snowball_english(w) for w in words.split()})
                for a, b in itertools.combinations(stems, 2):
                    if (a in src and b in oth) or (b in src and a in oth):
                        found.setdefault((a, b), cid)
    for (a, b), cid in sorted(found.items()):
        print("%-30s %s" % (a + "/" + b, cid))
    print("%d linked stem pairs" % len(found))
    return 0


def main(argv):
    files = DEFAULT_FILES
    if "--between" in argv:
        i = argv.index("--between")
        texts = argv[i + 1:]
        if argv[:1] == ["--files"]:
            files = argv[1:i]
        return between(files, texts[0], texts[1:])
    if argv[:1] == ["--files"]:
        files, argv = [f for f in argv[1:] if ":" not in f], [a for a in argv[1:] if ":" in a]
    pairs = [tuple(p.split(":", 1)) + (None,) for p in argv] or PAIRS
    by_stem = load(files)
    bad = 0
    for a, b, expect in pairs:
        ids = shared(by_stem, a, b)
        got = bool(ids)
        mark = "" if expect is None else ("ok" if got == expect else "UNEXPECTED")
        bad += mark == "UNEXPECTED"
        print("%-28s %-4s %-10s %s" % (a + "/" + b, "yes" if got else "no", mark,
                                        " ".join(ids[:6])))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
