#!/usr/bin/env python3
"""Build corpus/lexicon/wordnet.txt -- refract's lexical-semantics table --
from a local WordNet 3.0 database.

Requirements
    Python 3.8+ (standard library only) and the WordNet 3.0 database files:

        apt-get install wordnet-base        # Debian / Ubuntu

    which installs data.{noun,verb,adj,adv} and index.{noun,verb,adj,adv}
    under /usr/share/wordnet/.  Any other WordNet 3.0 "dict/" directory
    works too (pass --wordnet DIR).  The file format is documented in
    `man 5 wndb`.

Usage
    python3 corpus/lexicon/build.py                  # writes wordnet.txt next to this script
    python3 corpus/lexicon/build.py --stats          # also print size/count table for K=1,2,3
    python3 corpus/lexicon/build.py -k 2 -o /tmp/x   # experiment with other settings

Output format (consumed by src/lexicon.rs)
    '#' comment lines, then one concept per line:

        ID<TAB>word word word ...

    ID is the WordNet POS letter (n, v, a, r) + the 8-digit synset offset,
    words are distinct lowercase single words (ASCII letters, with optional
    internal apostrophe/hyphen), sorted, at least two per line.  Two words
    are related when they share a line.  The loader stems every word, so
    no inflected forms are emitted.  Lines are sorted by ID; output is
    byte-for-byte deterministic for a given WordNet database and options.

What goes into a concept (see README.md for the measurements)
    For every synset S:
      * members     -- S's single-word lemmas, each admitted only if S is
                       among that lemma's first K senses in index.<pos>
                       (WordNet lists senses in tagged-frequency order);
      * derivations -- for each admitted member, its lemma-specific
                       derivationally-related forms (pointer '+'), when
                       the target sense is itself among the target lemma's
                       first K senses;
      * pertainyms  -- (adjectives, adverbs) the lemma-specific pertainym
                       target (pointer '\\'): korean -> korea,
                       quickly -> quick; same K test on the target;
      * similar-to  -- for an adjective satellite, the admitted words of
                       its head synset (pointer '&'); heads do NOT absorb
                       their satellites (that would build mega-groups).
    Words in STOPLIST (closed-class words and ultra-generic verbs), and any
    word whose Snowball stem equals a stoplisted word's stem ("taking" ->
    "take"), are never emitted.

    The Rust loader stems every word with Snowball English, so all size
    tests work on distinct stems, using a pure-Python copy of that stemmer
    (snowball_english below, checked identical to rust-stemmers 1.2.0 on
    1.1M word forms):
      * a concept with more than MAX_SIZE stems falls back to its members
        only; if that is still too big it is dropped (too vague);
      * a concept with fewer than two distinct stems is dropped
        ("arbitrate arbitration" links nothing once stemmed);
      * a concept whose stem set equals or is contained in another concept's
        stem set is dropped (it links no pair the larger one does not).
"""

import argparse
import collections
import functools
import itertools
import os
import re
import sys

DEFAULT_WORDNET = "/usr/share/wordnet"
HERE = os.path.dirname(os.path.abspath(__file__))

DEFAULT_K = 2
MAX_SIZE = 12

POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}

WORD_RE = re.compile(r"^[a-z]+(?:['-][a-z]+)*$")
MIN_LEN = 3

# Words that must never link to anything.
#  * Closed-class / function words: WordNet has homographs for many of them
#    ("will" = testament, "can" = tin can / to fire, "may" = hawthorn,
#    "us" = United States, "one" = ace) that would wreck alignment.
#  * Ultra-generic verbs (be/have/make/get/do/go/take/give/...): their
#    first senses are light verbs whose synsets would link half the
#    vocabulary ("take" ~ "claim", "make" ~ "create", "get" ~ "become").
STOPLIST = frozenset(
    """
    a about above across after again against all almost along also although
    always am among an and another any anyone anything are around as at away
    back be because been before behind being below beside besides between
    beyond both but by can cannot could did do does doing done down during
    each either else enough even ever every few for from further had has
    have having he her here hers herself him himself his how however i if in
    indeed inside into is it its itself just least less like many may me
    might more most much must my myself neither never no none nor not
    now of off often on once one only onto or other others otherwise ought
    our ours ourselves out over own per perhaps quite rather same several
    shall she should since so some such than that the their theirs them
    themselves then there therefore these they this those though through
    thus till to too toward towards under unless until up upon us very via
    was we well were what whatever when where whether which while who whom
    whose why will with within without would yet you your yours yourself
    yourselves
    still last next first second third two three four five six seven eight
    nine ten hundred thousand million billion
    become becomes becoming became bring brings bringing brought come comes
    coming came does doing did done get gets getting got gotten give gives
    giving gave given go goes going went gone has having had hold holds
    holding held keep keeps keeping kept let lets letting make makes making
    made put puts putting see sees seeing saw seen seem seems seeming seemed
    set sets setting take takes taking took taken turn turns turning turned
    thing things way ways
    """.split()
)


def stop_stems(words=STOPLIST):
    """The stoplist as Snowball stems (so "taking" is caught by "take")."""
    return frozenset(snowball_english(w) for w in words)


def clean_word(raw, stop):
    """WordNet lemma -> refract word, or None if it is not a single plain
    word or its stem is in `stop`."""
    w = raw.lower()
    # adjective syntactic markers: word(a), word(p), word(ip)
    w = re.sub(r"\((?:a|p|ip)\)$", "", w)
    if "_" in w or not WORD_RE.match(w) or len(w) < MIN_LEN:
        return None
    if snowball_english(w) in stop:
        return None
    return w


# --- Snowball English (Porter2) stemmer, the algorithm the Rust loader uses
# (rust-stemmers Algorithm::English). Used only to judge whether a concept
# still links >= 2 distinct words after stemming. Verified identical to
# rust-stemmers 1.2.0 on every candidate word (see README).
_V = "aeiouy"
_DOUBLES = ("bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt")
_LI = "cdeghkmnrt"
_EXC1 = {"skis": "ski", "skies": "sky", "dying": "die", "lying": "lie",
         "tying": "tie", "idly": "idl", "gently": "gentl", "ugly": "ugli",
         "early": "earli", "only": "onli", "singly": "singl", "sky": "sky",
         "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos",
         "bias": "bias", "andes": "andes"}
_EXC2 = {"inning", "outing", "canning", "herring", "earring", "proceed",
         "exceed", "succeed"}
_STEP2 = [("ization", "ize"), ("ational", "ate"), ("fulness", "ful"),
          ("ousness", "ous"), ("iveness", "ive"), ("tional", "tion"),
          ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"),
          ("ation", "ate"), ("alism", "al"), ("aliti", "al"), ("ousli", "ous"),
          ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
          ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"),
          ("alli", "al"), ("bli", "ble"), ("ogi", "og"), ("li", "")]
_STEP3 = [("ational", "ate"), ("tional", "tion"), ("alize", "al"),
          ("icate", "ic"), ("iciti", "ic"), ("ative", ""), ("ical", "ic"),
          ("ness", ""), ("ful", "")]
_STEP4 = ["ement", "ance", "ence", "able", "ible", "ment", "ant", "ent",
          "ism", "ate", "iti", "ous", "ive", "ize", "ion", "al", "er", "ic"]


def _isv(ch):
    return ch in _V


def _short_syllable_at(w, end):
    """Does w[:end] end in a short syllable?"""
    if end >= 3:
        a, b, c = w[end - 3], w[end - 2], w[end - 1]
        return (not _isv(a)) and _isv(b) and not _isv(c) and c not in "wxY"
    if end == 2:
        return _isv(w[0]) and not _isv(w[1])
    return False


def _regions(w):
    def after_vc(start):
        i = start
        while i < len(w) and not _isv(w[i]):
            i += 1
        while i < len(w) and _isv(w[i]):
            i += 1
        # now at first non-vowel after a vowel (or end)
        return min(i + 1, len(w)) if i < len(w) else len(w)
    for pre in ("gener", "commun", "arsen"):
        if w.startswith(pre):
            p1 = len(pre)
            break
    else:
        p1 = after_vc(0)
    p2 = after_vc(p1)
    return p1, p2


@functools.lru_cache(maxsize=None)
def snowball_english(word):
    w = word
    if w in _EXC1:
        return _EXC1[w]
    if len(w) < 3:
        return w
    if w.startswith("'"):
        w = w[1:]
    # prelude: mark consonant y as Y
    chars = list(w)
    for i, ch in enumerate(chars):
        if ch == "y" and (i == 0 or _isv(chars[i - 1])):
            chars[i] = "Y"
    w = "".join(chars)
    p1, p2 = _regions(w)

    # step 1a
    for suf in ("'s'", "'s", "'"):
        if w.endswith(suf):
            w = w[: -len(suf)]
            break
    if w.endswith("sses"):
        w = w[:-2]
    elif w.endswith("ied") or w.endswith("ies"):
        w = w[:-3] + ("i" if len(w) > 4 else "ie")
    elif w.endswith("us") or w.endswith("ss"):
        pass
    elif w.endswith("s"):
        if any(_isv(ch) for ch in w[:-2]):
            w = w[:-1]
    if w in _EXC2:
        return w

    # step 1b
    for suf in ("eedly", "ingly", "edly", "eed", "ing", "ed"):
        if w.endswith(suf):
            stem = w[: -len(suf)]
            if suf in ("eed", "eedly"):
                if len(stem) >= p1:
                    w = stem + "ee"
            elif any(_isv(ch) for ch in stem):
                w = stem
                if w.endswith(("at", "bl", "iz")):
                    w += "e"
                elif w.endswith(_DOUBLES):
                    w = w[:-1]
                elif len(w) <= p1 and _short_syllable_at(w, len(w)):
                    w += "e"
            break

    # step 1c
    if len(w) > 2 and w[-1] in "yY" and not _isv(w[-2]):
        w = w[:-1] + "i"

    # step 2
    for suf, rep in _STEP2:
        if w.endswith(suf):
            if len(w) - len(suf) >= p1:
                if suf == "ogi":
                    if w[-4:-3] == "l":
                        w = w[:-3] + rep
                elif suf == "li":
                    if len(w) >= 3 and w[-3] in _LI:
                        w = w[:-2]
                else:
                    w = w[: -len(suf)] + rep
            break

    # step 3
    for suf, rep in _STEP3:
        if w.endswith(suf):
            start = len(w) - len(suf)
            if start >= p1 and (suf != "ative" or start >= p2):
                w = w[:start] + rep
            break

    # step 4
    for suf in _STEP4:
        if w.endswith(suf):
            start = len(w) - len(suf)
            if start >= p2:
                if suf == "ion":
                    if start >= 1 and w[start - 1] in "st":
                        w = w[:start]
                else:
                    w = w[:start]
            break

    # step 5
    if w.endswith("e"):
        start = len(w) - 1
        if start >= p2 or (start >= p1 and not _short_syllable_at(w, start)):
            w = w[:-1]
    elif w.endswith("l"):
        start = len(w) - 1
        if start >= p2 and w[-2:-1] == "l":
            w = w[:-1]

    return w.replace("Y", "y")


class Synset:
    __slots__ = ("pos", "offset", "ss_type", "words", "ptrs")

    def __init__(self, pos, offset, ss_type, words, ptrs):
        self.pos = pos          # file POS: n v a r
        self.offset = offset    # 8-digit string
        self.ss_type = ss_type  # n v a s r
        self.words = words      # raw lemmas, in order (1-based word numbers)
        self.ptrs = ptrs        # (symbol, target_pos, target_offset, src, tgt)

    @property
    def sid(self):
        return self.pos + self.offset


def read_data(wndir, pos):
    synsets = {}
    path = os.path.join(wndir, "data." + POS_FILES[pos])
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):  # licence header
                continue
            fields = line.split(" | ", 1)[0].split()
            offset, _lex, ss_type = fields[0], fields[1], fields[2]
            w_cnt = int(fields[3], 16)
            i = 4
            words = []
            for _ in range(w_cnt):
                words.append(fields[i])
                i += 2
            p_cnt = int(fields[i])
            i += 1
            ptrs = []
            for _ in range(p_cnt):
                sym, toff, tpos, st = fields[i : i + 4]
                i += 4
                tpos = "a" if tpos == "s" else tpos
                ptrs.append((sym, tpos, toff, int(st[:2], 16), int(st[2:], 16)))
            synsets[offset] = Synset(pos, offset, ss_type, words, ptrs)
    return synsets


def read_index(wndir, pos):
    """lemma -> {offset: 0-based sense rank}"""
    ranks = {}
    path = os.path.join(wndir, "index." + POS_FILES[pos])
    with open(path, encoding="latin-1") as f:
        for line in f:
            if line.startswith("  "):
                continue
            fields = line.split()
            lemma = fields[0]
            synset_cnt = int(fields[2])
            offsets = fields[len(fields) - synset_cnt :]
            ranks[lemma] = {off: r for r, off in enumerate(offsets)}
    return ranks


class WordNet:
    def __init__(self, wndir):
        self.data = {p: read_data(wndir, p) for p in POS_FILES}
        self.index = {p: read_index(wndir, p) for p in POS_FILES}

    def rank(self, pos, raw_lemma, offset):
        """Sense rank of (lemma, synset) in index.<pos>; large if unknown."""
        lemma = re.sub(r"\((?:a|p|ip)\)$", "", raw_lemma.lower())
        return self.index[pos].get(lemma, {}).get(offset, 10**6)


def build(wn, k, max_size=MAX_SIZE, derivations=True, pertainyms=True,
          similar=True, stoplist=True, subsume=True, stats=None):
    """Return sorted list of (id, sorted word tuple)."""
    stop = stop_stems() if stoplist else frozenset()
    return _build(wn, k, stop, max_size, derivations, pertainyms, similar,
                  subsume, stats if stats is not None else {})


def _admitted(wn, syn, k, stop):
    """1-based word number -> cleaned word, for members passing the K test."""
    out = {}
    for n, raw in enumerate(syn.words, 1):
        w = clean_word(raw, stop)
        if w is not None and wn.rank(syn.pos, raw, syn.offset) < k:
            out[n] = w
    return out


def _target_word(wn, tpos, toff, tnum, k, stop):
    t = wn.data[tpos].get(toff)
    if t is None or not (1 <= tnum <= len(t.words)):
        return None
    raw = t.words[tnum - 1]
    w = clean_word(raw, stop)
    if w is None or wn.rank(tpos, raw, toff) >= k:
        return None
    return w


def _build(wn, k, stop, max_size, derivations, pertainyms, similar, subsume, st):
    concepts = {}
    c = collections.Counter()
    for pos in POS_FILES:
        for off in sorted(wn.data[pos]):
            syn = wn.data[pos][off]
            adm = _admitted(wn, syn, k, stop)
            core = set(adm.values())
            extra = set()
            head_words = set()
            for sym, tpos, toff, src, tgt in syn.ptrs:
                if sym == "+" and derivations and src in adm:
                    w = _target_word(wn, tpos, toff, tgt, k, stop)
                    if w:
                        extra.add(w)
                elif sym == "\\" and pertainyms and src in adm:
                    w = _target_word(wn, tpos, toff, tgt, k, stop)
                    if w:
                        extra.add(w)
                elif (sym == "&" and similar and syn.ss_type == "s"
                      and src == 0 and core):
                    head = wn.data[tpos].get(toff)
                    if head is not None:
                        head_words.update(_admitted(wn, head, k, stop).values())
            _add(concepts, c, syn.sid, core, extra, max_size)
            if head_words:
                # separate line, so the head is linked to the satellite's
                # members but not to their derivations (attractive ~ hypnotic,
                # not attractive ~ hypnosis)
                _add(concepts, c, "s" + syn.offset, core, head_words, max_size)

    c["concepts_before_dedup"] = len(concepts)
    if subsume:
        concepts = _drop_subsumed(concepts, c)
    st.update(c)
    return sorted((sid, tuple(sorted(ws))) for sid, ws in concepts.items())


def _add(concepts, c, sid, core, extra, max_size):
    """Record a concept; sizes are measured in distinct Snowball stems,
    because that is what the loader will see."""
    words = core | extra
    if _nstems(words) > max_size:
        c["oversize_trimmed_to_members"] += 1
        words = core
        if _nstems(words) > max_size:
            c["oversize_dropped"] += 1
            return
    if _nstems(words) >= 2:
        concepts[sid] = frozenset(words)
    elif len(words) >= 2:
        c["dropped_one_stem"] += 1


def _nstems(words):
    return len({snowball_english(w) for w in words})


def _drop_subsumed(concepts, c):
    """Drop concepts whose stem set is equal to / contained in another's.

    Such a line links no pair the larger one does not already link.  Among
    equal sets the smallest ID survives, so the result is deterministic.
    """
    stems = {sid: frozenset(snowball_english(w) for w in ws)
             for sid, ws in concepts.items()}
    by_stem = collections.defaultdict(list)
    for sid, ss in stems.items():
        for x in ss:
            by_stem[x].append(sid)
    keep = {}
    for sid in sorted(stems, key=lambda s: (len(stems[s]), s)):
        ss = stems[sid]
        rarest = min(ss, key=lambda x: (len(by_stem[x]), x))
        dominated = False
        for other in by_stem[rarest]:
            if other == sid:
                continue
            os_ = stems[other]
            if ss <= os_ and (len(os_) > len(ss) or other < sid):
                dominated = True
                break
        if dominated:
            c["dropped_subsumed"] += 1
        else:
            keep[sid] = concepts[sid]
    return keep


def render(rows, header):
    out = ["# " + h if h else "#" for h in header]
    out.extend("%s\t%s" % (sid, " ".join(ws)) for sid, ws in rows)
    return "\n".join(out) + "\n"


def summary(rows):
    words = set()
    pairs = set()
    by_pos = collections.Counter()
    for sid, ws in rows:
        words.update(ws)
        stems = sorted({snowball_english(w) for w in ws})
        pairs.update(itertools.combinations(stems, 2))
        by_pos[sid[0]] += 1
    return {"concepts": len(rows), "words": len(words), "pairs": len(pairs),
            "by_pos": dict(sorted(by_pos.items()))}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--wordnet", default=DEFAULT_WORDNET,
                    help="WordNet 3.0 dict directory (default %(default)s)")
    ap.add_argument("-o", "--output", default=os.path.join(HERE, "wordnet.txt"))
    ap.add_argument("-k", type=int, default=DEFAULT_K,
                    help="admit (lemma, synset) only if among lemma's first K senses")
    ap.add_argument("--max-size", type=int, default=MAX_SIZE)
    ap.add_argument("--no-derivations", action="store_true")
    ap.add_argument("--no-pertainyms", action="store_true")
    ap.add_argument("--no-similar", action="store_true")
    ap.add_argument("--no-stoplist", action="store_true")
    ap.add_argument("--no-subsume", action="store_true")
    ap.add_argument("--stats", action="store_true",
                    help="print a size table for K=1,2,3 (default settings)")
    args = ap.parse_args(argv)

    for pos in POS_FILES:
        p = os.path.join(args.wordnet, "data." + POS_FILES[pos])
        if not os.path.exists(p):
            sys.exit("missing %s -- install WordNet 3.0: apt-get install wordnet-base" % p)

    wn = WordNet(args.wordnet)
    opts = dict(max_size=args.max_size,
                derivations=not args.no_derivations,
                pertainyms=not args.no_pertainyms,
                similar=not args.no_similar,
                stoplist=not args.no_stoplist,
                subsume=not args.no_subsume)

    if args.stats:
        print("K  concepts  words   stem-pairs  bytes")
        for k in (1, 2, 3):
            rows = build(wn, k, **opts)
            s = summary(rows)
            size = len(render(rows, []).encode())
            print("%d  %8d  %6d  %10d  %d" % (k, s["concepts"], s["words"],
                                              s["pairs"], size), flush=True)

    st = {}
    rows = build(wn, args.k, stats=st, **opts)
    s = summary(rows)
    parts = [name for name, on in (("derivations(+)", opts["derivations"]),
                                   ("pertainyms(\\)", opts["pertainyms"]),
                                   ("similar-to(&, satellite->head)", opts["similar"]))
             if on]
    header = [
        "refract lexicon: WordNet 3.0 concepts (single-word lemmas only).",
        "Source: WordNet 3.0, Princeton University, https://wordnet.princeton.edu/",
        "WordNet 3.0 Copyright 2006 by Princeton University.  All rights reserved.",
        "Licence, notice and disclaimer: see LICENSE-WordNet in this directory.",
        "Generated by: python3 corpus/lexicon/build.py  (do not edit by hand)",
        "Settings: K=%d (first K senses per lemma), max %d stems/concept, "
        "members + %s, stoplist=%s, subsumed concepts dropped=%s"
        % (args.k, opts["max_size"], " + ".join(parts) or "nothing else",
           "on" if opts["stoplist"] else "off", "yes" if opts["subsume"] else "no"),
        "Counts: %d concepts (n=%d v=%d a=%d s=%d r=%d), %d distinct words, "
        "%d linked stem pairs"
        % (s["concepts"], s["by_pos"].get("n", 0), s["by_pos"].get("v", 0),
           s["by_pos"].get("a", 0), s["by_pos"].get("s", 0),
           s["by_pos"].get("r", 0), s["words"], s["pairs"]),
        "Format: ID<TAB>space-separated words. ID = n/v/a/r + synset offset for a",
        "synset's own concept; s + offset for an adjective satellite linked to its",
        "head (similar-to). Two words are related when they share a line.",
        "Words are unstemmed; the loader stems them (Snowball English).",
    ]
    text = render(rows, header)
    with open(args.output, "w", encoding="ascii", newline="\n") as f:
        f.write(text)
    print("wrote %s: %d concepts, %d words, %d bytes  (%s)" % (
        args.output, s["concepts"], s["words"], len(text.encode()),
        ", ".join("%s=%d" % kv for kv in sorted(st.items()))), file=sys.stderr)


if __name__ == "__main__":
    main()
