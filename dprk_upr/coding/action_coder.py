"""The action-category coder: the rank (1-5) of one recommendation, with the trace of the rules that
decided it. The scheme, the principles and the validation are in :mod:`dprk_upr.coding.action_rules`."""

from __future__ import annotations

from .action_front import Front
from .action_rules import _PUNCT, _tokens, load_rules

__all__ = ["action_category", "explain"]


class _Coder(Front):
    """Ranks the action that :class:`~dprk_upr.coding.action_front.Front` found."""

    def object_rank(self, lemma: str, start: int) -> int | None:
        if lemma.split()[0] not in self.r["light_verbs"]:
            return None
        if self.passive_span is not None:
            lo, hi = self.passive_span
            for k in range(lo, hi):
                if k + 1 < hi and self.t[k + 1] in self.r["object_blockers"]:
                    continue
                if self.t[k] in self.r["consider_nouns"]:
                    self.trace.append(f"object of reflection (passive subject): {self.t[k]!r}")
                    return self.r["consider_rank"]
                if self.t[k] in self.r["generic_nouns"]:
                    self.trace.append(f"generic object (passive subject): {self.t[k]!r}")
                    return self.r["generic_rank"]
            nominal = self.nominal_at(lo, end=hi)
            if nominal is not None and nominal[2] <= hi:  # "that an amendment be made" -> amend
                self.trace.append(f"act named by the passive subject: {nominal[0]!r} -> {nominal[1]}")
                return nominal[1]
            return None
        gap = max(self.r["generic_gap"], self.r["consider_gap"])
        for k in range(start, min(self.n, start + gap)):
            tok = self.t[k]
            if tok in _PUNCT or tok in {"to", "for", "that", "which", "so", "of", "on", "in", "with"}:
                return None
            if k + 1 < self.n and self.t[k + 1] in self.r["object_blockers"]:
                continue
            if tok in self.r["consider_nouns"] and k - start < self.r["consider_gap"]:
                self.trace.append(f"object of reflection: {tok!r}")
                return self.r["consider_rank"]
            if tok in self.r["specific_nouns"]:
                return None  # "adopt legislation and policies": the named instrument comes first
            if tok in self.r["generic_nouns"] and k - start < self.r["generic_gap"]:
                if self.coordinated_specific(k + 1):
                    self.trace.append(f"generic object {tok!r} coordinated with a specific one")
                    return None
                self.trace.append(f"generic object: {tok!r}")
                return self.r["generic_rank"]
            act = self.r["act_objects"].get(tok)
            if act is not None and self.r["verb_rank"].get(lemma) == self.r["generic_rank"]:
                rank = self.r["verb_rank"].get(act)
                if rank is not None:
                    self.trace.append(f"act named by the object: {tok!r} -> {rank}")
                    return rank
        return None

    def coordinated_specific(self, k: int) -> bool:
        """ "a strategy and (a national) action plan": a specific instrument is coordinated with
        the generic object right after it."""
        t = self.t
        if k >= self.n or t[k] not in {"and", "or", ",", "and/or"}:
            return False
        for j in range(k + 1, min(self.n, k + 5)):
            if t[j] in self.r["specific_nouns"]:
                return True
            if t[j] in _PUNCT or t[j] in {"to", "for", "that", "which", "of", "on", "in", "with"}:
                return False
        return False

    def means_rank(self, start: int) -> tuple[int, str] | None:
        """Rank of the first example named in a means clause after ``start``."""
        t = self.t
        markers = self.r["means_markers"]
        n = self.n
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
        self.clause = False
        i = self.front(0)
        i = self.skip_front(i)
        if self.addressee is not None:
            self.trace.append(f"addressed to others: {self.addressee!r} -> {self.r['other_rank']}")
            self.head = self.addressee
            return self.r["other_rank"]
        # negation: "Not renew ...", "Do not detain ..." asks to refrain from a named act
        after = self.match(i, self.r["negation_words"])
        if after is not None:
            after = self.skip_adverbs(after)
            if after < self.n and t[after] not in _PUNCT:
                words = " ".join(t[i:after])
                self.head = words
                self.trace.append(f"negated act: {words!r} -> {self.r['negation_rank']}")
                return self.r["negation_rank"]
        head = self.verb_at(i)
        if head is None:
            nominal = self.nominal_at(i)
            if nominal is None:
                self.trace.append(f"no known verb at {t[i] if i < len(t) else '<end>'!r}: default rank")
                self.head = t[i] if i < len(t) else ""
                return self.r["default_rank"]
            self.trace.append(f"act named by a noun: {nominal[0]!r} -> {nominal[1]}")
            head = nominal
        lemma, rank, end = head
        if not self.trace or not self.trace[-1].startswith("act named"):
            self.trace.append(f"first verb: {lemma!r} -> {rank}")

        # "Seek to better enforce ...", "Proceed with the adoption of ..." -> what follows counts
        if end < len(t) and t[end] in self.r["pass_through"].get(lemma, ()):
            k = self.skip_front(end + 1)
            inner = self.verb_at(k) or self.nominal_at(k)
            if inner is not None:
                lemma, rank, end = inner
                self.trace.append(f"verb after '{head[0]} {t[end]}': {lemma!r} -> {rank}")

        # principle (b): two verbs at the start, the second counts
        if end < len(t) and t[end] in self.r["coordinators"]:
            k = end + 1
            if k < len(t) and t[k] == "and":
                k += 1
            k = self.skip_adverbs(k)
            second = self.verb_at(k)
            if second is not None and (
                self.base_verb_at(k)
                or self.t[k] == self.t[i]
                or (self.passive_span is not None and self.participle_at(k))
            ):
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
    """Code ``text`` and say how.

    Parameters
    ----------
    text : str
        The text of one recommendation (any object is converted with ``str``).
    rules : dict, optional
        Rules from :func:`~dprk_upr.coding.action_rules.load_rules`; default: ``data/coding/action_category.yaml``.

    Returns
    -------
    dict
        ``rank`` (int 1-5, as :func:`action_category`), ``head`` (the verb, phrase or noun that
        decided, or the unknown word in its place) and ``trace`` (list of str: each rule that
        fired, in order, with the YAML list it comes from recognisable by its wording: "lead-in
        dropped", "reporting frame dropped", "subject dropped", "passive", "first verb", "act
        named by a noun", "second verb privileged" (principle b), "generic object", "object of
        reflection", "example in means clause" (principle c), "negated act", "addressed to
        others", "no known verb ...: default rank").

    Raises
    ------
    ValueError
        If ``text`` is missing (None, NaN) or empty.

    Examples
    --------
    >>> explain("Continue and strengthen its efforts to protect children")["trace"]
    ["first verb: 'continue' -> 2", "second verb privileged: 'strengthen' -> 4"]
    >>> explain("Recommended that a national commission be established")["rank"]
    5
    """
    rules = rules if rules is not None else load_rules()
    coder = _Coder(rules, _tokens(_check_text(text)))
    rank = coder.code()
    return {"rank": rank, "head": coder.head, "trace": coder.trace}


def action_category(text: str, rules: dict | None = None) -> int:
    """UPR Info action category (1-5) of one recommendation text, by rule.

    Parameters
    ----------
    text : str
        The text of one recommendation (any object is converted with ``str``).
    rules : dict, optional
        Rules from :func:`~dprk_upr.coding.action_rules.load_rules`; default: ``data/coding/action_category.yaml``.

    Returns
    -------
    int
        1 (other states / assistance), 2 (continuity), 3 (consider), 4 (general action) or 5
        (specific action). A text whose first verb is not in the rule lists gets the YAML's
        ``default_rank`` (4, "general action"). The steps and the source of each rule are
        listed in the module docstring and the YAML file.

    Raises
    ------
    ValueError
        If ``text`` is missing (None, NaN) or empty.

    Examples
    --------
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
    >>> action_category("Develop a national strategy against trafficking")
    4
    """
    rules = rules if rules is not None else load_rules()
    return _Coder(rules, _tokens(_check_text(text))).code()


# ----------------------------------------------------------------------------------------------
# Validation
# ----------------------------------------------------------------------------------------------
