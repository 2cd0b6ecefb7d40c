"""Builds corpus/lexicon/exceptions.txt: irregular noun plurals and verb forms
from WordNet 3.0's exception lists (noun.exc, verb.exc), for the normaliser.

An entry is dropped when the inflected form is also a common word in its own
right: a WordNet lemma whose senses were tagged 4 or more times in the SemCor
corpus (the index files' tagsense_cnt). So "sent -> send", "said -> say" and
"thought -> think" are kept, but "left -> leave" (8), "found -> find" (4),
"ground -> grind" (10) and "lost -> lose" (7) are dropped: mapping those would
merge unrelated meanings. Regular "-men" plurals (servicemen) are handled by a
rule in the normaliser, as WordNet's morphology does.

Usage: apt-get install wordnet-base; python3 corpus/lexicon/exceptions.py
"""
import os, re

WN = "/usr/share/wordnet"
HERE = os.path.dirname(os.path.abspath(__file__))

COMMON = 4  # tagsense_cnt at or above which a form is a word of its own

tagged = {}
for pos in ("noun", "verb", "adj", "adv"):
    with open(os.path.join(WN, "index." + pos), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            p = line.split()
            n = int(p[3])
            tagged[p[0]] = tagged.get(p[0], 0) + int(p[5 + n])

pairs = {}
for pos in ("noun", "verb"):
    with open(os.path.join(WN, pos + ".exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 2:
                continue
            form, base = parts[0], parts[1]
            if not re.fullmatch(r"[a-z]+", form) or not re.fullmatch(r"[a-z]+", base):
                continue
            if tagged.get(form, 0) >= COMMON or form == base:
                continue
            pairs.setdefault(form, base)

with open(os.path.join(HERE, "exceptions.txt"), "w", encoding="utf-8") as out:
    out.write("# Irregular forms -> base form, from WordNet 3.0 noun.exc and verb.exc\n")
    out.write("# (see exceptions.py; WordNet licence in LICENSE-WordNet).\n")
    out.write("# %d entries. Format: FORM<TAB>BASE.\n" % len(pairs))
    for form in sorted(pairs):
        out.write("%s\t%s\n" % (form, pairs[form]))
