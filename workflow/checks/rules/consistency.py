"""Consistency rules (BL2xx): numbers, dates, names, quotes, leftover Hangul, punctuation, glossary.

Korean has no letter case, so no rule compares case; each rule fires only on
evidence that survives ordinary translation (conversions, paraphrase, expansion).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from workflow.checks.context import Context
from workflow.checks.glossary import GLOSSARY_NAME
from workflow.checks.rule import rule
from workflow.checks.rules import numbers as nr
from workflow.model.state import Unit
from workflow.problems import Problem, finding

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
# Latin units of measure and abbreviations that a translation rewrites or spells out.
_NOT_NAMES = {"km", "m", "cm", "mm", "kg", "mg", "ml", "g", "ha", "mph", "cc", "kw", "mw", "tv", "am", "pm", "vs"}
_LATIN = re.compile(r"(?<![A-Za-z0-9])[A-Za-z][A-Za-z0-9&'.\-]*[A-Za-z0-9]")
# Three or more Latin words in a row may be an English passage (a headline pasted in), not a name.
_PASSAGE = re.compile(r"[A-Za-z0-9][\w'.,%$-]*(?:\s+[A-Za-z0-9$][\w'.,%$-]*){2,}")
_SMALL_WORDS = {"of", "and", "the", "for", "on", "in", "de", "du", "la", "&"}
_ANY_LATIN = re.compile(r"[A-Za-z]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9&'\-]*[A-Za-z0-9]")
_EN_TOKEN = re.compile(r"[A-Za-z0-9][A-Za-z0-9.\-]*")
_NAME_PUNCTUATION = re.compile(r"[-.·\s]")
_KO_QUOTE = re.compile(r"[“\"]([^”\"]{5,})[”\"]\s?(?:이?라)?(?:고|며|면서)")


@rule("BL201", "number-mismatch", severity="error", scope="unit")
def number_mismatch(ctx: Context, unit: Unit) -> Iterator[str]:
    """A number in the Korean that the English states differently.

    *Why:* a wrong figure is the error a correction notice is most often about.
    Korean numerals are read exactly (1억1천만 달러 = $110 million, 3명 = three
    people, 12조3천억 = 12.3 trillion); spans of time convert (1년 = 12 months,
    반년 = six months, 10년 = a decade), relative years resolve against the
    article's date (2006년 = "two years ago" in a story of 2008, 지난해 =
    2007), approximations keep their number (20여 명 = "more than 20"; 수십 =
    "dozens" states none); converted measures (km, 원, 유로), days of the month
    (often rendered as weekdays), times, scores and names like 6·25 are not
    compared.

    *Example:* `사망자는 15명이다.` ↔ `16 people died.`: number 15 from the source
    is missing from the English, which says 16.
    """
    korean, english = ctx.pair(unit)
    if not english.strip():
        return
    reported: set[str] = set()
    for k, e in nr.mismatches(korean, english, ctx.article_date):
        if k.text in reported:
            continue
        reported.add(k.text)
        yield f"number {k.text.strip()!r} from the source is missing from the English, which says {e.text.strip()!r}"


@rule("BL202", "date-mismatch", severity="error", scope="unit")
def date_mismatch(ctx: Context, unit: Unit) -> Iterator[str]:
    """A date, month, weekday or part of a month in the English that differs from the Korean's.

    *Why:* 3월 5일 is March 5; a day or month off by one slips past readers.
    A month stands alone too (지난 1월 ↔ "in March"), 지난달 and "last month"
    resolve against the article's date, 월요일 is Monday and 3월 하순 is late
    March. A day alone (5일, usually rendered as a weekday) is not compared.

    *Example:* `3월 5일 발표했다.` ↔ `announced on March 6.`; `지난 1월 발표했다.` ↔
    `announced in March.`
    """
    korean, english = ctx.pair(unit)
    if not english.strip():
        return
    wanted = nr.korean_dates(korean)
    reported: set[int] = set()
    for (month, day), text in nr.english_dates(english) if wanted else ():
        if (month, day) not in wanted and any(m == month or d == day for m, d in wanted):
            shown = ", ".join(f"{m}월 {d}일" for m, d in sorted(wanted))
            reported.add(month)
            yield f"date {text!r} in the English matches no date in the source ({shown})"
    yield from nr.time_conflicts(korean, english, ctx.article_date, frozenset(reported))


def _acronym_of(token: str, english: str) -> bool:
    """Whether the English spells the acronym out: IOC = International Olympic Committee, CSA = Civil Aviation
    Safety Authority, NYMEX = New York Mercantile Exchange (each letter, or run of letters, begins one of a few
    consecutive words; a word may be passed over)."""
    letters = token.replace(".", "").upper()
    if not letters.isalpha() or len(letters) < 2:
        return False
    words = [w.upper() for w in re.findall(r"[A-Za-z]+", english) if w.lower() not in _SMALL_WORDS]
    return any(w[0] == letters[0] and _spells(letters, words[start : start + 2 * len(letters)], skips=1)
               for start, w in enumerate(words))


def _spells(letters: str, words: list[str], skips: int) -> bool:
    """Whether `letters` is made of prefixes of `words` in order, the first word first, passing over up to `skips`."""
    if not letters:
        return True
    if not words:
        return False
    first, rest = words[0], words[1:]
    for size in range(min(len(first), len(letters)), 0, -1):
        if first[:size] == letters[:size] and _spells(letters[size:], rest, skips):
            return True
    return skips > 0 and bool(rest) and _spells(letters, rest, skips - 1) and letters[0] == rest[0][0]


@rule("BL203", "name-missing", severity="error", scope="unit")
def name_missing(ctx: Context, unit: Unit) -> Iterator[Problem]:
    """A Latin-script name or acronym in the Korean that the English does not carry.

    *Why:* names written in Latin letters in a Korean story (ASCI White, NYMEX,
    Chiquita Brands) are kept verbatim in English; a missing one is usually a
    dropped or misspelt name. An acronym the English spells out (IOC →
    International Olympic Committee, G-8 → Group of Eight, K-pop → Korean pop)
    or writes another way (G-8, G8) is not a finding; one the English replaces
    ("the agency") is a warning; a near miss (PGP → PPG) is always an error. A
    name of several words (a title) is one finding, and none when the English
    keeps part of it (Barack Hussein Obama → Obama).

    *Example:* `ASCI White로 알려진` ↔ `The supercomputer known as ASCI Wihte`.
    """
    korean, english = ctx.pair(unit)
    groups = _name_groups(korean) if english.strip() else []
    if not groups:
        return  # no Latin word in the Korean (most units): nothing to look for
    lowered = english.casefold()
    passages = [m.span() for m in _PASSAGE.finditer(korean) if _is_passage(korean, m)]
    seen: set[str] = set()
    for group in groups:
        names, pasted = [], set()
        for match in group:
            token = match.group(0).strip(".-'")
            if (len(token) < 2 or token.lower() in _NOT_NAMES or token in seen
                    or not (token[0].isupper() or any(c.isdigit() for c in token))):
                continue
            seen.add(token)
            names.append(token)
            if any(s <= match.start() < e for s, e in passages):
                pasted.add(token)  # in a pasted English headline: only a misspelling counts
        missing = []
        for token in names:
            if _stands_alone(token, english):
                continue
            folded = token.casefold()
            near = next((w for w, other in _spellings(english, len(folded)) if _near_miss_folded(folded, other)), None)
            if near is not None:  # a misspelling, even where another form of the name is there too
                yield finding(f"name {token!r} from the source is written {near!r} in the English")
            elif token not in pasted and not (folded in lowered or _compact(token) in _compact_words(english)
                                              or _acronym_of(token, english) or _spelled_out(token, english)):
                missing.append(token)
        names = [n for n in names if n not in pasted]
        if not names or len(missing) < len(names):
            continue  # all there, or shortened (a misspelling is said above)
        if len(names) > 1:
            whole = korean[group[0].start() : group[-1].end()]
            yield finding(f"name {whole!r} from the source is not in the English")
        else:
            acronym = names[0].replace(".", "").replace("-", "").isupper()
            yield finding(f"name {names[0]!r} from the source is not in the English",
                          severity="warning" if acronym else None)


def _stands_alone(token: str, english: str) -> bool:
    """Whether `token` occurs in the English with no Latin letter or digit just before or after it."""
    start = english.find(token)
    while start >= 0:
        end = start + len(token)
        if ((start == 0 or not _latin_or_digit(english[start - 1]))
                and (end == len(english) or not _latin_or_digit(english[end]))):
            return True
        start = english.find(token, start + 1)
    return False


def _latin_or_digit(char: str) -> bool:
    return char.isascii() and char.isalnum()


def _name_groups(korean: str) -> list[list[re.Match[str]]]:
    """Latin words in runs separated by single spaces only: one name or title each."""
    groups: list[list[re.Match[str]]] = []
    if not _ANY_LATIN.search(korean):
        return groups  # a Latin word starts with a Latin letter: most Korean has none, and this search is quicker
    for match in _LATIN.finditer(korean):
        if groups and korean[groups[-1][-1].end() : match.start()] == " ":
            groups[-1].append(match)
        else:
            groups.append([match])
    return groups


def _compact(token: str) -> str:
    """A name without hyphens, dots, spaces or middle dots: G-8, G8 and G.8 are one name."""
    return _NAME_PUNCTUATION.sub("", token).casefold()


@lru_cache(maxsize=64)  # read only for a name not found otherwise, then for each such name of the unit
def _compact_words(english: str) -> frozenset[str]:
    """Each English word and each pair of neighbouring words, compacted."""
    tokens = _EN_TOKEN.findall(english)
    return frozenset({_compact(t) for t in tokens} | {_compact(a + b) for a, b in zip(tokens, tokens[1:],
                                                                                     strict=False)})


def _spellings(english: str, size: int) -> list[tuple[str, str]]:
    """The English's words a name of `size` casefolded characters may be a misspelling of, sorted, each with
    its casefolded form: those within one character of its length (`_near_miss_folded` passes over the rest)."""
    if size < 3:
        return []  # too short to be misspelt
    by_size = _words_by_size(english)
    return [(word, folded) for _, word, folded in sorted([*by_size.get(size - 1, ()), *by_size.get(size, ()),
                                                          *by_size.get(size + 1, ())])]


@lru_cache(maxsize=64)
def _words_by_size(english: str) -> dict[int, list[tuple[int, str, str]]]:
    """The English's words in sorted order (their rank first), casefolded, by casefolded length."""
    by_size: dict[int, list[tuple[int, str, str]]] = {}
    for rank, word in enumerate(sorted(set(_EN_WORD.findall(english)))):
        folded = word.casefold()
        by_size.setdefault(len(folded), []).append((rank, word, folded))
    return by_size


_NUMBER_WORDS = ("zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                 "sixteen seventeen eighteen nineteen twenty").split()


def _spelled_out(token: str, english: str) -> bool:
    """Whether the English spells out a name of letters and digits: G-8 = Group of Eight, G20 = Group of 20,
    K-pop = Korean pop."""
    parts = [p for p in re.split(r"[-·]|(?<=[A-Za-z])(?=\d)|(?<=\d)(?=[A-Za-z])", token) if p]
    if len(parts) < 2:
        return False
    pieces = []
    for part in parts:
        if part.isdigit():
            word = _NUMBER_WORDS[int(part)] if int(part) < len(_NUMBER_WORDS) else None
            pieces.append(rf"(?i:{part}|{word})\b" if word else rf"{part}\b")
        elif len(part) <= 3 and part.isupper():
            pieces.append(r"[\s-]+(?:(?:of|the|and|for)\s+)?".join(rf"\b{c}[a-z]*" for c in part))
        else:
            pieces.append(rf"\b(?i:{re.escape(part)})\w*")
    return re.search(r"[\s-]+(?:(?:of|the|and|for)\s+)?".join(pieces), english) is not None


def _is_passage(korean: str, run: re.Match[str]) -> bool:
    """English prose, or four or more capitalised words outside brackets and quotes (a pasted headline).

    A Title Case run in brackets or quotes is a name's gloss: (Joint Typhoon Warning Center, JTWC).
    """
    words = run.group(0).split()
    if any(w[:1].islower() and w.strip(".,").lower() not in _SMALL_WORDS for w in words):
        return True
    bracketed = korean[: run.start()].rstrip()[-1:] in ("(", "‘", "“", '"', "`", "'", "「")
    return len(words) >= 4 and not bracketed


def _near_miss_folded(a: str, b: str) -> bool:
    """A misspelling, `a` of `b` (both casefolded): same letters in another order, or one or two letters changed,
    added or dropped."""
    if a == b or len(a) < 3 or abs(len(a) - len(b)) > 1 or a.startswith(b) or b.startswith(a):
        return False  # Korea → Korean is a derived word, not a misspelling
    if len(a) == len(b) and sorted(a) == sorted(b):  # letters of unequal counts never sort alike
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


# Words that attribute reported speech: a quotation rendered as reported speech keeps its speaker.
_ATTRIBUTION = re.compile(
    r"\b(?:say|says|said|saying|tell|tells|told|telling|not(?:ed|es|ing)|stat(?:ed|ing)|"
    r"(?:add|report|announc|warn|claim|insist|argu|"
    r"explain|believ|ask|urg|call|describ|quot|admit|deni|confirm|acknowledg|stress|recall|suggest|predict|"
    r"conclud|vow|promis|pledg|accus|blam|mention|agre|declar|estimat|expect|hop|think|assert|reiterat|"
    r"charg|complain|announc|contend|maintain|testifi|testify|told)(?:e|es|ed|ing|s|ted|ting|d)?|according|"
    r"thought|wr(?:ote|ites|iting))\b", re.IGNORECASE)
# First-person words outside quotation marks: someone's own words that lost their marks.
_FIRST_PERSON = re.compile(r"\b(?:I|I'm|I'll|I've|I'd|(?i:me|my|mine|myself|we|we're|we'll|we've|us|our|ours))\b")


@rule("BL204", "quote-not-rendered", severity="warning", scope="unit")
def quote_lost(ctx: Context, unit: Unit) -> Iterator[str]:
    """Direct speech quoted in the Korean (“…”고 말했다) that the English neither quotes nor attributes.

    *Why:* a quotation is the speaker's words. Rendered as reported speech
    ("officials said the blast was not terrorism") it keeps its speaker, as
    English news style prefers; but words in the first person with no
    quotation marks ("I will not resign, he said") have lost their marks, and
    a quotation with no speaker left in the English ("The talks are over.")
    has become the paper's own claim.

    *Example:* `“협상은 끝났다”고 말했다` ↔ `We are done with the talks.`
    """
    korean, english = ctx.pair(unit)
    match = _KO_QUOTE.search(korean)
    if not match or not english.strip() or re.search(r"[\"“”‘’]|(?<!\w)'(?!\w)|``", english):
        return
    if _FIRST_PERSON.search(english):
        yield (f"the source quotes {match.group(1)[:40]!r} directly; the English has its words in the first person "
               "with no quotation marks")
    elif not _ATTRIBUTION.search(english):
        yield f"the source quotes {match.group(1)[:40]!r} directly; the English neither quotes nor attributes it"


@rule("BL205", "leftover-hangul", severity="error", scope="article")
def leftover_hangul(ctx: Context) -> Iterator[Problem]:
    """Hangul left in the English, in a unit or in English that renders no Korean.

    *Why:* an untranslated word or a pasted source fragment in the published
    English; pofilter misses it because it only compares the two sides. A
    Korean sentence left in the English often pairs with no Korean at all (the
    aligner finds no English for it), so additions are read too.

    *Example:* `The 인민반 reported him to police.`
    """
    assert ctx.state is not None
    text = ctx.state.target_text or ""
    found: dict[str | None, list[str]] = {}
    for match in HANGUL.finditer(text):
        found.setdefault(ctx.place(match.start()), []).append(match.group())
    for place, words in found.items():
        file = None if place else ctx.ws.relative(ctx.ws.target_file(ctx.slug))
        line = None if place else text.count("\n", 0, text.index(words[0])) + 1
        yield finding(f"Hangul left in the English: {', '.join(repr(w) for w in words[:3])}", unit=place,
                      file=file, line=line)


_OPENERS = {"(": ")", "[": "]"}
_QUOTES = '"“”'
_CLOSERS = {v: k for k, v in _OPENERS.items()}
# A bracket, a quote mark or a paragraph break (a newline, blank space, a newline) all start with one of these:
# searched for from there on, they are found in half the time of one pattern of the two alternatives.
_MARK_START = re.compile(r'[()\[\]"“”\n]')
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _marks(text: str) -> Iterator[tuple[int, str]]:
    """Each bracket and quote mark of `text` and each paragraph break, in order, with where it starts."""
    pos = 0
    while (mark := _MARK_START.search(text, pos)) is not None:
        at = mark.start()
        if text[at] != "\n":
            yield at, mark.group()
            pos = at + 1
        elif (gap := _PARAGRAPH_BREAK.match(text, at)) is not None:
            yield at, gap.group()
            pos = gap.end()
        else:
            pos = at + 1  # a line break within a paragraph


@rule("BL206", "unbalanced-punctuation", severity="error", scope="article")
def unbalanced(ctx: Context) -> Iterator[Problem]:
    """Brackets or quotation marks in the English that do not pair up.

    *Why:* a lost closing quote moves the end of someone's words. Quotes are
    matched across the whole article; a straight quote opens or closes by the
    space around it, and a paragraph that opens with a quote while one is open
    continues it (the newsroom convention for quotes over several paragraphs).
    Brackets close in the paragraph that opened them.

    *Example:* `He said "the talks are over.` with no closing quote in the article.
    """
    from workflow.text.characters import reading

    assert ctx.state is not None
    stored = ctx.state.target_text or ""
    read = reading(stored)  # the marks a reader sees: `¡°` is a quote mark
    text = read.text
    stack: list[tuple[str, int]] = []
    strays: list[tuple[str, int]] = []
    quote: int | None = None
    for pos, char in _marks(text):
        if char.isspace():  # a paragraph break: brackets never run on
            strays.extend(stack)
            stack.clear()
        elif char in _OPENERS:
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
        at = read.original(pos)
        unit = _unit_at(ctx, at)
        where: dict[str, Any] = {} if unit else {"file": ctx.ws.relative(ctx.ws.target_file(ctx.slug)),
                                 "line": stored.count("\n", 0, at) + 1}
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
    from workflow.text.characters import damage, escape, scan

    state = ctx.state
    assert state is not None
    for language, text in (("English", state.target_text or ""), ("Korean", state.source_text)):
        damaged = [(d.start, d.end) for d in damage(text)]  # a C1 control inside mojibake is BL209's
        for hidden in scan(text):
            if any(start <= hidden.index < end for start, end in damaged):
                continue
            unit = _unit_holding(ctx, hidden.index, language)
            context = text[max(0, hidden.index - 12) : hidden.index + 12]
            shown = escape(context).replace("\n", " ")
            yield finding(f"{hidden.describe()} in the {language} of {unit or 'text outside any unit'} "
                          f"(near '{shown}'); delete it", unit=unit)


@rule("BL209", "encoding-damage", severity="error", scope="article")
def encoding_damage(ctx: Context) -> Iterator[Problem]:
    """Mojibake, HTML entities or tags, or U+FFFD left in the English or the Korean, with the repaired form.

    Korean bytes read as Latin-1 (`¡°` for “, `¢æ` for €), UTF-8 read as
    Windows-1252 (`Ã©` for é, `â€œ` for “), `&#8212;` and `&ntilde;`, `<b>`,
    and the replacement character a decoder leaves (`workflow.text.characters`
    finds them). A spacing accent written for an apostrophe or a quote mark
    (`Korea´s`, `˝`) is a warning. The other rules read the text as a reader
    would, repaired: a `¡°`-quote is still a quote.

    *Why:* the wire and the CMS do not always agree on an encoding; the page
    then shows `¡°` where a reader expects a quote mark, and a name or a figure
    can be unreadable. A lost character (U+FFFD) has to be restored from the
    original as received.

    *Example:* `¡°There are early signs,¡± he said.` in en.md: mojibake `¡°`
    in the English of s4; it should read `“`.
    """
    from workflow.text.characters import damage, escape

    state = ctx.state
    assert state is not None
    for language, text in (("English", state.target_text or ""), ("Korean", state.source_text)):
        for item in damage(text):
            unit = ctx.place(item.start) if language == "English" else _unit_holding(ctx, item.start, language)
            where = unit or "text outside any unit"
            near = escape(text[max(0, item.start - 15) : item.end + 15]).replace("\n", " ")
            if item.repaired is None:
                fix = "restore the character from the original as received"
            elif item.repaired.strip():
                fix = f"it should read {item.repaired!r}"
            else:
                fix = "delete it"
            yield finding(f"{item.describe()} in the {language} of {where} (near {near!r}); {fix}", unit=unit,
                          severity="warning" if item.kind == "lookalike" else None)


def _unit_holding(ctx: Context, index: int, language: str) -> str | None:
    """The unit whose English (or, for the Korean, one of whose segments) holds position `index`."""
    state = ctx.state
    assert state is not None
    if language == "English":
        return next((u.id for u in state.units if u.start <= index < u.end), None)
    sid = next((s.id for s in state.segments if s.start <= index < s.end), None)
    return next((u.id for u in state.units if sid in u.sources), sid)
