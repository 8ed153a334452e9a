"""Consistency rules (BL2xx): numbers, dates, names, quotes, leftover Hangul, punctuation, glossary.

Korean has no letter case, so no rule compares case; each rule fires only on
evidence that survives ordinary translation (conversions, paraphrase, expansion).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from workflow.checks.context import Context
from workflow.checks.glossary import GLOSSARY_NAME
from workflow.checks.rule import rule
from workflow.checks.rules import numbers as nr
from workflow.model.state import Unit
from workflow.problems import Problem, finding

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
# Latin units of measure and abbreviations that a translation rewrites or spells out.
_NOT_NAMES = {"km", "m", "cm", "mm", "kg", "mg", "ml", "g", "ha", "mph", "cc", "kw", "mw", "tv", "am", "pm", "vs"}
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]")
# Three or more Latin words in a row may be an English passage (a headline pasted in), not a name.
_PASSAGE = re.compile(r"[A-Za-z0-9][\w'.,%$-]*(?:\s+[A-Za-z0-9$][\w'.,%$-]*){2,}")
_SMALL_WORDS = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "&"}
_KO_QUOTE = re.compile(r"[“\"]([^”\"]{5,})[”\"]\s?(?:이?라)?(?:고|며|면서)")


@rule("BL201", "number-mismatch", severity="error", scope="unit")
def number_mismatch(ctx: Context, unit: Unit) -> Iterator[str]:
    """A number in the Korean that the English states differently.

    *Why:* a wrong figure is the error a correction notice is most often about.
    Korean numerals are read exactly (1억1천만 달러 = $110 million, 3명 = three
    people, 12조3천억 = 12.3 trillion); converted measures (km, 원, 유로), days of
    the month (often rendered as weekdays), times and scores are not compared.

    *Example:* `사망자는 15명이다.` ↔ `16 people died.`: number 15 from the source
    is missing from the English, which says 16.
    """
    korean, english = ctx.pair(unit)
    if not english.strip():
        return
    reported: set[str] = set()
    for k, e in nr.mismatches(korean, english):
        if k.text in reported:
            continue
        reported.add(k.text)
        yield f"number {k.text.strip()!r} from the source is missing from the English, which says {e.text.strip()!r}"


@rule("BL202", "date-mismatch", severity="error", scope="unit")
def date_mismatch(ctx: Context, unit: Unit) -> Iterator[str]:
    """A date (month and day) in the English that differs from the Korean's.

    *Why:* 3월 5일 is March 5; a day or month off by one slips past readers.
    A day alone (5일, usually rendered as a weekday) is not compared.

    *Example:* `3월 5일 발표했다.` ↔ `announced on March 6.`
    """
    korean, english = ctx.pair(unit)
    wanted = nr.korean_dates(korean)
    if not wanted:
        return
    for (month, day), text in nr.english_dates(english):
        if (month, day) not in wanted and any(m == month or d == day for m, d in wanted):
            shown = ", ".join(f"{m}월 {d}일" for m, d in sorted(wanted))
            yield f"date {text!r} in the English matches no date in the source ({shown})"


def _acronym_of(token: str, english: str) -> bool:
    """Whether the English spells the acronym out (IOC = International Olympic Committee)."""
    letters = token.replace(".", "").upper()
    if not letters.isalpha() or len(letters) < 2:
        return False
    words = [w for w in re.findall(r"[A-Za-z]+", english) if w.lower() not in _SMALL_WORDS]
    initials = "".join(w[0].upper() for w in words)
    return letters in initials


@rule("BL203", "name-missing", severity="error", scope="unit")
def name_missing(ctx: Context, unit: Unit) -> Iterator[Problem]:
    """A Latin-script name or acronym in the Korean that the English does not carry.

    *Why:* names written in Latin letters in a Korean story (ASCI White, NYMEX,
    Chiquita Brands) are kept verbatim in English; a missing one is usually a
    dropped or misspelt name. An acronym the English spells out (IOC →
    International Olympic Committee) is not a finding; one the English replaces
    ("the agency") is a warning; a near miss (PGP → PPG) is always an error.

    *Example:* `ASCI White로 알려진` ↔ `The supercomputer known as ASCI Wihte`.
    """
    korean, english = ctx.pair(unit)
    if not english.strip():
        return
    lowered = english.casefold()
    words = set(re.findall(r"[A-Za-z][A-Za-z0-9&'\-]*[A-Za-z0-9]", english))
    seen: set[str] = set()
    passages = [m.span() for m in _PASSAGE.finditer(korean) if _is_passage(korean, m)]
    for match in _LATIN.finditer(korean):
        token = match.group(0).strip(".-'")
        if (len(token) < 2 or token.lower() in _NOT_NAMES or token in seen
                or not (token[0].isupper() or any(c.isdigit() for c in token))
                or any(s <= match.start() < e for s, e in passages)
                or re.search(rf"(?<![A-Za-z0-9]){re.escape(token)}(?![A-Za-z0-9])", english)):
            continue
        seen.add(token)
        near = next((w for w in sorted(words) if _near_miss(token, w)), None)
        if near is not None:
            yield finding(f"name {token!r} from the source is written {near!r} in the English")
        elif token.casefold() not in lowered and not _acronym_of(token, english):
            acronym = token.replace(".", "").replace("-", "").isupper()
            yield finding(f"name {token!r} from the "
                          "source is not in the English", severity="warning" if acronym else None)


def _is_passage(korean: str, run: re.Match[str]) -> bool:
    """English prose, or four or more capitalised words outside brackets and quotes (a pasted headline).

    A Title Case run in brackets or quotes is a name's gloss: (Joint Typhoon Warning Center, JTWC).
    """
    words = run.group(0).split()
    if any(w[:1].islower() and w.strip(".,").lower() not in _SMALL_WORDS for w in words):
        return True
    bracketed = korean[: run.start()].rstrip()[-1:] in ("(", "‘", "“", '"', "`", "'", "「")
    return len(words) >= 4 and not bracketed


def _near_miss(name: str, word: str) -> bool:
    """A misspelling: same letters in another order, or one or two letters changed, added or dropped."""
    a, b = name.casefold(), word.casefold()
    if a == b or len(a) < 3 or abs(len(a) - len(b)) > 1 or a.startswith(b) or b.startswith(a):
        return False  # Korea → Korean is a derived word, not a misspelling
    if sorted(a) == sorted(b):
        return True
    return len(a) >= 5 and _distance(a, b) <= (1 if len(a) < 8 else 2)


def _distance(a: str, b: str) -> int:
    """Levenshtein distance between two short words."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        previous, row[0] = row[0], i
        for j, cb in enumerate(b, start=1):
            previous, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, previous + (ca != cb))
    return row[-1]


@rule("BL204", "quote-not-rendered", severity="warning", scope="unit")
def quote_lost(ctx: Context, unit: Unit) -> Iterator[str]:
    """Direct speech quoted in the Korean (“…”고 말했다) with no quotation in the English.

    *Why:* a quotation is the speaker's words; paraphrasing it changes who is
    responsible for them. A warning, because Korean reports quote far more often
    than English ones, which paraphrase by house style.

    *Example:* `“협상은 끝났다”고 말했다` ↔ `He said talks were over.`
    """
    korean, english = ctx.pair(unit)
    match = _KO_QUOTE.search(korean)
    if match and english.strip() and not re.search(r"[\"“”‘’]|(?<!\w)'(?!\w)|``", english):
        yield f"the source quotes {match.group(1)[:40]!r} directly; the English has no quotation"


@rule("BL205", "leftover-hangul", severity="error", scope="unit")
def leftover_hangul(ctx: Context, unit: Unit) -> Iterator[str]:
    """Hangul left in the English.

    *Why:* an untranslated word or a pasted source fragment in the published
    English; pofilter misses it because it only compares the two sides.

    *Example:* `The 인민반 reported him to police.`
    """
    _, english = ctx.pair(unit)
    found = HANGUL.findall(english)
    if found:
        yield f"Hangul left in the English: {', '.join(repr(f) for f in found[:3])}"


_OPENERS = {"(": ")", "[": "]"}
_QUOTES = '"“”'
_CLOSERS = {v: k for k, v in _OPENERS.items()}
_MARKS = re.compile(r'[()\[\]"“”]')


@rule("BL206", "unbalanced-punctuation", severity="error", scope="article")
def unbalanced(ctx: Context) -> Iterator[Problem]:
    """Brackets or quotation marks in the English that do not pair up.

    *Why:* a lost closing quote moves the end of someone's words. Pairs are
    matched across the whole article; a straight quote opens or closes by the
    space around it, and a paragraph that opens with a quote while one is open
    continues it (the newsroom convention for quotes over several paragraphs).

    *Example:* `He said "the talks are over.` with no closing quote in the article.
    """
    assert ctx.state is not None
    text = ctx.state.target_text or ""
    stack: list[tuple[str, int]] = []
    strays: list[tuple[str, int]] = []
    quote: int | None = None
    for mark in _MARKS.finditer(text):
        pos, char = mark.start(), mark.group(0)
        if char in _OPENERS:
            stack.append((char, pos))
        elif char in _CLOSERS:
            if stack and stack[-1][0] == _CLOSERS[char]:
                stack.pop()
            else:
                strays.append((char, pos))
        elif char in _QUOTES:
            # Curly quotes are read like straight ones: text pasted between systems often has ” for both.
            direction = _direction(text, pos, quote is not None)
            if direction == "open":
                if quote is not None and not _continues(text, pos):
                    strays.append((text[quote], quote))
                quote = pos
            elif quote is None:
                strays.append((char, pos))
            else:
                quote = None
    strays.extend(stack)
    if quote is not None:
        strays.append((text[quote], quote))
    for char, pos in sorted(strays, key=lambda s: s[1]):
        unit = _unit_at(ctx, pos)
        where: dict[str, Any] = {} if unit else {"file": ctx.ws.relative(ctx.ws.target_file(ctx.slug)),
                                 "line": text.count("\n", 0, pos) + 1}
        yield finding(f"unpaired {char!r} in the English near "
                      f"{text[max(0, pos - 20) : pos + 20]!r}", unit=unit, **where)


def _direction(text: str, pos: int, is_open: bool) -> str:
    """Whether a straight quote opens or closes, from the characters around it."""
    before = text[pos - 1] if pos else " "
    after = text[pos + 1] if pos + 1 < len(text) else " "
    if text[pos] == "“" or ((before.isspace() or before in "([{—-") and not after.isspace()):
        return "open"
    if not before.isspace() and (after.isspace() or after in ",.;:!?)]}—-"):
        return "close"
    return "close" if is_open else "open"


def _continues(text: str, pos: int) -> bool:
    """A quote opening a paragraph while a quotation is open continues it."""
    return pos == 0 or text[pos - 1] == "\n"


def _unit_at(ctx: Context, pos: int) -> str | None:
    assert ctx.state is not None
    for unit in ctx.state.units:
        if unit.start <= pos < unit.end:
            return unit.id
    return None


@rule("BL207", "glossary-term", severity="error", scope="unit")
def glossary_term(ctx: Context, unit: Unit) -> Iterator[str]:
    """A Korean term from the workspace glossary whose required English is missing.

    *Why:* a desk decides once how to render its recurring terms (인민반 →
    neighborhood watch unit); the glossary is `glossary.tsv` at the workspace
    root, one `Korean<TAB>English` a line, alternatives as `a|b`.

    *Example:* `인민반장이 신고했다.` ↔ `The block leader reported it.` with
    `인민반<TAB>neighborhood watch unit` in the glossary.
    """
    if not ctx.glossary:
        return
    korean, english = ctx.pair(unit)
    lowered = english.casefold()
    for term, renderings, line in ctx.glossary:
        if term in korean and english.strip() and not any(r.casefold() in lowered for r in renderings):
            wanted = " or ".join(repr(r) for r in renderings)
            yield f"glossary term {term!r} must be rendered as {wanted} ({GLOSSARY_NAME}:{line})"


@rule("BL208", "invisible-or-control-character", severity="error", scope="article")
def invisible_character(ctx: Context) -> Iterator[Problem]:
    """A bidi control, an invisible format character or a control character in the English or the Korean.

    Each is named by code point and unit (`workflow.text.characters` finds them).

    *Why:* a bidi override (U+202E and kin) shows readers text in another
    order than the record holds — a figure or a name reads differently on the
    page from what was reviewed — and invisible characters hide inside words,
    defeating search, glossary and number checks.

    *Example:* `$\u202e011 million` in en.md, which a browser shows as `$110 million`.
    """
    from workflow.text.characters import escape, scan

    state = ctx.state
    assert state is not None
    for language, text in (("English", state.target_text or ""), ("Korean", state.source_text)):
        for hidden in scan(text):
            unit = _unit_holding(ctx, hidden.index, language)
            context = text[max(0, hidden.index - 12) : hidden.index + 12]
            shown = escape(context).replace("\n", " ")
            yield finding(f"{hidden.describe()} in the {language} of {unit or 'text outside any unit'} "
                          f"(near '{shown}'); delete it", unit=unit)


def _unit_holding(ctx: Context, index: int, language: str) -> str | None:
    """The unit whose English (or, for the Korean, one of whose segments) holds position `index`."""
    state = ctx.state
    assert state is not None
    if language == "English":
        return next((u.id for u in state.units if u.start <= index < u.end), None)
    sid = next((s.id for s in state.segments if s.start <= index < s.end), None)
    return next((u.id for u in state.units if sid in u.sources), sid)
