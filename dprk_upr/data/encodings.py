"""Decode the bytes of a raw text file, and refuse a file that is not in the encoding it should be.

The project's older raw files (UPR Info's exports of sessions 6-9 and 17-20, the UN report texts
of the first two cycles) were saved on a Mac: ``mac_roman`` with carriage-return line endings.
UPR Info's export of 2018 and later report texts are UTF-8, the export with a byte-order mark.
A file re-saved in another encoding decodes *without error* in any single-byte encoding, only
wrongly ("people’s" read from a cp1252 file as mac_roman is "peopleís"), so decoding is not
enough: :func:`detect_encoding` also scores how plausible each candidate decoding is.

How the encoding is told from the bytes (:func:`detect_encoding`):

1. A UTF-8 byte-order mark means ``utf-8-sig``.
2. Bytes that are valid UTF-8 and contain a multi-byte sequence mean ``utf-8`` (valid multi-byte
   UTF-8 practically never arises by accident in single-byte text).
3. Otherwise each single-byte candidate (:data:`SINGLE_BYTE`) is scored by :func:`plausibility`:
   in English UN documents the characters outside ASCII are typographic punctuation (curly
   quotes, dashes, bullets) and accented letters inside words (Côte d'Ivoire, Guaraní); a wrong
   decoding turns them into symbols and capitals out of place (Õ, Ò, Ð, ™) or into a letter
   before a possessive s ("peopleís"). The highest score wins; ties go to the expected encoding.

Why not a general detector such as charset-normalizer: it chooses among dozens of encodings by
statistics that need long texts, and on this project's files it is wrong. On the two mac_roman
exports of UPR Info it answers cp1252 and cp775, and on a short list of state names written in
mac_roman, mac_iceland (charset-normalizer 3.5.3, checked on 30 November 2026). The question
here is narrower (which of three single-byte encodings, or the one the format declares), and a
score whose reasons can be printed answers it.
"""

from __future__ import annotations

import re

#: Single-byte encodings compared when the bytes are not UTF-8.
SINGLE_BYTE = ("mac_roman", "cp1252", "latin_1")
#: How much better another decoding must score before a file is refused as mis-encoded.
MARGIN = 2

_TYPOGRAPHIC = set("’‘“”–—…•·«»§°€£\u00a0\u2009\u202f")
# Characters that English UN text does not contain but that appear when one Western single-byte
# encoding is read as another (mac_roman <-> cp1252 / latin-1).
_MOJIBAKE = set("ÕÒÓÐ¥™ÔÑ∑√≈◊ﬁﬂ‡¸˝˛ˇ˚Ωπµ¿¡¬ƒÆØ¶ˆ˜¯˘˙‚„‰ı∂∆∏∫ªº±≤≥÷¤¦¨©®´¹²³¼½¾×Þþð")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


class EncodingError(ValueError):
    """A file's bytes are not in the encoding it should have."""


def normalise_newlines(text: str) -> str:
    """Turn every line ending into ``"\\n"``: CRLF, bare CR, and the separators PDF-to-text tools
    leave (form feed, vertical tab, NEL, U+2028, U+2029).

    >>> normalise_newlines("a\\r\\nb\\rc\\fd")
    'a\\nb\\nc\\nd'
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return re.sub("[\x0b\x0c\x85\u2028\u2029]", "\n", text)


def plausibility(text: str) -> int:
    """A score of how plausible the non-ASCII characters of ``text`` are in English UN text.

    +1 for typographic punctuation and for an accented letter inside or at the end of a word (or
    a capital starting one), -2 for a character typical of mis-decoding (``_MOJIBAKE``) and
    for a letter between a word and a possessive "s" ("peopleís"), -1 for anything else.

    >>> plausibility("the people’s right"), plausibility("the peopleís right"), plausibility("Guaraní")
    (1, -2, 1)
    """
    score = 0
    for match in _NON_ASCII.finditer(text):
        i, c = match.start(), match.group()
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        after2 = text[i + 2] if i + 2 < len(text) else " "
        if c in _TYPOGRAPHIC:
            score += 1
        elif c in _MOJIBAKE:
            score -= 2
        elif c.isalpha():
            if before.isalpha() and after == "s" and not after2.isalpha():
                score -= 2  # "peopleís": an apostrophe read as a letter
            elif before.isalpha() and after.isalpha():
                score += 1 if c.islower() or (before.isupper() and c.isupper()) else -1
            elif before.isalpha() and c.islower():
                score += 1  # a word-final accent: Guaraní, Autorité
            elif not before.isalpha() and c.isupper() and after.islower():
                score += 1  # a capital starting a word: État, Óscar
            else:
                score -= 1
        else:
            score -= 1
    return score


def detect_encoding(raw: bytes, expected: str | None = None) -> tuple[str, dict[str, int]]:
    """The encoding the bytes are in, and the plausibility of each single-byte candidate.

    ``expected`` wins a tie among single-byte candidates. Returns ``("utf-8-sig", {})`` for a
    byte-order mark, ``("utf-8", {})`` for valid multi-byte UTF-8, ``("ascii", {})`` for plain
    ASCII, else the best-scoring of :data:`SINGLE_BYTE` with the scores.

    >>> detect_encoding("the people’s right".encode("cp1252"))[0]
    'cp1252'
    >>> detect_encoding("the people’s right".encode("mac_roman"))[0]
    'mac_roman'
    """
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or raw[:200].count(b"\x00") > 20:
        return "utf-16", {}
    if raw.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig", {}
    if not any(b >= 0x80 for b in raw):
        return "ascii", {}
    try:
        raw.decode("utf-8")
        return "utf-8", {}
    except UnicodeDecodeError:
        pass
    scores = {}
    for enc in SINGLE_BYTE:
        try:
            scores[enc] = plausibility(raw.decode(enc))
        except UnicodeDecodeError:  # cp1252 leaves five bytes undefined
            continue
    best = max(scores, key=lambda e: (scores[e], e == expected))
    return best, scores


def decode_bytes(raw: bytes, encoding: str, where: str = "input") -> str:
    """Decode a raw text file that should be in ``encoding`` and normalise its line endings.

    ``encoding`` is ``"mac_roman"``, ``"utf-8"`` (a byte-order mark is allowed) or ``"auto"``
    (whatever :func:`detect_encoding` finds). Raises :class:`EncodingError` naming ``where``, the
    expected and the likely encoding and the fix, when the bytes are in another encoding: UTF-8
    (with or without a byte-order mark) where mac_roman is expected, invalid UTF-8 where UTF-8 is
    expected, or a single-byte encoding whose decoding is more plausible than the expected one's
    by more than :data:`MARGIN` (a cp1252 file where mac_roman is expected).

    >>> decode_bytes("Côte d’Ivoire\\r".encode("mac_roman"), "mac_roman")
    'Côte d’Ivoire\\n'
    """
    found, scores = detect_encoding(raw, expected=None if encoding == "auto" else encoding)
    fix = "Use the file exactly as published (see data/sources.csv and 'make data'); do not re-save it."
    if found == "utf-16":
        raise EncodingError(
            f"{where}: the file is UTF-16, but it should be {encoding if encoding != 'auto' else 'mac_roman or UTF-8'}. {fix}"
        )
    if encoding == "auto":
        encoding = "mac_roman" if found == "ascii" else found
    elif encoding == "mac_roman":
        if found in ("utf-8", "utf-8-sig"):
            mark = "starts with a UTF-8 byte-order mark" if found == "utf-8-sig" else "is UTF-8"
            raise EncodingError(f"{where}: the file {mark}, but it should be mac_roman. {fix}")
        if found not in ("ascii", "mac_roman") and scores[found] > scores.get("mac_roman", -(10**9)) + MARGIN:
            raise EncodingError(
                f"{where}: the bytes look like {found}, not mac_roman (plausibility of the decoded text: "
                f"{found} {scores[found]}, mac_roman {scores.get('mac_roman')}; e.g. curly quotes would read as "
                f"accented letters). {fix}"
            )
    elif encoding in ("utf-8", "utf-8-sig"):
        if found not in ("utf-8", "utf-8-sig", "ascii"):
            raise EncodingError(
                f"{where}: the bytes are not valid UTF-8 (they look like {found}), but the file should be UTF-8. {fix}"
            )
        encoding = "utf-8-sig"
    else:
        raise EncodingError(f"{where}: unknown encoding {encoding!r}; use 'mac_roman', 'utf-8' or 'auto'.")
    try:
        return normalise_newlines(raw.decode(encoding))
    except UnicodeDecodeError as err:  # e.g. a byte-order mark in front of mac_roman bytes
        raise EncodingError(
            f"{where}: the bytes are not valid {encoding} ({err.reason} at byte {err.start}); the file mixes "
            f"encodings (a byte-order mark added to a file in another encoding?). {fix}"
        ) from None
