"""Hand-made evidence that a Korean sentence and an English one translate each other.

Length (Gale–Church), numbers, Latin-script names, transliterated names,
quotes, a small built-in glossary of news words, and a lexicon learned from
units already aligned in the workspace. Before the aligner had sentence
meaning (embed.py) this was all it had; now align.py weighs each kind only as
far as the held-out folds of benchmarks/align_eval.py show it still helps.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from workflow.text.numbers import find_english_numbers, find_korean_numbers


@dataclass(frozen=True, slots=True)
class EvidenceModel:
    """The statistics and weights of the hand-made evidence, all in -log probability units.

    The length statistics were fitted on the dev folds of benchmarks/folds.py
    (the first 500 line pairs of ko-en-news) and the weights tuned there when
    this evidence was all the aligner had; align.py weighs their sum.
    """

    ratio: float = 2.141  # English characters per Korean character (spaces not counted)
    variance: float = 21.76  # variance of the English length, per Korean character
    number: float = 4.0  # per number stated on both sides (halved for 0–10)
    name: float = 4.0  # per Latin-script word in the Korean found in the English
    sound: float = 1.1  # per transliterated name (오바마 ~ Obama)
    lexical: float = 3.0  # times (lexicon coverage - lexical_floor)
    lexical_floor: float = 0.15
    quote: float = 0.5  # one side quotes someone, the other does not
    no_evidence: float = 1.5  # a pair that shares nothing at all

    @classmethod
    def fit(cls, pairs: Iterable[tuple[str, str]], **weights: object) -> EvidenceModel:
        """Fit the length ratio and variance on known (Korean, English) translation pairs."""
        lengths = [(_length(ko), _length(en)) for ko, en in pairs]
        lengths = [(ko, en) for ko, en in lengths if ko and en]
        ratio = sum(en for _, en in lengths) / sum(ko for ko, _ in lengths)
        variance = sum((en - ratio * ko) ** 2 / ko for ko, en in lengths) / len(lengths)
        return cls(ratio=ratio, variance=variance, **weights)  # type: ignore[arg-type]


DEFAULT_EVIDENCE = EvidenceModel()


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
    syllables stand in for its stem without a morphological analyser. A word
    spelt as North Korea spells it (로동, 리용, 녀성) also gives the terms of its
    southern spelling (노동, 이용, 여성), so a glossary and a lexicon learned
    from southern text serve both.
    """
    terms = set()
    for run in re.findall(r"[가-힣]{2,}", text):
        for word in {run, south_spelling(run)}:
            terms.add(word[:2])
            if len(word) >= 3:
                terms.add(word[:3])
    return frozenset(terms)


# Vowels (medial jamo indices) before which the south drops a word-initial ㄹ or ㄴ to ㅇ: ㅑ ㅕ ㅖ ㅛ ㅠ ㅣ.
_IOTISED = frozenset({2, 6, 7, 12, 17, 20})
_NIEUN, _RIEUL, _IEUNG = 2, 5, 11


def south_spelling(word: str) -> str:
    """The word with the south's initial-sound rule (두음법칙) applied to its first syllable.

    North Korean keeps a word-initial ㄹ and ㄴ (로동, 리, 녀성, 량강도); the south
    writes ㄴ for ㄹ, and ㅇ for either before i or y (노동, 이, 여성, 양강도).
    Other words come back unchanged.
    """
    if not word or not "가" <= word[0] <= "힣":
        return word
    code = ord(word[0]) - 0xAC00
    initial, medial, final = code // 588, (code % 588) // 28, code % 28
    if initial == _RIEUL:
        initial = _IEUNG if medial in _IOTISED else _NIEUN
    elif initial == _NIEUN and medial in _IOTISED:
        initial = _IEUNG
    else:
        return word
    return chr(0xAC00 + initial * 588 + medial * 28 + final) + word[1:]


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


def _length_cost(source: int, target: int, model: EvidenceModel) -> float:
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


def _shared_evidence(ko: _Features, en: _Features, model: EvidenceModel) -> float:
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


class Scorer:
    """Evidence for the beads of one article, from per-sentence features and pairwise evidence."""

    def __init__(self, source: Sequence[str], target: Sequence[str], lexicon: Lexicon | None,
                 model: EvidenceModel = DEFAULT_EVIDENCE, sizes: Iterable[int] = (1, 2, 3)):
        lexicon = _with_glossary(lexicon)
        targets = frozenset().union(*lexicon.translations.values())
        self.ko = [_korean_features(text, lexicon) for text in source]
        self.en = [_english_features(text, targets) for text in target]
        sizes = set(sizes)
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

    def length(self, i: int, j: int, di: int, dj: int) -> float:
        """-log P(the lengths of source[i-di:i] and target[j-dj:j] | a translation)."""
        return _length_cost(self.ko_runs[(i, di)].length, self.en_runs[(j, dj)].length, self.model)

    def content(self, i: int, j: int, di: int, dj: int) -> float:
        """-log score of what source[i-di:i] and target[j-dj:j] share: numbers, names, lexicon, quotes."""
        model = self.model
        ko, en = self.ko_runs[(i, di)], self.en_runs[(j, dj)]
        bonus = _shared_evidence(ko, en, model)
        coverage = sum(min(1.0, sum(self.coverage(s, t) for s in range(i - di, i))) for t in range(j - dj, j))
        cost = -model.lexical * (coverage / dj - model.lexical_floor)
        if ko.quoted != en.quoted:
            cost += model.quote
        if bonus == 0 and coverage == 0:
            cost += model.no_evidence
        return cost - bonus

    def numbers(self, i: int, j: int, di: int, dj: int) -> tuple[int, int]:
        """(numbers both sides state, numbers only one side states) for the bead."""
        ko, en = self.ko_runs[(i, di)].numbers, self.en_runs[(j, dj)].numbers
        return len(ko & en), len(ko ^ en)
