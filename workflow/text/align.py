"""Align Korean source sentences with the English sentences that render them.

Length alone is weak for Korean–English, so a Gale–Church dynamic programme over
the whole article is scored with evidence that survives translation as well:
numbers, Latin-script names, transliterated names, quotes, a small built-in
glossary of news words, and a lexicon learned from units already aligned in the workspace.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from workflow.text.numbers import find_english_numbers, find_korean_numbers


@dataclass(frozen=True, slots=True)
class Bead:
    """Consecutive source sentences and the consecutive target sentences that render them."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float


@dataclass(frozen=True, slots=True)
class AlignModel:
    """The statistics and weights that score a bead, all in -log probability units.

    The length statistics were fitted on the first 500 line pairs (20 documents)
    of the ko-en-news dev split and the weights tuned there by two-fold
    cross-validation; `benchmarks/align_eval.py` reports the other 500.
    """

    ratio: float = 2.141  # English characters per Korean character (spaces not counted)
    variance: float = 21.76  # variance of the English length, per Korean character
    # (source count, target count) -> prior cost of that bead shape.
    priors: Mapping[tuple[int, int], float] = field(
        default_factory=lambda: {
            (1, 1): 0.05, (1, 0): 5.5, (0, 1): 5.5, (2, 1): 5.5, (1, 2): 3.5,
            (2, 2): 7.0, (3, 1): 6.5, (1, 3): 5.5,
        }
    )
    number: float = 4.0  # per number stated on both sides (halved for 0–10)
    name: float = 4.0  # per Latin-script word in the Korean found in the English
    sound: float = 1.1  # per transliterated name (오바마 ~ Obama)
    lexical: float = 3.0  # times (lexicon coverage - lexical_floor)
    lexical_floor: float = 0.15
    quote: float = 0.5  # one side quotes someone, the other does not
    no_evidence: float = 1.5  # a pair that shares nothing at all

    @classmethod
    def fit(cls, pairs: Iterable[tuple[str, str]], **weights: object) -> AlignModel:
        """Fit the length ratio and variance on known (Korean, English) translation pairs."""
        lengths = [(_length(ko), _length(en)) for ko, en in pairs]
        lengths = [(ko, en) for ko, en in lengths if ko and en]
        ratio = sum(en for _, en in lengths) / sum(ko for ko, _ in lengths)
        variance = sum((en - ratio * ko) ** 2 / ko for ko, en in lengths) / len(lengths)
        return cls(ratio=ratio, variance=variance, **weights)  # type: ignore[arg-type]


DEFAULT_MODEL = AlignModel()


# --- lexicon --------------------------------------------------------------------

_STOPWORDS = frozenset(
    """the and for that with was were are has had have this from said but not its
    his her their they them who which will would been also than more about into
    after over when what there other some such only could should can may any all
    our out one two new she him you your yet very most many much last first year
    years says say while where these those just like being because before did""".split()
)


def korean_terms(text: str) -> frozenset[str]:
    """Stem-like features of Korean words: the first two and three syllables of each.

    Korean attaches particles and endings to the word, so a word's opening
    syllables stand in for its stem without a morphological analyser.
    """
    terms = set()
    for run in re.findall(r"[가-힣]{2,}", text):
        terms.add(run[:2])
        if len(run) >= 3:
            terms.add(run[:3])
    return frozenset(terms)


def english_terms(text: str) -> frozenset[str]:
    """Content words of English, lower-case and cut to five letters (a crude stem)."""
    return frozenset(
        word[:5] for word in re.findall(r"[a-z]{3,}", text.lower()) if word not in _STOPWORDS
    )


# A small glossary of news words every article may use, written for byline: each
# Korean word's opening syllables (see korean_terms) and its English stems (see
# english_terms). It gives the aligner content evidence before a workspace has
# aligned articles of its own; a learned lexicon adds to it.
_GLOSSARY_TEXT = """
대통령 presi  정부 gover  경찰 polic  군인 soldi troop  군대 army milit  병사 soldi
미국 ameri  중국 china chine  일본 japan  북한 north korea  한국 korea south  남한 south korea
영국 briti kingd london  독일 germa  프랑스 franc  러시아 russi  인도 india  이라크 iraq
이란 iran  호주 austr  유럽 europ  아시아 asia asian  아프리카 afric  캐나다 canad
대학 unive colle  학생 stude  교수 profe  학교 schoo  의사 docto  병원 hospi  환자 patie
연구 resea study studi  과학 scien  기업 compa firm  회사 compa firm  은행 bank  시장 marke mayor
경제 econo  주가 stock share  주식 stock share  가격 price  유가 price  석유 crude
전쟁 war  공격 attac  폭탄 bomb  폭발 blast explo  테러 terro  사망 died dead death kille
부상 injur wound  살해 kille murde  사고 accid crash  희생 victi  피해 damag victi
선거 elect  후보 candi  의원 lawma senat congr  의회 parli congr  투표 vote  여론 poll
장관 minis secre  총리 prime minis  정당 party  민주당 democ  공화당 repub
법원 court  판사 judge  재판 trial court  변호사 lawye attor  검찰 prose  체포 arres
대변인 spoke  발표 annou  보도 repor  기자 repor journ  신문 newsp paper  방송 broad
관리 offic  관계자 offic  전문가 exper  주민 resid  시민 citiz  국민 citiz publi peopl
어린이 child  아이 child kids  여성 women woman  남성 men man  가족 famil  아버지 fathe
어머니 mothe  아들 son  남편 husba  아내 wife  친구 frien
비행기 plane aircr fligh  항공 airli fligh  공항 airpo  자동차 car cars vehic  차량 vehic
기름 oil  식량 food  음식 food  건강 healt  질병 disea  바이러스 virus
날씨 weath  태풍 storm typho  지진 earth quake  홍수 flood  화재 fire  빙하 glaci
기후 clima  온난화 warmi  환경 envir  에너지 energ  전기 elect power  원자력 nucle
핵무기 nucle weapo  무기 weapo arms  미사일 missi  협상 talks negot  회담 talks summi
합의 agree deal  조약 treat  제재 sanct  인권 human right  자유 freed liber
인터넷 inter onlin  컴퓨터 compu  휴대폰 phone cell  전화 phone call  기술 techn
영화 film movie  음악 music  가수 singe  노래 song  배우 actor actre  작가 write autho
경기 game match  선수 playe athle  우승 champ title  올림픽 olymp  시즌 seaso
세계 world globa  국가 count natio state  나라 count natio  도시 city  마을 villa town
지역 regio area local  국경 borde  정상 summi leade  지도자 leade  여왕 queen
교회 churc  종교 relig  이슬람 islam musli  기독교 chris  불교 buddh
오늘 today  어제 yeste  내일 tomor  주말 weeke
"""
_GLOSSARY = {
    korean: frozenset(stems.split())
    for entry in re.split(r"\s{2,}|\n", _GLOSSARY_TEXT)
    if entry.strip()
    for korean, _, stems in [entry.strip().partition(" ")]
}


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Korean term -> English terms that translate it, learned from aligned pairs."""

    translations: Mapping[str, frozenset[str]]

    @classmethod
    def from_pairs(
        cls, pairs: Iterable[tuple[str, str]], *, min_count: int = 2, min_dice: float = 0.2, per_term: int = 4
    ) -> Lexicon:
        """Learn the terms that keep appearing together in (Korean, English) units.

        Association is the Dice coefficient over units; each Korean term keeps
        its `per_term` best English terms that co-occur at least `min_count` times.
        """
        korean: Counter[str] = Counter()
        english: Counter[str] = Counter()
        joint: Counter[tuple[str, str]] = Counter()
        for ko, en in pairs:
            ko_terms, en_terms = korean_terms(ko), english_terms(en)
            korean.update(ko_terms)
            english.update(en_terms)
            joint.update((k, e) for k in ko_terms for e in en_terms)
        best: dict[str, list[tuple[float, str]]] = {}
        for (k, e), count in joint.items():
            if count < min_count:
                continue
            dice = 2 * count / (korean[k] + english[e])
            if dice >= min_dice:
                best.setdefault(k, []).append((dice, e))
        return cls(
            {k: frozenset(e for _, e in sorted(found, reverse=True)[:per_term]) for k, found in best.items()}
        )


_GLOSSARY_LEXICON = Lexicon(_GLOSSARY)


# --- sentence features ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Features:
    """What one sentence offers as evidence of a translation."""

    length: int
    numbers: frozenset[Decimal]
    names: frozenset[str]  # Korean: its Latin-script words; English: all its words
    sounds: frozenset[str]  # consonant skeletons of names (see _korean_skeleton)
    terms: frozenset[str]  # lexicon terms the sentence has
    quoted: bool


_QUOTES = re.compile(r"[\"“”‘’'「」『』]")


def _length(text: str) -> int:
    """Characters without spaces: spacing differs too much between the languages."""
    return sum(1 for char in text if not char.isspace())


def _clean(text: str) -> str:
    """The text as a reader sees it: composed Hangul, entities decoded, mis-decoded quotes repaired.

    News feeds carry `&#8212;` and EUC-KR punctuation read as Latin-1 (`¡°` for “);
    only the features are computed on the cleaned text.
    """
    text = html.unescape(unicodedata.normalize("NFC", text))
    return _MOJIBAKE.sub(_redecode, text) if "¡" in text else text


_MOJIBAKE = re.compile(r"(?:[\xa1-\xfe][\xa1-\xfe])+")


def _redecode(match: re.Match[str]) -> str:
    """A run of Latin-1 pairs decoded as the EUC-KR it was, or left as it is."""
    try:
        return match.group().encode("latin-1").decode("euc-kr")
    except UnicodeError:
        return match.group()


def _korean_features(text: str, lexicon: Lexicon) -> _Features:
    """Evidence a Korean sentence can offer."""
    text = _clean(text)
    terms = korean_terms(text)
    return _Features(
        length=_length(text),
        numbers=frozenset(number.value for number in find_korean_numbers(text)),
        names=frozenset(w.lower() for w in re.findall(r"[A-Za-z][A-Za-z0-9&\-]+", text)),
        sounds=_korean_sounds(text),
        terms=terms & lexicon.translations.keys(),
        quoted=bool(_QUOTES.search(text)),
    )


def _english_features(text: str, lexicon_targets: frozenset[str]) -> _Features:
    """Evidence an English sentence can offer."""
    text = _clean(text)
    words = re.findall(r"[A-Za-z][A-Za-z0-9&\-]+", text)
    names = [w for w in words if w[0].isupper()]
    return _Features(
        length=_length(text),
        numbers=frozenset(number.value for number in find_english_numbers(text)),
        names=frozenset(w.lower() for w in words),
        sounds=frozenset(sound for w in names for sound in _english_skeletons(w) if len(sound) >= 2),
        terms=english_terms(text) & lexicon_targets,
        quoted=bool(_QUOTES.search(text)),
    )


# --- transliterated names -------------------------------------------------------
# Foreign names reach Korean news in Hangul (오바마, 매케인, 리버모어). Both
# sides are reduced to a skeleton of consonant classes, vowels dropped, so that
# a transliteration and its original spell the same skeleton.

_INITIALS = "KKNTTLMPPSSXSSSKTPH"  # ㄱㄲㄴㄷㄸㄹㅁㅂㅃㅅㅆㅇㅈㅉㅊㅋㅌㅍㅎ (X: silent)
_FINALS = "XKKKNNNTLKMPLLPLMPPTTNTTKTPX"  # none, ㄱ … ㅎ (a final ㅅ sounds t: 로봇)


def _korean_skeleton(syllables: str) -> str:
    """Consonant classes of a run of Hangul syllables, doubled classes merged."""
    out: list[str] = []
    for char in syllables:
        code = ord(char) - 0xAC00
        initial, final = _INITIALS[code // 588], _FINALS[code % 28]
        out.extend(c for c in (initial, final) if c != "X")
    return _merge_runs(out)


def _merge_runs(classes: Iterable[str]) -> str:
    """Collapse repeats (ll, ck, 힐러 → L): transliteration never keeps them apart."""
    merged: list[str] = []
    for c in classes:
        if not merged or merged[-1] != c:
            merged.append(c)
    return "".join(merged)


_EN_DIGRAPHS = (("ph", "P"), ("ch", "S"), ("sh", "S"), ("ck", "K"), ("wh", ""), ("ng", "N"), ("x", "KS"))
_EN_CLASSES = {
    "b": "P", "p": "P", "f": "P", "v": "P", "c": "K", "k": "K", "g": "K", "q": "K",
    "d": "T", "t": "T", "s": "S", "z": "S", "j": "S", "l": "L", "r": "L",
    "m": "M", "n": "N", "h": "H",
}


def _english_skeletons(word: str) -> frozenset[str]:
    """Skeletons of an English word: an r before a consonant is dropped (Gordon) or kept (Argentina).

    A demonym's ending is dropped too, since Korean writes the place: Roman ~ 로마, Mexican ~ 멕시코.
    """
    skeletons = {_english_skeleton(word), _english_skeleton(word, keep_r=True)}
    if word.lower().endswith(("an", "ans")):
        skeletons |= {skeleton[:-2] if skeleton.endswith("NS") else skeleton[:-1] for skeleton in skeletons}
    return frozenset(skeletons)


def _english_skeleton(word: str, *, keep_r: bool = False) -> str:
    """Consonant classes of an English word as Korean would transliterate it."""
    word = word.lower()
    if word.startswith("th"):
        word = "t" + word[2:]
    word = word.replace("th", "s")
    for digraph, klass in _EN_DIGRAPHS:
        word = word.replace(digraph, klass.lower() if klass else "")
    out = []
    for index, char in enumerate(word):
        following = word[index + 1 : index + 2]
        if char == "r" and not keep_r and (following not in tuple("aeiouy") or word[index + 1 :] == "e"):
            continue  # Korean drops an r that no vowel follows: Gordon → 고든, Livermore → 리버모어
        if char == "h" and index:
            continue  # silent after a vowel: John → 존
        if char == "c" and following in ("e", "i", "y"):
            out.append("S")
        elif char in _EN_CLASSES:
            out.append(_EN_CLASSES[char])
    return _merge_runs(out)


def _korean_sounds(text: str) -> frozenset[str]:
    """Skeletons of the first two to four syllables of each Hangul word (particles follow)."""
    sounds = set()
    for run in re.findall(r"[가-힣]{2,}", text):
        for size in range(2, min(len(run), 4) + 1):
            skeleton = _korean_skeleton(run[:size])
            if len(skeleton) >= 2:
                sounds.add(skeleton)
    return frozenset(sounds)


# --- scoring ------------------------------------------------------------------------


def _length_cost(source: int, target: int, model: AlignModel) -> float:
    """-log P(the lengths | a translation), Gale–Church: a two-sided normal tail."""
    mean = source * model.ratio
    delta = abs(target - mean) / math.sqrt(max(source, 1) * model.variance)
    tail = math.erfc(delta / math.sqrt(2))
    if tail > 1e-300:
        return -math.log(tail)
    return delta * delta / 2 + math.log(delta * math.sqrt(math.pi / 2))


def _merged(features: Sequence[_Features]) -> _Features:
    """One sentence's worth of evidence for several consecutive sentences.

    Shared items then count once per bead, so that a name repeated in the next
    sentence is no reason to merge that sentence in.
    """
    if len(features) == 1:
        return features[0]
    return _Features(
        length=sum(f.length for f in features),
        numbers=frozenset().union(*(f.numbers for f in features)),
        names=frozenset().union(*(f.names for f in features)),
        sounds=frozenset().union(*(f.sounds for f in features)),
        terms=frozenset().union(*(f.terms for f in features)),
        quoted=any(f.quoted for f in features),
    )


def _shared_evidence(ko: _Features, en: _Features, model: AlignModel) -> float:
    """Bonus for the numbers, names and sounds that both sides of a bead state."""
    bonus = model.name * len(ko.names & en.names) + model.sound * len(ko.sounds & en.sounds)
    for value in ko.numbers & en.numbers:
        bonus += model.number / 2 if 0 <= value <= 10 else model.number
    return bonus


def _with_glossary(lexicon: Lexicon | None) -> Lexicon:
    """The built-in glossary, extended by what the workspace has taught."""
    if lexicon is None:
        return _GLOSSARY_LEXICON
    merged = dict(lexicon.translations)
    for korean, english in _GLOSSARY.items():
        merged[korean] = merged.get(korean, frozenset()) | english
    return Lexicon(merged)


class _Scorer:
    """Bead costs for one article, from per-sentence features and pairwise evidence."""

    def __init__(self, source: Sequence[str], target: Sequence[str], lexicon: Lexicon | None, model: AlignModel):
        lexicon = _with_glossary(lexicon)
        targets = frozenset().union(*lexicon.translations.values())
        self.ko = [_korean_features(text, lexicon) for text in source]
        self.en = [_english_features(text, targets) for text in target]
        sizes = {size for shape in model.priors for size in shape if size}
        # Runs of consecutive sentences, keyed by (end, size): each bead side is one.
        self.ko_runs = {(i, d): _merged(self.ko[i - d : i]) for d in sizes for i in range(d, len(self.ko) + 1)}
        self.en_runs = {(j, d): _merged(self.en[j - d : j]) for d in sizes for j in range(d, len(self.en) + 1)}
        # What each Korean sentence's lexicon terms translate to.
        self.translated = [
            frozenset().union(*(lexicon.translations[term] for term in f.terms))
            for f in self.ko
        ]
        self.model = model
        self.covered: dict[tuple[int, int], float] = {}

    def coverage(self, i: int, j: int) -> float:
        """The share of English sentence j's lexicon terms that Korean sentence i translates."""
        key = (i, j)
        if key not in self.covered:
            terms = self.en[j].terms
            self.covered[key] = len(self.translated[i] & terms) / len(terms) if terms else 0.0
        return self.covered[key]

    def cost(self, i: int, j: int, di: int, dj: int) -> float:
        """-log score of the bead source[i-di:i] ↔ target[j-dj:j]."""
        model = self.model
        prior = model.priors[(di, dj)]
        if not di or not dj:
            return prior
        ko, en = self.ko_runs[(i, di)], self.en_runs[(j, dj)]
        cost = prior + _length_cost(ko.length, en.length, model)
        bonus = _shared_evidence(ko, en, model)
        coverage = sum(min(1.0, sum(self.coverage(s, t) for s in range(i - di, i))) for t in range(j - dj, j))
        cost -= model.lexical * (coverage / dj - model.lexical_floor)
        if ko.quoted != en.quoted:
            cost += model.quote
        if bonus == 0 and coverage == 0:
            cost += model.no_evidence
        return cost - bonus


# --- dynamic programme ------------------------------------------------------------


def _band(n: int, m: int) -> list[range]:
    """For each source position, the target positions the path may visit.

    A band around the diagonal keeps long articles fast; it is wide enough for
    runs of omitted or added sentences.
    """
    if not n:
        return [range(m + 1)]
    # Rows must overlap by at least one cell, or no path connects them.
    width = max(12, (n + m) // 4, math.ceil(m / n))
    rows = []
    for i in range(n + 1):
        centre = i * m / n
        rows.append(range(max(0, int(centre - width)), min(m, int(centre + width) + 1) + 1))
    return rows


def _logaddexp(a: float, b: float) -> float:
    """log(exp(a) + exp(b)) without overflow."""
    if a == -math.inf:
        return b
    if b == -math.inf:
        return a
    high, low = (a, b) if a > b else (b, a)
    return high + math.log1p(math.exp(low - high))


def align_sentences(
    source: Sequence[str],
    target: Sequence[str],
    lexicon: Lexicon | None = None,
    *,
    model: AlignModel = DEFAULT_MODEL,
) -> tuple[Bead, ...]:
    """Align Korean `source` sentences with English `target` sentences, in order.

    Every sentence of each side is in exactly one bead; a bead with an empty
    side is an omission (source only) or an addition (target only). Each bead's
    confidence is its posterior probability over all alignments of the article.
    """
    source = [unicodedata.normalize("NFC", text) for text in source]
    target = [unicodedata.normalize("NFC", text) for text in target]
    n, m = len(source), len(target)
    scorer = _Scorer(source, target, lexicon, model)
    band = _band(n, m)
    shapes = tuple(model.priors)
    costs: dict[tuple[int, int, int, int], float] = {}
    best: dict[tuple[int, int], tuple[float, tuple[int, int] | None]] = {(0, 0): (0.0, None)}
    forward: dict[tuple[int, int], float] = {(0, 0): 0.0}
    for i in range(n + 1):
        for j in band[i]:
            if i == j == 0:
                continue
            best_cost, best_shape, total = math.inf, None, -math.inf
            for di, dj in shapes:
                start = (i - di, j - dj)
                if start not in best:
                    continue
                cost = scorer.cost(i, j, di, dj)
                costs[(i, j, di, dj)] = cost
                if best[start][0] + cost < best_cost:
                    best_cost, best_shape = best[start][0] + cost, (di, dj)
                total = _logaddexp(total, forward[start] - cost)
            if best_shape is not None:
                best[(i, j)] = (best_cost, best_shape)
                forward[(i, j)] = total
    backward = _backward(n, m, costs)
    return _trace(n, m, best, forward, backward, costs)


def _backward(n: int, m: int, costs: Mapping[tuple[int, int, int, int], float]) -> dict[tuple[int, int], float]:
    """log of the summed score of all paths from each cell to the end."""
    backward: dict[tuple[int, int], float] = {(n, m): 0.0}
    for (i, j, di, dj), cost in sorted(costs.items(), key=lambda item: (-item[0][0], -item[0][1])):
        if (i, j) in backward:
            start = (i - di, j - dj)
            backward[start] = _logaddexp(backward.get(start, -math.inf), backward[(i, j)] - cost)
    return backward


def _trace(
    n: int,
    m: int,
    best: Mapping[tuple[int, int], tuple[float, tuple[int, int] | None]],
    forward: Mapping[tuple[int, int], float],
    backward: Mapping[tuple[int, int], float],
    costs: Mapping[tuple[int, int, int, int], float],
) -> tuple[Bead, ...]:
    """Follow the best path back from the end and read each bead's posterior."""
    total = forward[(n, m)]
    beads = []
    i, j = n, m
    while (i, j) != (0, 0):
        di, dj = best[(i, j)][1]  # type: ignore[misc]
        start = (i - di, j - dj)
        posterior = math.exp(forward[start] - costs[(i, j, di, dj)] + backward[(i, j)] - total)
        beads.append(Bead(tuple(range(i - di, i)), tuple(range(j - dj, j)), round(min(posterior, 1.0), 4)))
        i, j = start
    return tuple(reversed(beads))
