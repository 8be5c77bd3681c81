"""What stands before the action in a recommendation: lead-in clauses, reporting frames ("Recommended
that ..."), subjects with a modal or a passive, adverbs. :class:`Front` reads a recommendation's
tokens from the left up to the verb, phrase or noun that names the action; the coder
(:mod:`dprk_upr.coding.action_coder`) then ranks it. The word lists are those of
:func:`dprk_upr.coding.action_rules.load_rules`."""

from __future__ import annotations

from .action_rules import _PUNCT, _present, _split_joined


class Front:
    """The left part of one recommendation, read token by token (see the module docstring)."""

    def __init__(self, rules: dict, tokens: list[str]):
        self.r = rules
        self.t = _split_joined(tokens, rules)
        self.n = len(self.t)
        self.trace: list[str] = []
        self.head = ""
        self.passive_span: tuple[int, int] | None = None
        self.addressee: str | None = None
        self.clause = False

    # -- helpers -----------------------------------------------------------------------------
    def lemma(self, i: int) -> str | None:
        if 0 <= i < self.n:
            return self.r["form_to_lemma"].get(self.t[i])
        return None

    def is_adverb(self, i: int) -> bool:
        tok = self.t[i]
        if tok in self.r["adverbs"]:
            return True
        return tok.endswith("ly") and tok not in self.r["form_to_lemma"] and len(tok) > 4

    def skip_adverbs(self, i: int) -> int:
        """Skip adverbs, also two joined by a coordinator ("fully and effectively")."""
        t = self.t
        while i < self.n and t[i] not in _PUNCT and self.is_adverb(i) and self.lemma(i) is None:
            i += 1
            if (
                i + 1 < self.n
                and t[i] in {"and", "or", ","}
                and t[i + 1] not in _PUNCT
                and self.is_adverb(i + 1)
                and self.lemma(i + 1) is None
            ):
                i += 1
        return i

    def skip_front(self, i: int) -> int:
        """Skip adverbs; when a known verb follows, also skip words that double as verbs."""
        j = self.skip_adverbs(i)
        while j < self.n and self.t[j] in self.r["adverbs"]:
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

    def finite_verb_at(self, i: int) -> bool:
        """A known verb in a present-tense form ("adopt", "adopts") starts at ``i``."""
        lemma = self.lemma(i)
        return lemma is not None and self.verb_at(i) is not None and _present(self.t[i], lemma)

    def match(self, i: int, options: list[tuple[str, ...]]) -> int | None:
        """Index after the first of the word tuples ``options`` found at ``i``."""
        for words in options:
            if tuple(self.t[i : i + len(words)]) == words:
                return i + len(words)
        return None

    def participle_at(self, i: int) -> str | None:
        if 0 <= i < self.n:
            lemma = self.r["participles"].get(self.t[i])
            if lemma is not None and self.verb_at(i) is not None:
                return lemma
        return None

    def passive_at(self, k: int) -> int | None:
        """ "be" (+ adverbs) + a known past participle at ``k``: the participle's index."""
        if k < self.n and self.t[k] in self.r["be"]:
            j = self.skip_adverbs(k + 1)
            if self.participle_at(j) is not None:
                return j
        return None

    def note_addressee(self, start: int, end: int) -> None:
        """Remember a dropped subject or recipient that is not the State under review."""
        for k in range(start, min(end, start + 4)):
            hit = self.match(k, self.r["other_addressees"])
            if hit is not None and hit <= end:
                self.addressee = " ".join(self.t[k:hit])
                return

    # -- front: lead-ins, reporting frames, subjects -------------------------------------------
    def opens_action(self, i: int) -> bool:
        """A verb, a reporting frame or a "that"-clause starts at ``i`` (after adverbs)."""
        j = self.skip_front(i)
        if self.base_verb_at(j) or self.frame_end(j) is not None:
            return True
        return j < self.n and self.t[j] in self.r["clause_openers"]

    def drop_lead_in(self, i: int) -> int:
        for _ in range(3):
            if i >= self.n or self.t[i] not in self.r["lead_in_words"]:
                return i
            limit = min(self.n, i + self.r["lead_in_max_words"])
            commas = [k for k in range(i, limit) if self.t[k] == ","]
            for k in commas:
                if self.opens_action(k + 1):
                    self.trace.append(f"lead-in dropped: {' '.join(self.t[i:k])!r}")
                    i = k + 1
                    break
            else:
                # "Considering ratifying ...", "Considering to ratify ...": the lead-in word is
                # itself the verb when another verb follows it directly
                nxt = i + 2 if i + 1 < self.n and self.t[i + 1] == "to" else i + 1
                if (
                    self.verb_at(i) is not None
                    and self.verb_at(nxt) is not None
                    and (nxt == i + 2 or self.t[nxt].endswith("ing"))
                ):
                    return i
                # no comma: skip the lead-in word (and a following "order to" / subject)
                j = i + 1
                while j < min(self.n, i + 8) and self.verb_at(self.skip_front(j)) is None:
                    j += 1
                if j < self.n and self.verb_at(self.skip_front(j)) is not None:
                    self.trace.append(f"lead-in word skipped: {' '.join(self.t[i:j])!r}")
                    return j
                return i
        return i

    def frame_end(self, i: int) -> int | None:
        """Where the reported recommendation starts after a reporting frame at ``i``.

        "Recommended that ...", "Recommends to the Government to ...", "Recommended the
        adoption of ...", "Encouraged Ruritania ... to continue ..."; None if no frame is at ``i``.
        """
        t, n = self.t, self.n
        j = i
        while j < n and (t[j] in self.r["frame_prefix"] or (self.is_adverb(j) and self.lemma(j) is None)):
            j += 1
        lemma = self.lemma(j)
        if lemma is None or t[j] in _PUNCT:
            return None
        any_form = lemma in self.r["frame_verbs"]
        if not any_form and not (lemma in self.r["frame_finite"] and t[j] != lemma):
            return None
        k = j + 1
        if k < n and t[k] == ",":
            k += 1
        if k >= n:
            return None
        if t[k] in self.r["clause_openers"]:
            return k
        if t[k] == "to" and self.base_verb_at(self.skip_front(k + 1)):
            return k + 1
        if any_form and (self.verb_at(self.skip_front(k)) is not None or self.nominal_at(k) is not None):
            return k  # "Recommended ratifying ...", "Recommended the adoption of ..."
        # a recipient: "Recommended (to) the Government to ...", "... to Ruritania that ..."
        for m in range(k, min(n, k + self.r["frame_max_words"])):
            if t[m] in {".", ";", ":"}:
                break
            if t[m] in self.r["clause_openers"] and m > k:
                self.note_addressee(k, m)
                return m
            if t[m] == "to" and m > k and self.base_verb_at(self.skip_front(m + 1)):
                self.note_addressee(k, m)
                return m + 1
        return k if any_form else None

    def drop_frame(self, i: int) -> int:
        end = self.frame_end(i)
        if end is None:
            return i
        self.trace.append(f"reporting frame dropped: {' '.join(self.t[i:end])!r}")
        return end

    def drop_clause_opener(self, i: int) -> int:
        """ "That the Government adopt ..." -> "the Government adopt ..."."""
        if i < self.n and self.t[i] in self.r["clause_openers"]:
            self.clause = True
            return i + 1
        return i

    def drop_subject(self, i: int) -> int:
        """Drop a subject in front of the verb.

        "The Government should adopt ..." (modal), "Ruritania is encouraged to ..." (modal
        phrase), "that steps be taken ..." (passive: the participle is the verb and the subject
        its object), "that Ruritania establish ..." (subjunctive, in a "that"-clause or after a
        subject opened by a determiner), "it recommended that ..." (reporting frame).
        """
        t, n = self.t, self.n
        if i >= n or self.verb_at(self.skip_front(i)) is not None:
            return i
        subjunctive_ok = self.clause or t[i] in self.r["subject_openers"]
        nominal = self.nominal_at(i) is not None
        content = False  # the subject has a word that is not a determiner
        limit = min(n, i + self.r["subject_max_words"])
        for k in range(i, limit):
            tok = t[k]
            if tok in {".", ";", ":"}:
                break
            if k > i:
                after_modal = self.match(k, self.r["modals"])
                if after_modal is None and subjunctive_ok:
                    after_modal = self.match(k, self.r["weak_modals"])
                if after_modal is not None:
                    j = self.skip_front(after_modal)
                    p = self.passive_at(j)
                    if p is not None:
                        return self.passive(i, k, p)
                    if self.base_verb_at(j) or self.match(j, self.r["negation_words"]) is not None:
                        self.note_addressee(i, k)
                        self.trace.append(f"subject dropped: {' '.join(t[i:after_modal])!r}")
                        return after_modal
                p = self.passive_at(k) if subjunctive_ok else None
                if p is not None:
                    return self.passive(i, k, p)
                if k - i <= 3 and self.frame_end(k) is not None:
                    self.trace.append(f"subject dropped: {' '.join(t[i:k])!r}")
                    return k
                if (
                    subjunctive_ok
                    and content
                    and not nominal
                    and t[k - 1] not in self.r["not_after"]
                    and self.finite_verb_at(k)
                ):
                    self.note_addressee(i, k)
                    self.trace.append(f"subject dropped: {' '.join(t[i:k])!r}")
                    return k
            if tok not in self.r["not_after"] and tok not in _PUNCT:
                content = True
        return i

    def passive(self, start: int, be: int, participle: int) -> int:
        self.passive_span = (start, be)
        self.trace.append(f"passive: subject {' '.join(self.t[start:be])!r}, verb {self.t[participle]!r}")
        return participle

    def nominal_at(self, i: int, end: int | None = None) -> tuple[str, int, int] | None:
        """A noun phrase naming an act: "the swift adoption of ...", "ratification of ...",
        "further measures to ...", "an exchange of ..." -> (verb lemma or noun, rank, index
        after the noun); None if none starts at ``i``."""
        t, n, r = self.t, self.n, self.r
        j = i
        for _ in range(r["nominal_max_premodifiers"] + 1):
            if j >= n or t[j] in _PUNCT:
                return None
            tok = t[j]
            follower = t[j + 1] if j + 1 < n else "."
            follower_ok = follower in r["nominal_followers"] or follower in _PUNCT or j + 1 == end
            lemma = r["nominal_heads"].get(tok)
            if lemma is not None and follower_ok:
                rank = r["verb_rank"].get(lemma)
                if rank is None:
                    first, *rest = lemma.split()
                    rank = next((rk for words, rk in r["phrases"].get(first, []) if list(words) == rest), None)
                if rank is not None:
                    return lemma, rank, j + 1
            if tok in r["generic_nouns"] and j > i and follower_ok:
                return tok, r["generic_rank"], j + 1
            if j > i and t[j - 1] in {"a", "an", "the"} and follower == "of" and self.base_verb_at(j):
                verb = self.verb_at(j)  # "an exchange of", "a review of": a verb used as a noun
                return verb[0], verb[1], j + 1
            known_verb = self.lemma(j) is not None and tok not in r["nominal_premodifiers"]
            if known_verb or not (
                tok in r["nominal_premodifiers"] or self.is_adverb(j) or tok.endswith(r["nominal_adjective_suffixes"])
            ):
                return None
            j += 1
            if j + 1 < n and t[j] in {"and", ","} and j > i:  # "full and effective implementation"
                j += 1
        return None

    def front(self, i: int) -> int:
        for _ in range(6):
            j = i
            while j < self.n and self.t[j] in _PUNCT:
                j += 1
            j = self.drop_lead_in(j)
            j = self.drop_frame(j)
            j = self.drop_clause_opener(j)
            j = self.drop_subject(j)
            if j == i or self.passive_span is not None:
                return j
            i = j
        return i

    # -- the verb and what follows it ------------------------------------------------------------
