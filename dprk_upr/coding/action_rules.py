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

:func:`~dprk_upr.coding.action_coder.action_category` applies these rules to the text of one
recommendation (the coder is in :mod:`dprk_upr.coding.action_coder`, what stands before the action
in :mod:`dprk_upr.coding.action_front`; this module reads the rules). The verb lists
and phrase rules are data, in ``data/coding/action_category.yaml`` (read by
:func:`load_rules`; the YAML header documents the source of every list, the deviations from the
note with their evidence, and a changelog). :func:`~dprk_upr.coding.action_coder.explain` shows how a text was coded;
:mod:`dprk_upr.coding.validation` compares the rule with human codes (UPR Info's ``Action`` column).

How a text is coded (every step reads its word lists from the YAML file):

1. The text is lower-cased and split into words and punctuation. Words joined by "/" or "-"
   are split when the rules know the parts ("ratify/accede" -> two verbs, "step-up" -> the
   phrase "step up", "re-consider" -> "consider").
2. What stands before the action is dropped, repeatedly: a lead-in clause ("In order to ...,",
   "With regard to ...,") up to the comma after which a verb, a reporting frame or a
   "that"-clause follows; a reporting frame ("Recommended that ...", "Recommended to the
   Government to ...", "Recommended the adoption of ...", "Urge the authorities to ...");
   an opening "that"; a subject ending in a modal ("The Government should ...", "Ruritania is
   encouraged to ..."), in a passive ("that steps be taken": the participle is the verb and the
   subject its object) or, in a "that"-clause or after a determiner, in a present-tense verb
   ("that Ruritania establish ..."). A subject or recipient that is another State ("the
   international community") makes the text rank 1.
3. Adverbs in front of the verb ("Further", "Fully and effectively", any unknown "-ly" word) are
   skipped. A negation ("Do not detain ...") is rank 5.
4. The first known verb or phrase ("take measures", "put in place", "give consideration") gives
   the rank; without a verb, a noun naming an act ("The ratification of ...", "Further
   measures to ...") does. A verb of intent hands over to what follows ("Seek to enforce",
   "Proceed with the adoption of"). If the verb is directly followed by "and" / "," and a second
   verb ("Continue and strengthen", "Sign and ratify") the second verb counts (principle b).
5. A light verb with a generic object ("Adopt further measures", "Make every effort", "Develop a
   national strategy") is rank 4, unless the object is coordinated with a specific instrument
   ("a strategy and action plan"); with an object of reflection ("Undertake a study") rank 3; a
   general light verb with an object naming an act ("Provide training") takes that act's rank.
6. A continuity or general action followed by a means clause naming an example ("..., including
   by ratifying ...", "... through the adoption of ...") takes the rank of the example when that
   rank is higher, or 3 when the example is to consider something (principle c).
7. A text whose first verb is unknown gets ``default_rank`` from the YAML file (4).

Validation (rules version 2.0) against UPR Info's human codes in the full export of 25 July
2018 (61,013 coded rows, sessions 1-27): exact agreement 0.910 (version 1.0: 0.892), within one
rank 0.985, Cohen's kappa 0.869 unweighted, 0.903 linear-weighted, 0.928 quadratic-weighted;
every session at least 0.867 (session 27; sessions 1-3: 0.888, 0.915, 0.906; 1.0: 0.805, 0.844,
0.849). Older exports: sessions 6-9 0.901, sessions 17-20 0.909. DPR Korea rows (sessions 6
and 19, n=436): 0.858 (1.0: 0.862). With only the note's example verbs and the hand-written
rules, exact agreement is 0.80. Held-out check of the data-derived lists (verbs outside the
note, generic strategy / policy / approach), re-derived from one part of the data and measured
on the other (see ``scripts/action_rules_check.py``): odd -> even sessions 0.908, even -> odd 0.904 (lowest test
session 0.858), older exports -> other sessions of the 2018 export 0.906, and back 0.902; the
full lists give 0.911 / 0.910 / 0.913 / 0.905 on the same parts. The structural rules were
written after reading disagreements in all sessions; their contribution is about the same on odd
and even sessions. Coding all 61,013 rows takes about 1.6 s.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .. import paths
from ..data.files import ConfigError, check_model, read_yaml

__all__ = ["RULES_PATH", "RANKS", "load_rules"]

RULES_PATH = paths.CODING / "action_category.yaml"
RANKS = (1, 2, 3, 4, 5)

_TOKEN = re.compile(r"[a-z0-9]+(?:[-'/][a-z0-9]+)*|[,;:.()]")
_PUNCT = {",", ";", ":", ".", "(", ")"}
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


def _present(form: str, lemma: str) -> bool:
    """``form`` is a present-tense form of ``lemma`` ("adopt", "adopts", "ratifies")."""
    if form == lemma or form in (lemma + "s", lemma + "es"):
        return True
    if lemma.endswith("y") and form == lemma[:-1] + "ies":
        return True
    for old, new in (("ize", "ise"), ("ise", "ize"), ("yze", "yse"), ("yse", "yze")):
        if lemma.endswith(old):
            alt = lemma[: -len(old)] + new
            if form in (alt, alt + "s"):
                return True
    return False


def _participle(form: str, lemma: str) -> bool:
    """``form`` is a regular past participle of ``lemma`` ("adopted", "ratified", "banned")."""
    return form != lemma and form.endswith(("ed", "d")) and not form.endswith("ing")


def _as_list(value: Any) -> list[str]:
    out = []
    for v in value or []:
        if isinstance(v, bool):  # YAML reads bare on/off/yes/no as booleans
            raise ValueError(f'a word list holds the boolean {v!r}: quote words such as "on" and "no"')
        out.append(str(v).strip().lower())
    return out


def _phrases(values: Any) -> list[tuple[str, ...]]:
    """Word tuples, longest first."""
    return sorted((tuple(v.split()) for v in _as_list(values)), key=len, reverse=True)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Rank(_Strict):
    label: str = ""
    verbs: list[str] = []
    phrases: list[str] = []


class _Objects(_Strict):
    rank: int = Field(ge=1, le=5)
    max_gap: int = Field(ge=0)
    nouns: list[str]


class _Negation(_Strict):
    rank: int = Field(ge=1, le=5)
    words: list[str]


class _Frames(_Strict):
    verbs: list[str]
    finite_only: list[str] = []
    prefix: list[str] = []
    max_recipient_words: int = Field(ge=0)


class _Subjects(_Strict):
    max_words: int = Field(ge=0)
    modals: list[str]
    weak_modals: list[str] = []
    be: list[str] = []
    openers: list[str] = []
    not_after: list[str] = []
    clause_openers: list[str] = []


class RulesFile(_Strict):
    """The schema of ``data/coding/action_category.yaml``: every key with its type (optional keys
    take the defaults of :func:`load_rules`); an unknown or
    misspelt key (``adverb:`` for ``adverbs:``) or a word list holding a non-text value (YAML reads
    a bare ``on`` or ``no`` as a boolean) is refused with the file and the key."""

    version: str = ""
    changelog: list[dict] = []
    default_rank: int = Field(4, ge=1, le=5)
    published_verbs: dict[int, list[str]] = {}
    ranks: dict[int, _Rank]
    spelling_variants: dict[str, str] = {}
    adverbs: list[str] = []
    lead_in_words: list[str] = []
    lead_in_max_words: int = Field(40, ge=0)
    coordinators: list[str] = []
    hyphen_prefixes: list[str] = []
    negation: _Negation | None = None
    pass_through_verbs: dict[str, list[str]] = {}
    light_verbs: list[str] = []
    generic_objects: _Objects | None = None
    derived_generic_objects: list[str] = []
    object_blockers: list[str] = []
    specific_objects: list[str] = []
    consider_objects: _Objects | None = None
    means_markers: list[str] = []
    nominalizations: dict[str, str] = {}
    frames: _Frames | None = None
    subjects: _Subjects | None = None
    other_addressees: list[str] = []
    nominal_heads: dict[str, str] = {}
    nominal_followers: list[str] = []
    nominal_max_premodifiers: int = Field(3, ge=0)
    nominal_premodifiers: list[str] = []
    nominal_adjective_suffixes: list[str] = []
    irregular_forms: dict[str, str] = {}
    act_objects: dict[str, str] = {}

    @field_validator("*", mode="before")
    @classmethod
    def _no_booleans(cls, value, info):
        def bad(v):
            return isinstance(v, bool)

        items = value if isinstance(value, list) else (list(value.values()) if isinstance(value, dict) else [])
        if info.field_name not in ("changelog",) and any(bad(v) for v in items):
            raise ValueError("a word list holds true/false: quote words such as 'on', 'no', 'yes', 'off'")
        return value


def _check_file(raw, path) -> None:
    """Validate the raw YAML against :class:`RulesFile` (raises ConfigError naming file and key)."""
    check_model(RulesFile, raw, path, "the rules file")


@functools.lru_cache(maxsize=8)
def _load(path: str) -> dict:
    raw = read_yaml(path)
    if not isinstance(raw, dict) or "ranks" not in raw:
        raise ConfigError(f"{path}: not an action-category rule file (no 'ranks' key)")
    _check_file(raw, path)
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
    frames = raw.get("frames") or {}
    frame_verbs = set(_as_list(frames.get("verbs")))
    frame_finite = set(_as_list(frames.get("finite_only")))
    irregular = {str(k).lower(): str(v).lower() for k, v in (raw.get("irregular_forms") or {}).items()}
    lemmas = set(verb_rank) | set(phrases) | light | set(nominal.values()) | frame_verbs | frame_finite
    lemmas = {lemma for lemma in lemmas if " " not in lemma}
    form_to_lemma: dict[str, str] = {}
    for lemma in sorted(lemmas):
        for form in _forms(lemma):
            form_to_lemma.setdefault(form, lemma)
    for lemma in lemmas:  # a lemma always maps to itself
        form_to_lemma[lemma] = lemma
    variants = {str(k).lower(): str(v).lower() for k, v in (raw.get("spelling_variants") or {}).items()}
    for variant, canonical in variants.items():  # "fulfill" is read as "fulfil"
        for form in _forms(variant):
            if form_to_lemma.get(form, variant) == variant:
                form_to_lemma[form] = canonical
    participles = {form: lemma for form, lemma in form_to_lemma.items() if _participle(form, lemma)}
    for form, lemma in irregular.items():
        form_to_lemma.setdefault(form, lemma)
        participles.setdefault(form, lemma)

    generic = raw.get("generic_objects") or {}
    consider = raw.get("consider_objects") or {}
    subject = raw.get("subjects") or {}
    return {
        "version": str(raw.get("version", "")),
        "default_rank": int(raw.get("default_rank", 4)),
        "ranks": ranks,
        "verb_rank": verb_rank,
        "phrases": phrases,
        "form_to_lemma": form_to_lemma,
        "participles": participles,
        "adverbs": set(_as_list(raw.get("adverbs"))),
        "lead_in_words": set(_as_list(raw.get("lead_in_words"))),
        "lead_in_max_words": int(raw.get("lead_in_max_words", 40)),
        "coordinators": set(_as_list(raw.get("coordinators"))),
        "prefixes": set(_as_list(raw.get("hyphen_prefixes"))),
        "light_verbs": light,
        "negation_words": _phrases((raw.get("negation") or {}).get("words")),
        "negation_rank": int((raw.get("negation") or {}).get("rank", 5)),
        "pass_through": {str(k).lower(): set(_as_list(v)) for k, v in (raw.get("pass_through_verbs") or {}).items()},
        "generic_nouns": set(_as_list(generic.get("nouns"))),
        "generic_rank": int(generic.get("rank", 4)),
        "generic_gap": int(generic.get("max_gap", 6)),
        "object_blockers": set(_as_list(raw.get("object_blockers"))),
        "specific_nouns": set(_as_list(raw.get("specific_objects"))),
        "act_objects": {str(k).lower(): str(v).lower() for k, v in (raw.get("act_objects") or {}).items()},
        "consider_nouns": set(_as_list(consider.get("nouns"))),
        "consider_rank": int(consider.get("rank", 3)),
        "consider_gap": int(consider.get("max_gap", 5)),
        "means_markers": _as_list(raw.get("means_markers")),
        "nominalizations": nominal,
        "nominal_heads": {
            **nominal,
            **{str(k).lower(): str(v).lower() for k, v in (raw.get("nominal_heads") or {}).items()},
        },
        "nominal_followers": set(_as_list(raw.get("nominal_followers"))),
        "nominal_max_premodifiers": int(raw.get("nominal_max_premodifiers", 3)),
        "nominal_premodifiers": set(_as_list(raw.get("nominal_premodifiers"))),
        "nominal_adjective_suffixes": tuple(_as_list(raw.get("nominal_adjective_suffixes"))),
        "frame_verbs": frame_verbs,
        "frame_finite": frame_finite,
        "frame_prefix": set(_as_list(frames.get("prefix"))),
        "frame_max_words": int(frames.get("max_recipient_words", 12)),
        "modals": _phrases(subject.get("modals")),
        "weak_modals": _phrases(subject.get("weak_modals")),
        "be": set(_as_list(subject.get("be"))),
        "subject_max_words": int(subject.get("max_words", 25)),
        "subject_openers": set(_as_list(subject.get("openers"))),
        "not_after": set(_as_list(subject.get("not_after"))),
        "clause_openers": set(_as_list(subject.get("clause_openers"))),
        "other_addressees": _phrases(raw.get("other_addressees")),
        "other_rank": 1,
        "raw": raw,
    }


def load_rules(path: str | Path | None = None) -> dict:
    """Read the action-category rules.

    Parameters
    ----------
    path : str or Path, optional
        A YAML rule file; default ``RULES_PATH`` (``data/coding/action_category.yaml``, see this
        module). Keys other than ``ranks`` are optional (a missing list is empty).

    Returns
    -------
    dict
        The parsed YAML under ``"raw"`` and lookup tables built from it (``verb_rank``: lemma
        -> rank; ``phrases``; ``form_to_lemma``; ``participles``; ...). The result is cached per
        path, so calling it for every text costs nothing; do not modify it.

    Raises
    ------
    ValueError
        If the file has no ``ranks``, lacks one of the ranks 1-5, or a word list holds a
        boolean (YAML reads bare ``on``/``no``/``yes``/``off`` as booleans: quote them).

    Examples
    --------
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


def _split_joined(tokens: list[str], rules: dict) -> list[str]:
    """Split words joined by "-" or "/" that the rules do not list as a whole.

    "step-up" -> "step up" (a listed phrase); "re-introduce" -> "introduce" (a prefix in
    ``hyphen_prefixes`` before a known verb); "ratify/accede" -> "ratify and accede" (every part
    a known verb form, so principle (b) applies). Other words ("re-establish" if listed,
    "follow-up" if not a phrase) stay as they are."""
    f2l = rules["form_to_lemma"]
    out: list[str] = []
    for tok in tokens:
        if "-" in tok and tok not in f2l:
            words = tok.split("-")
            lemma = f2l.get(words[0])
            if lemma is not None and any(list(rest) == words[1:] for rest, _ in rules["phrases"].get(lemma, [])):
                out.extend(words)  # "step-up", "follow-up" -> the phrase "step up", "follow up"
                continue
            if words[0] in rules["prefixes"] and len(words) == 2 and words[1] in f2l:
                out.append(words[1])  # "re-introduce" -> "introduce", "re-consider" -> "consider"
                continue
        if ("/" in tok or "-" in tok) and tok not in f2l:
            parts = re.split(r"[-/]", tok)
            if len(parts) > 1 and all(p in f2l for p in parts):
                for k, part in enumerate(parts):
                    if k:
                        out.append("and")
                    out.append(part)
                continue
        out.append(tok)
    return out
