"""The mechanical rule that derives two word lists of the action-category rules from human codes,
used to check the rules on data they were not derived from (held-out checks).

Only two kinds of list in ``data/coding/action_category.yaml`` come from UPR Info's human codes;
everything else was written by hand from UPR Info's note on the action categories (its example
verbs, phrases, lead-ins, frames, subjects, objects of reflection, means clauses):

* the verbs that the note does not mention (``ranks.<r>.verbs`` minus ``published_verbs``): each is
  placed at the human code most often given to the recommendations whose deciding verb it is
  (:func:`derive_verbs`);
* the generic objects added in version 2.0 (``derived_generic_objects``): a noun is kept when the
  recommendations in which a light verb takes it as object are most often coded with the generic
  rank (:func:`derive_generic`).

:func:`rederived_rules` re-derives both lists from a training part of the data only; the rules
it returns are then measured on the rest (``scripts/action_rules_check.py`` and the build's
``action_agreement`` table). The coder itself never looks at human codes.

The coder's reasoning is computed once per text (:func:`explain_all`) and shared by both
derivations, since both read the reasoning of the full rules.
"""

from __future__ import annotations

import copy
import re
import tempfile
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import yaml

from .action_coder import explain
from .action_rules import RULES_PATH, _tokens, load_rules

__all__ = [
    "MIN_N",
    "raw_rules",
    "published",
    "explain_all",
    "derive_verbs",
    "derive_generic",
    "with_lists",
    "rules_from_raw",
    "rederived_rules",
]

#: A verb or noun needs at least this many recommendations to be placed.
MIN_N = 3
# An unknown word in the verb's place is not taken for a verb when it is an auxiliary or ends
# like an adverb, noun or adjective ("Full participation of ...", "Legislation be introduced").
NOT_VERBS = ("be", "have", "has", "do")
NOT_VERB_ENDINGS = ("ly", "tion", "sion", "ness", "ity", "ive", "ous", "ic", "al", "ible", "able", "ary")
_WORD = re.compile(r"^[a-z][a-z\-]*[a-z]$")
# traces in which something other than the verb decided the rank
_NOT_THE_VERB = (
    "generic object",
    "object of reflection",
    "negated act",
    "addressed to others",
    "act named",
    "coordinated with",
)
_GENERIC = re.compile(r"generic object: '([^']+)'")


def raw_rules(path: Path | str | None = None) -> dict:
    """The rule file as parsed YAML (a plain dict, not the lookup tables of ``load_rules``)."""
    with open(path or RULES_PATH, encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def published(raw: dict) -> dict[str, int]:
    """Single-word example verbs of the UPR Info note, verb -> rank (never re-derived).

    >>> published({"published_verbs": {5: ["ratify", "take measures"], 2: ["continue"]}})
    {'ratify': 5, 'continue': 2}
    """
    out = {}
    for rank, verbs in (raw.get("published_verbs") or {}).items():
        for verb in verbs:
            if " " not in str(verb):
                out[str(verb).lower()] = int(rank)
    return out


def explain_all(texts: Sequence[str], rules: dict | None = None) -> list[dict]:
    """:func:`~dprk_upr.coding.action_coder.explain` of every text (each distinct text once).

    Returns a list aligned with ``texts`` of dicts with ``rank``, ``head`` and ``trace`` (the
    trace joined into one string).
    """
    rules = rules if rules is not None else load_rules()
    cache: dict[str, dict] = {}
    out = []
    for text in texts:
        if text not in cache:
            e = explain(text, rules)
            cache[text] = {"rank": e["rank"], "head": e["head"], "trace": " / ".join(e["trace"])}
        out.append(cache[text])
    return out


def _heads(explained: list[dict]) -> list[tuple[str, bool]]:
    """(deciding word, whether the verb decided the rank) of each explained text."""
    return [(e["head"], not any(k in e["trace"] for k in _NOT_THE_VERB)) for e in explained]


def derive_verbs(
    texts: Sequence[str], human: Sequence[int], raw: dict, explained: list[dict] | None = None, min_n: int = MIN_N
) -> dict[str, int]:
    """Verb -> rank for every single-word verb that is not in the UPR Info note.

    A candidate is a listed verb of ``raw`` or an unknown word standing where the verb should be
    in at least ``min_n`` texts, most of which start with it (the imperative position); it is
    placed at the most frequent human code of the texts it decides (ties: the rank it has in
    ``raw``, else ``default_rank``). Candidates seen fewer than ``min_n`` times are dropped; an
    unknown word is added only when its rank differs from ``default_rank`` (a word left unknown
    gets that rank anyway, and a listed verb also ends subjects and lead-ins, so a noun taken
    for a verb would do harm). Auxiliaries and words ending like nouns, adjectives or adverbs
    (``NOT_VERBS``, ``NOT_VERB_ENDINGS``) are not candidates.

    Parameters
    ----------
    texts, human : sequences of length n
        Recommendation texts and their human action categories (1-5).
    raw : dict
        The rule file as parsed YAML (:func:`raw_rules`).
    explained : list of dict, optional
        :func:`explain_all` of ``texts`` with the full rules (computed when not given).
    """
    if len(texts) != len(human):
        raise ValueError(f"texts and human codes differ in length: {len(texts)} and {len(human)}")
    explained = explained if explained is not None else explain_all(texts)
    fixed = published(raw)
    listed = {str(v).lower() for spec in raw["ranks"].values() for v in spec.get("verbs") or []}
    function_words = set()
    for key in ("adverbs", "lead_in_words", "coordinators"):
        function_words |= {str(v).lower() for v in raw.get(key) or []}
    for key in ("openers", "not_after", "clause_openers", "be"):
        function_words |= {str(v).lower() for v in (raw.get("subjects") or {}).get(key) or []}
    function_words |= {str(v).lower() for v in raw.get("nominal_premodifiers") or []}
    function_words |= set(NOT_VERBS)
    default = int(raw.get("default_rank", 4))
    prior = {str(v).lower(): int(r) for r, spec in raw["ranks"].items() for v in spec.get("verbs") or []}
    codes: dict[str, Counter] = {}
    first: Counter = Counter()
    for text, code, (head, decided) in zip(texts, human, _heads(explained)):
        if not decided or not head or " " in head:
            continue
        codes.setdefault(head, Counter())[int(code)] += 1
        if _tokens(str(text))[:1] == [head]:
            first[head] += 1
    out = {}
    for word, counter in codes.items():
        n = sum(counter.values())
        if word in fixed or n < min_n:
            continue
        if word not in listed and (
            word in function_words or not _WORD.match(word) or first[word] * 2 < n or word.endswith(NOT_VERB_ENDINGS)
        ):
            continue
        top = max(counter.values())
        best = sorted(r for r, c in counter.items() if c == top)
        rank = prior.get(word, default)
        rank = rank if rank in best else best[0] if len(best) == 1 else rank
        if word in listed or rank != default:
            out[word] = rank
    return out


def derive_generic(
    texts: Sequence[str], human: Sequence[int], raw: dict, explained: list[dict] | None = None, min_n: int = MIN_N
) -> list[str]:
    """The nouns of ``derived_generic_objects`` that make a light verb general in the data: kept
    when the texts in which the coder takes them as generic object are most often coded with the
    generic rank (at least ``min_n`` texts).

    ``explained`` must come from the rules of ``raw`` (default: computed from them)."""
    candidates = [str(v).lower() for v in raw.get("derived_generic_objects") or []]
    rank = int((raw.get("generic_objects") or {}).get("rank", 4))
    if explained is None:
        with tempfile.TemporaryDirectory(prefix="action_rules_") as tmp:
            explained = explain_all(texts, rules_from_raw(raw, Path(tmp)))
    counts: dict[str, Counter] = {c: Counter() for c in candidates}
    for code, e in zip(human, explained):
        m = _GENERIC.search(e["trace"])
        if m and m.group(1) in counts:
            counts[m.group(1)][int(code)] += 1
    keep = []
    for noun, counter in counts.items():
        if sum(counter.values()) >= min_n and counter.most_common(1)[0][0] == rank:
            keep.append(noun)
    return keep


def with_lists(raw: dict, verbs: dict[str, int] | None = None, generic: list[str] | None = None) -> dict:
    """A copy of ``raw`` whose derived lists are replaced: every non-published single-word verb by
    ``verbs`` (verbs not in it are dropped) and ``derived_generic_objects`` by ``generic``.

    >>> raw = {"published_verbs": {5: ["ratify"]}, "ranks": {5: {"verbs": ["ratify", "enact"]}},
    ...        "generic_objects": {"nouns": ["measures", "policy"]}, "derived_generic_objects": ["policy"]}
    >>> new = with_lists(raw, verbs={"criminalize": 5}, generic=[])
    >>> new["ranks"][5]["verbs"], new["generic_objects"]["nouns"]
    (['ratify', 'criminalize'], ['measures'])
    """
    new = copy.deepcopy(raw)
    if verbs is not None:
        fixed = published(raw)
        for rank, spec in new["ranks"].items():
            spec["verbs"] = [v for v in spec.get("verbs") or [] if str(v).lower() in fixed]
            spec["verbs"] += sorted(v for v, r in verbs.items() if r == int(rank) and v not in spec["verbs"])
    if generic is not None:
        derived = {str(v).lower() for v in raw.get("derived_generic_objects") or []}
        nouns = [n for n in new["generic_objects"]["nouns"] if str(n).lower() not in derived]
        new["generic_objects"]["nouns"] = nouns + list(generic)
        new["derived_generic_objects"] = list(generic)
    return new


def rules_from_raw(raw: dict, folder: Path) -> dict:
    """Rules (as :func:`~dprk_upr.coding.action_rules.load_rules` returns them) from a parsed rule
    file, written to a file in ``folder`` first because the loader reads files."""
    folder = Path(folder)
    path = folder / f"rules_{len(list(folder.glob('rules_*.yaml')))}.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return load_rules(path)


def rederived_rules(
    texts: Sequence[str],
    human: Sequence[int],
    folder: Path,
    raw: dict | None = None,
    explained: list[dict] | None = None,
) -> dict:
    """Rules whose derived lists are re-derived from ``texts`` / ``human`` only.

    Strict: verbs of the current lists that are not seen :data:`MIN_N` times in the training
    texts are dropped. ``explained`` (:func:`explain_all` of ``texts`` with the rules of the rule
    file) saves the coder's passes: the verbs are placed from the full rules' reasoning, and so
    are the generic objects when ``raw`` is the rule file itself (otherwise they are re-read with
    ``raw``'s rules). The rules are written into ``folder`` (a temporary folder of the caller).
    """
    own = raw is None
    raw = raw_rules() if raw is None else raw
    explained = explained if explained is not None else explain_all(texts, load_rules())
    verbs = derive_verbs(texts, human, raw, explained)
    generic = derive_generic(texts, human, raw, explained if own else explain_all(texts, rules_from_raw(raw, folder)))
    return rules_from_raw(with_lists(raw, verbs, generic), folder)
