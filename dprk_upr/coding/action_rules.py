"""How specific is a UPR recommendation? A rule-based coder of UPR Info's "action category".

UPR Info codes every recommendation in its database on a scale of the action it asks for
(UPR Info, *Database: Action category*, October 2014, scheme by Edward R. McMahon):

====  ==============================================================================
rank  meaning (example verbs)
====  ==============================================================================
1     addressed to other states, or asks to seek assistance / share information
      (call on, seek, share)
2     continuity (continue, maintain, persevere, persist, pursue)
3     consider change (analyse, consider, envisage, examine, explore, review, study)
4     general action (accelerate, address, ensure, promote, strengthen, take measures)
5     specific action (conduct, develop, establish, investigate; abolish, accede, adopt,
      amend, implement, enforce, ratify)
====  ==============================================================================

with three principles: the first action counts; when a recommendation starts with two verbs
("Continue and strengthen") the second is privileged; a general action followed by a specific
example ("Improve women's rights by amending the family code") is rank 5.

:func:`action_category` applies these rules to the text of one recommendation. The verb lists
and phrase rules are data, in ``data/coding/action_category.yaml`` (read by :func:`~dprk_upr.coding.action_rules.load_rules`).
:func:`~dprk_upr.coding.action_rules.explain` shows how a text was coded. :mod:`dprk_upr.coding.validation` compares the rule
with human codes (UPR Info's ``Action`` column).

How a text is coded (every step reads its word lists from the YAML file):

1. The text is lower-cased and split into words and punctuation.
2. A lead-in clause ("In order to ...,", "With regard to ...,", "Taking note of ...,") is
   dropped up to the comma after which a verb follows. A subject followed by a modal ("The
   Government should ...") is dropped too.
3. Adverbs in front of the verb ("Further", "Fully", "Immediately", any unknown "-ly" word) are
   skipped.
4. The first known verb or phrase ("take measures", "put in place", "give consideration") gives
   the rank. If it is directly followed by "and" / "," and a second verb ("Continue and
   strengthen", "Sign and ratify") the second verb counts (principle b).
5. A light verb with a generic object ("Adopt further measures", "Make every effort") is rank 4;
   with an object of reflection ("Undertake a study", "Conduct a review") rank 3.
6. A continuity or general action followed by a means clause naming an example ("..., including
   by ratifying ...", "... through the adoption of ...") takes the rank of the example when that
   rank is higher, or 3 when the example is to consider something (principle c).
7. A text whose first verb is unknown gets ``default_rank`` from the YAML file (4).

Validation (rules version 1.0, against UPR Info's human codes in the exports of sessions 6-9 and
17-20, 16,327 coded rows): exact agreement 0.895, within one rank 0.985, Cohen's kappa 0.846
unweighted, 0.921 quadratic-weighted, 0.889 linear-weighted. Sessions 6-9: 0.888 (DPRK rows
0.856, n=167); sessions 17-20: 0.902 (DPRK rows 0.862, n=269); DPRK rows together 0.860 (n=436).
With only the example verbs of the UPR Info note, exact agreement is 0.758 / 0.797.
Held-out check of the verb lists: when every verb we added is re-placed by its majority code in
one export only (verbs seen fewer than 3 times there dropped), agreement on the other export is
0.893 (tuned on 6-9, tested on 17-20) and 0.874 (tuned on 17-20, tested on 6-9), against 0.902
and 0.888 with the full lists. The structural rules (lead-ins, objects, means clauses) were
written after reading disagreements in both exports, so they are not held out.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .. import paths

__all__ = [
    "RULES_PATH",
    "action_category",
    "explain",
    "load_rules",
]

RULES_PATH = paths.CODING / "action_category.yaml"
RANKS = (1, 2, 3, 4, 5)

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'/][a-z0-9]+)*|[,;:.()]")
_PUNCT = {",", ";", ":", ".", "(", ")"}
_MODALS = {"should", "must", "shall", "will", "would", "could", "may", "to"}


# ----------------------------------------------------------------------------------------------
# Rules
# ----------------------------------------------------------------------------------------------


def _forms(lemma: str) -> set[str]:
    """Inflected forms of an English verb (over-generating is harmless here)."""
    out = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e") and not lemma.endswith("ee"):
        out.add(lemma[:-1] + "ing")
    if lemma.endswith("y") and len(lemma) > 2 and lemma[-2] not in "aeiou":
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) >= 3 and lemma[-1] not in "aeiouywx" and lemma[-2] in "aeiou" and lemma[-3] not in "aeiou":
        out |= {lemma + lemma[-1] + "ing", lemma + lemma[-1] + "ed"}
    for old, new in (("ize", "ise"), ("ise", "ize"), ("yze", "yse"), ("yse", "yze")):
        if lemma.endswith(old):
            out |= _forms_simple(lemma[: -len(old)] + new)
    return out


def _forms_simple(lemma: str) -> set[str]:
    out = {lemma, lemma + "s", lemma + "d"}
    if lemma.endswith("e"):
        out.add(lemma[:-1] + "ing")
    return out


def _as_list(value: Any) -> list[str]:
    return [str(v).strip().lower() for v in (value or [])]


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict:
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    if not isinstance(raw, dict) or "ranks" not in raw:
        raise ValueError(f"{path}: not an action-category rule file (no 'ranks' key)")
    ranks = {int(k): v for k, v in raw["ranks"].items()}
    missing = [r for r in RANKS if r not in ranks]
    if missing:
        raise ValueError(f"{path}: ranks {missing} are missing")

    verb_rank: dict[str, int] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for rank in RANKS:
        for verb in _as_list(ranks[rank].get("verbs")):
            verb_rank.setdefault(verb, rank)
        for phrase in _as_list(ranks[rank].get("phrases")):
            words = tuple(phrase.split())
            phrases.setdefault(words[0], []).append((words[1:], rank))
    for first in phrases:  # longest phrase first
        phrases[first].sort(key=lambda item: -len(item[0]))

    nominal = {str(k).lower(): str(v).lower() for k, v in (raw.get("nominalizations") or {}).items()}
    light = set(_as_list(raw.get("light_verbs")))
    lemmas = set(verb_rank) | set(phrases) | light | set(nominal.values())
    form_to_lemma: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in _forms(lemma):
            form_to_lemma.setdefault(form, lemma)
    for lemma in lemmas:  # a lemma always maps to itself
        form_to_lemma[lemma] = lemma

    generic = raw.get("generic_objects") or {}
    consider = raw.get("consider_objects") or {}
    return {
        "version": str(raw.get("version", "")),
        "default_rank": int(raw.get("default_rank", 4)),
        "ranks": ranks,
        "verb_rank": verb_rank,
        "phrases": phrases,
        "form_to_lemma": form_to_lemma,
        "adverbs": set(_as_list(raw.get("adverbs"))),
        "lead_in_words": set(_as_list(raw.get("lead_in_words"))),
        "lead_in_max_words": int(raw.get("lead_in_max_words", 40)),
        "coordinators": set(_as_list(raw.get("coordinators"))),
        "light_verbs": light,
        "negation_words": sorted(
            (tuple(w.split()) for w in _as_list((raw.get("negation") or {}).get("words"))), key=len, reverse=True
        ),
        "negation_rank": int((raw.get("negation") or {}).get("rank", 5)),
        "pass_through": set(_as_list(raw.get("pass_through_verbs"))),
        "generic_nouns": set(_as_list(generic.get("nouns"))),
        "generic_rank": int(generic.get("rank", 4)),
        "generic_gap": int(generic.get("max_gap", 6)),
        "object_blockers": set(_as_list(raw.get("object_blockers"))),
        "consider_nouns": set(_as_list(consider.get("nouns"))),
        "consider_rank": int(consider.get("rank", 3)),
        "consider_gap": int(consider.get("max_gap", 5)),
        "means_markers": _as_list(raw.get("means_markers")),
        "nominalizations": nominal,
        "raw": raw,
    }


def load_rules(path: str | Path | None = None) -> dict:
    """Read the action-category rules (default ``data/coding/action_category.yaml``).

    Returns a dict with the parsed YAML under ``"raw"`` and lookup tables built from it
    (``verb_rank``: lemma -> rank; ``phrases``; ``form_to_lemma``; ...). The result is cached
    per path, so calling it for every text costs nothing; do not modify it.

    >>> rules = load_rules()
    >>> sorted(rules["ranks"])
    [1, 2, 3, 4, 5]
    >>> rules["verb_rank"]["ratify"], rules["verb_rank"]["continue"]
    (5, 2)
    """
    return _load(str(Path(path).resolve() if path is not None else RULES_PATH))


# ----------------------------------------------------------------------------------------------
# Coder
# ----------------------------------------------------------------------------------------------


def _tokens(text: str) -> list[str]:
    text = unicodedata.normalize("NFKC", text).lower()
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u2013", "-").replace("\u2014", "-")
    return _TOKEN.findall(text)


class _Coder:
    def __init__(self, rules: dict, tokens: list[str]):
        self.r = rules
        self.t = tokens
        self.trace: list[str] = []
        self.head = ""

    # -- helpers -----------------------------------------------------------------------------
    def lemma(self, i: int) -> str | None:
        if 0 <= i < len(self.t):
            return self.r["form_to_lemma"].get(self.t[i])
        return None

    def is_adverb(self, i: int) -> bool:
        tok = self.t[i]
        if tok in self.r["adverbs"]:
            return True
        return tok.endswith("ly") and tok not in self.r["form_to_lemma"] and len(tok) > 4

    def skip_adverbs(self, i: int) -> int:
        while i < len(self.t) and self.t[i] not in _PUNCT and self.is_adverb(i) and self.lemma(i) is None:
            i += 1
        # "further" is both an adverb and (rarely) a verb; as the first word it is an adverb
        # when a verb follows.
        return i

    def skip_front(self, i: int) -> int:
        """Skip adverbs; when a known verb follows, also skip words that double as verbs."""
        j = self.skip_adverbs(i)
        while j < len(self.t) and self.t[j] in self.r["adverbs"]:
            k = self.skip_adverbs(j + 1)
            if self.lemma(k) is not None:
                j = k
            else:
                break
        return j

    def verb_at(self, i: int) -> tuple[str, int, int] | None:
        """(lemma or phrase, rank, index after it) for a verb or phrase starting at ``i``."""
        lemma = self.lemma(i)
        if lemma is None:
            return None
        for rest, rank in self.r["phrases"].get(lemma, []):
            if tuple(self.t[i + 1 : i + 1 + len(rest)]) == rest:
                return " ".join((lemma, *rest)), rank, i + 1 + len(rest)
        rank = self.r["verb_rank"].get(lemma)
        if rank is None:
            return None
        return lemma, rank, i + 1

    def base_verb_at(self, i: int) -> bool:
        """A known verb in its base (imperative) form starts at ``i`` ("adopt", not "adopting")."""
        return self.verb_at(i) is not None and self.t[i] == self.lemma(i)

    # -- steps -------------------------------------------------------------------------------
    def drop_lead_in(self, i: int) -> int:
        for _ in range(3):
            if i >= len(self.t) or self.t[i] not in self.r["lead_in_words"]:
                return i
            limit = min(len(self.t), i + self.r["lead_in_max_words"])
            commas = [k for k in range(i, limit) if self.t[k] == ","]
            for k in commas:
                if self.base_verb_at(self.skip_front(k + 1)):
                    self.trace.append(f"lead-in dropped: {' '.join(self.t[i:k])!r}")
                    i = k + 1
                    break
            else:
                # no comma: skip the lead-in word (and a following "order to" / subject)
                j = i + 1
                while j < min(len(self.t), i + 8) and self.verb_at(self.skip_front(j)) is None:
                    j += 1
                if j < len(self.t) and self.verb_at(self.skip_front(j)) is not None:
                    self.trace.append(f"lead-in word skipped: {' '.join(self.t[i:j])!r}")
                    return j
                return i
        return i

    def drop_subject(self, i: int) -> int:
        """'The Government should adopt ...' -> 'adopt ...'."""
        if self.verb_at(self.skip_front(i)) is not None:
            return i
        for k in range(i, min(len(self.t), i + 8)):
            if self.t[k] in _PUNCT:
                break
            if self.t[k] in _MODALS and self.base_verb_at(self.skip_front(k + 1)):
                self.trace.append(f"subject dropped: {' '.join(self.t[i : k + 1])!r}")
                return k + 1
        return i

    def object_rank(self, lemma: str, start: int) -> int | None:
        if lemma.split()[0] not in self.r["light_verbs"]:
            return None
        gap = max(self.r["generic_gap"], self.r["consider_gap"])
        for k in range(start, min(len(self.t), start + gap)):
            tok = self.t[k]
            if tok in _PUNCT or tok in {"to", "for", "that", "which", "so", "of", "on", "in", "with"}:
                return None
            if k + 1 < len(self.t) and self.t[k + 1] in self.r["object_blockers"]:
                continue
            if tok in self.r["consider_nouns"] and k - start < self.r["consider_gap"]:
                self.trace.append(f"object of reflection: {tok!r}")
                return self.r["consider_rank"]
            if tok in self.r["generic_nouns"] and k - start < self.r["generic_gap"]:
                self.trace.append(f"generic object: {tok!r}")
                return self.r["generic_rank"]
        return None

    def means_rank(self, start: int) -> tuple[int, str] | None:
        """Rank of the first example named in a means clause after ``start``."""
        t = self.t
        markers = self.r["means_markers"]
        n = len(t)
        k = start
        while k < n:
            hit = None
            for m in markers:
                words = m.split()
                if t[k : k + len(words)] == words:
                    hit = k + len(words)
                    break
            if hit is None:
                k += 1
                continue
            j = hit
            # allow a second marker word and a few determiners/adjectives
            for _ in range(4):
                if j < n and (
                    t[j]
                    in {
                        "by",
                        "through",
                        "the",
                        "a",
                        "an",
                        "its",
                        "their",
                        "means",
                        "of",
                        "way",
                        "inter",
                        "alia",
                        ",",
                        "in",
                        "particular",
                        "via",
                    }
                    or self.is_adverb(j)
                ):
                    j += 1
            if j < n:
                tok = t[j]
                if tok.endswith("ing"):
                    v = self.verb_at(j)
                    if v is not None:
                        return v[1], v[0]
                lemma = self.r["nominalizations"].get(tok)
                if lemma is not None and j + 1 < n and t[j + 1] in {"of", "and"}:
                    rank = self.r["verb_rank"].get(lemma)
                    if rank is not None:
                        return rank, lemma
            k = hit
        return None

    def code(self) -> int:
        t = self.t
        i = 0
        while i < len(t) and t[i] in _PUNCT:
            i += 1
        i = self.drop_lead_in(i)
        i = self.drop_subject(i)
        i = self.skip_front(i)
        # negation: "Not renew ...", "Do not detain ..." asks to refrain from a named act
        for words in self.r["negation_words"]:
            after = self.skip_adverbs(i + len(words))
            if tuple(t[i : i + len(words)]) == words and after < len(t) and t[after] not in _PUNCT:
                self.head = " ".join(words)
                self.trace.append(f"negated act: {' '.join(words)!r} -> {self.r['negation_rank']}")
                return self.r["negation_rank"]
        head = self.verb_at(i)
        if head is None:
            self.trace.append(f"no known verb at {t[i] if i < len(t) else '<end>'!r}: default rank")
            self.head = t[i] if i < len(t) else ""
            return self.r["default_rank"]
        lemma, rank, end = head
        self.trace.append(f"first verb: {lemma!r} -> {rank}")

        # "Seek to better enforce ..." -> the verb after "to" counts
        if lemma in self.r["pass_through"] and end < len(t) and t[end] == "to":
            inner = self.verb_at(self.skip_front(end + 1))
            if inner is not None:
                lemma, rank, end = inner
                self.trace.append(f"verb after '{head[0]} to': {lemma!r} -> {rank}")

        # principle (b): two verbs at the start, the second counts
        if end < len(t) and t[end] in self.r["coordinators"]:
            k = end + 1
            if k < len(t) and t[k] == "and":
                k += 1
            k = self.skip_adverbs(k)
            second = self.verb_at(k)
            if second is not None and (self.base_verb_at(k) or self.t[k] == self.t[i]):
                lemma, rank, end = second
                self.trace.append(f"second verb privileged: {lemma!r} -> {rank}")

        obj = self.object_rank(lemma, end)
        if obj is not None:
            rank = obj
        self.head = lemma

        # principle (c): a general / continuity action with a specific example
        if rank in (2, 4):
            means = self.means_rank(end)
            if means is not None:
                m_rank, m_lemma = means
                self.trace.append(f"example in means clause: {m_lemma!r} -> {m_rank}")
                if m_rank > rank or (m_rank == 3 and rank == 2):
                    rank = m_rank
        return rank


def _check_text(text: object) -> str:
    if text is None or (isinstance(text, float) and text != text):
        raise ValueError("action_category needs the text of a recommendation, got a missing value")
    text = str(text)
    if not text.strip():
        raise ValueError("action_category needs the text of a recommendation, got an empty string")
    return text


def explain(text: str, rules: dict | None = None) -> dict:
    """Code ``text`` and say how: ``{"rank", "head", "trace"}``.

    >>> explain("Continue and strengthen its efforts to protect children")["trace"]
    ["first verb: 'continue' -> 2", "second verb privileged: 'strengthen' -> 4"]
    """
    rules = rules if rules is not None else load_rules()
    coder = _Coder(rules, _tokens(_check_text(text)))
    rank = coder.code()
    return {"rank": rank, "head": coder.head, "trace": coder.trace}


def action_category(text: str, rules: dict | None = None) -> int:
    """UPR Info action category (1-5) of one recommendation text, by rule.

    Raises ``ValueError`` for an empty or missing text. Any other text gets an int from 1 to 5;
    a text whose first verb is not in the rule lists gets ``default_rank`` (4, "general
    action"). ``rules`` defaults to :func:`~dprk_upr.coding.action_rules.load_rules` ().

    >>> action_category("Seek technical assistance from OHCHR")
    1
    >>> action_category("Continue its efforts to promote gender equality")
    2
    >>> action_category("Consider ratifying the Convention against Torture")
    3
    >>> action_category("Take all necessary measures to combat trafficking")
    4
    >>> action_category("Ratify the Rome Statute")
    5
    >>> action_category("Continue and strengthen its efforts to protect children")
    4
    >>> action_category("Improve women's rights by amending the family code")
    5
    >>> action_category("In order to protect children, fully implement the new law")
    5
    """
    rules = rules if rules is not None else load_rules()
    return _Coder(rules, _tokens(_check_text(text))).code()
