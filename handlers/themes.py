"""The themes of a period's submissions — keywords and two-syllable phrases with Vietnamese stop-words
removed — and short excerpts with digits, phone numbers and e-mail addresses masked.

The stop-word list (`data/vietnamese-stopwords.txt`, MIT, see `data/vietnamese-stopwords.NOTICE.md`)
serves keyword extraction only: it holds "không", "điều", "năm", which must never be stripped before
reading a stance or an article number, so no stored text is ever changed by it. Entries of several
syllables match only as whole n-grams; a phrase never spans punctuation or a stop-word.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

STOPWORD_FILES = ("vietnamese-stopwords.txt", "submission-stopwords.txt")
WORD = re.compile(r"[^\W\d_]+")
CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»…/\n\r\t-]+")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
DIGIT = re.compile(r"\d")
MIN_TEXTS = 2  # a theme must come up in at least two submissions
BOUND = 0.6  # a run of syllables replaces a shorter run it begins or ends with that mostly occurs inside it
RUNS = (3, 4)  # longer runs than pairs: "trạm y tế", "bưu điện văn hoá"


@dataclass(frozen=True)
class Theme:
    phrase: str
    texts: int  # how many of the sampled submissions mention it


@dataclass(frozen=True)
class StopWords:
    syllables: frozenset[str]
    phrases: frozenset[tuple[str, ...]]
    longest: int  # syllables in the longest phrase


@cache
def stopwords() -> StopWords:
    """The shipped lists: single syllables, and phrases of several syllables matched as n-grams."""
    entries: set[str] = set()
    for name in STOPWORD_FILES:
        text = (files("handlers") / "data" / name).read_text(encoding="utf-8")
        entries.update(_normal(line) for line in text.splitlines() if line.strip() and not line.startswith("#"))
    split = [tuple(entry.split()) for entry in entries]
    phrases = frozenset(s for s in split if len(s) > 1)
    return StopWords(frozenset(s[0] for s in split if len(s) == 1), phrases, max((len(p) for p in phrases), default=1))


def _normal(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def _clauses(text: str) -> Iterator[list[str]]:
    """The syllables of each clause (text between punctuation), lower-cased."""
    for clause in CLAUSE_BREAK.split(unicodedata.normalize("NFC", text).casefold()):
        syllables = WORD.findall(clause)
        if syllables:
            yield syllables


def _marked(syllables: list[str], stop: StopWords) -> list[tuple[str, bool]]:
    """Each syllable with whether it is a stop-word: a listed syllable, or part of a listed phrase matched whole."""
    covered = [False] * len(syllables)
    for size in range(2, stop.longest + 1):
        for i in range(len(syllables) - size + 1):
            if tuple(syllables[i : i + size]) in stop.phrases:
                covered[i : i + size] = [True] * size
    return [(s, hidden or s in stop.syllables) for s, hidden in zip(syllables, covered, strict=True)]


def terms(text: str) -> set[str]:
    """A text's keywords (two letters or more), runs of three and four, and pairs with at most one stop syllable.

    Pairs with a stop syllable are never themes: they only reveal keywords that are half of a word.
    """
    stop = stopwords()
    found: set[str] = set()
    for clause in _clauses(text):
        marked = _marked(clause, stop)
        found.update(s for s, hidden in marked if not hidden and len(s) > 1)
        for (a, a_stop), (b, b_stop) in zip(marked, marked[1:], strict=False):
            if not (a_stop and b_stop):
                found.add(f"{a} {b}")
        for size in RUNS:
            for i in range(len(marked) - size + 1):
                run = marked[i : i + size]
                if not any(hidden for _, hidden in run):
                    found.add(" ".join(s for s, _ in run))
    return found


def _has_stop(phrase: str, stop: StopWords) -> bool:
    return any(syllable in stop.syllables for syllable in phrase.split())


def _fragments(frequent: dict[str, int], stop: StopWords) -> set[str]:
    """Keywords seen mostly beside a stop syllable ("sĩ" of "bác sĩ"): half a word, so never a theme alone."""
    found: set[str] = set()
    for pair, n in frequent.items():
        syllables = pair.split()
        if len(syllables) == 2 and _has_stop(pair, stop):
            found.update(s for s in syllables if s not in stop.syllables and n >= BOUND * frequent.get(s, n))
    return found


def _phrases(frequent: dict[str, int], stop: StopWords) -> dict[str, int]:
    """Pairs of syllables, and runs of three or four ("trạm y tế") in place of a shorter run seen mostly inside them."""
    runs: dict[str, int] = {}
    absorbed: set[str] = set()
    for phrase, n in frequent.items():
        syllables = phrase.split()
        if len(syllables) not in RUNS:
            continue
        halves = {" ".join(syllables[:-1]), " ".join(syllables[1:])}
        inside = {half for half in halves if n >= BOUND * frequent.get(half, n)}
        if inside:
            absorbed |= inside
            runs[phrase] = n
    pairs = {p: n for p, n in frequent.items() if p.count(" ") == 1 and not _has_stop(p, stop)}
    return {p: n for p, n in (pairs | runs).items() if p not in absorbed}


def _pairs_in(phrase: str) -> set[tuple[str, str]]:
    syllables = phrase.split()
    return set(zip(syllables, syllables[1:], strict=False))


def _distinct(ranked: list[tuple[str, int]], limit: int) -> list[Theme]:
    """The best phrases that share no two consecutive syllables with a better one ("y tế xã" after "trạm y tế")."""
    chosen: list[Theme] = []
    seen: set[tuple[str, str]] = set()
    for phrase, n in ranked:
        if len(chosen) == limit:
            break
        if not _pairs_in(phrase) & seen:
            chosen.append(Theme(phrase, n))
            seen |= _pairs_in(phrase)
    return chosen


def themes(term_sets: Sequence[set[str]], limit: int = 6) -> list[Theme]:
    """The phrases most submissions share, then keywords not already in one of them; never a stop-word."""
    stop = stopwords()
    counts: Counter[str] = Counter()
    for found in term_sets:
        counts.update(found)
    frequent = {p: n for p, n in counts.items() if n >= MIN_TEXTS}
    phrases = _phrases(frequent, stop)
    chosen = _distinct(sorted(phrases.items(), key=lambda item: (-item[1], -item[0].count(" "), item[0])), limit)
    hidden = {syllable for theme in chosen for syllable in theme.phrase.split()} | _fragments(frequent, stop)
    ranked = sorted(frequent.items(), key=lambda item: (-item[1], item[0]))
    words = [Theme(p, n) for p, n in ranked if " " not in p and p not in hidden]
    return sorted(chosen + words[: limit - len(chosen)], key=lambda theme: (-theme.texts, theme.phrase))


def mask(text: str) -> str:
    """E-mail addresses and every digit (phone numbers, ids, amounts) hidden."""
    return DIGIT.sub("•", EMAIL.sub("•••@•••", text))


def shorten(text: str, limit: int) -> str:
    """One line of at most `limit` characters, cut at a space."""
    flat = " ".join(text.split())
    if len(flat) <= limit:
        return flat
    return flat[: limit - 1].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def excerpts(texts: Sequence[str], term_sets: Sequence[set[str]], chosen: Sequence[Theme], count: int = 3, limit: int = 140) -> list[str]:
    """Up to `count` quotable texts that carry the top themes (one per theme where possible), masked and shortened.

    `texts` and `term_sets` go together; leave out of them whatever must never be quoted (anonymous authors).
    """
    phrases = [theme.phrase for theme in chosen]
    score = [sum(p in found for p in phrases) for found in term_sets]
    picked: list[int] = []
    for phrase in phrases:
        holders = [i for i, found in enumerate(term_sets) if phrase in found and i not in picked]
        if holders and len(picked) < count:
            picked.append(max(holders, key=lambda i: (score[i], -len(texts[i]))))
    rest = sorted((i for i in range(len(texts)) if i not in picked), key=lambda i: (-score[i], len(texts[i])))
    picked += rest[: count - len(picked)]
    return [shorten(mask(texts[i]), limit) for i in picked]
