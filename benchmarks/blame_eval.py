"""Measure blame against edit histories whose truth is known, and time recording and blame.

Articles are 25 consecutive lines of ko-en-news dev.en. A translator writes
each; editors then replace, insert and delete words, drop, move and restore
sentences, and undo the previous edit. A third set edits as copy editors do:
a clause cut around a word it keeps ("hums with finely tuned dread and
anticipation" -> "hums with dread"), a phrase reworded around words it keeps
("That's the movie's" -> "That is the film's"), and punctuation added, removed
or changed (commas, quotation marks). Truth: a word belongs to who last wrote
it; a moved word keeps its author; restored text gets its authors back; a
punctuation mark belongs to who put it there.

Besides macro accuracy over the final text, every event is scored on the
words it kept in the sentences it changed (untouched sentences would make
the figure easy): each such word must keep the event that wrote it
(stricter than keeping its agent). Punctuation marks are scored on their
author over the whole text after every event.
Run: python benchmarks/blame_eval.py [--events N] [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import copy
import random
import re
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.reading.blame import BlameToken, blame_runs
from workflow.text.attribution import Authorship, Label, Token

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ko-en-news"
LINES_PER_ARTICLE = 25
SENTENCES_PER_PARAGRAPH = 3
TRANSLATOR = "tr"
EDITORS = ("ed1", "ed2", "ed3", "ed4")
PLAIN_OPS = ("replace", "insert", "delete", "drop")
ALL_OPS = (*PLAIN_OPS, "move", "move", "restore", "undo")
REALISTIC_OPS = ("clause", "clause", "reword", "reword", "punctuate", "punctuate", "replace", "insert")
PUNCTUATION = re.compile(r"^(\W*)(.*?\w)?(\W*)$")  # leading marks, the word, trailing marks


@dataclass(frozen=True, slots=True)
class Word:
    """A whitespace-separated word with the truth about it.

    `event` is the number of the event that wrote the word (0: the
    translation); `marks` is who wrote the punctuation before and after it
    when that is not `author` (a copy editor's comma or quotation mark).
    """

    text: str
    author: str
    moved: bool = False
    event: int = 0
    marks: str | None = None

    def bare(self) -> bool:
        """No punctuation before or after the word (where a punctuation edit may go)."""
        return self.text[:1].isalnum() and self.text[-1:].isalnum()


Sentence = list[Word]
Document = list[list[Sentence]]  # paragraphs of sentences


def load_articles() -> list[list[str]]:
    """dev.en in articles of 25 lines."""
    lines = (DATA / "dev.en").read_text(encoding="utf-8").splitlines()
    return [lines[i : i + LINES_PER_ARTICLE] for i in range(0, len(lines), LINES_PER_ARTICLE)]


def document(lines: list[str]) -> Document:
    """The translator's article: three lines a paragraph."""
    sentences = [[Word(w, TRANSLATOR) for w in line.split()] for line in lines if line.split()]
    return [sentences[i : i + SENTENCES_PER_PARAGRAPH] for i in range(0, len(sentences), SENTENCES_PER_PARAGRAPH)]


def render(doc: Document) -> tuple[str, list[tuple[int, int, Word]]]:
    """The text of a document and where each word sits in it."""
    parts: list[str] = []
    where: list[tuple[int, int, Word]] = []
    pos = 0
    for p, paragraph in enumerate(p for p in doc if any(p)):
        if p:
            parts.append("\n\n")
            pos += 2
        for s, sentence in enumerate(s for s in paragraph if s):
            for w, word in enumerate(sentence):
                if s or w:
                    parts.append(" ")
                    pos += 1
                parts.append(word.text)
                where.append((pos, pos + len(word.text), word))
                pos += len(word.text)
    return "".join(parts), where


class History:
    """Random edits of one article, applied to the truth document."""

    def __init__(self, doc: Document, vocabulary: list[str], rng: random.Random, ops: tuple[str, ...]) -> None:
        self.doc = doc
        self.vocabulary = vocabulary
        self.rng = rng
        self.ops = ops
        self.dropped: list[Sentence] = []
        self.versions: list[tuple[Document, list[Sentence]]] = [(copy.deepcopy(doc), [])]
        self.number = 0  # the event being made

    def sentences(self) -> list[tuple[int, int]]:
        return [(p, s) for p, paragraph in enumerate(self.doc) for s, sentence in enumerate(paragraph) if sentence]

    def fresh(self, editor: str, count: int, unlike: tuple[str, ...] = ()) -> list[Word]:
        """`count` words from the vocabulary (none of them one of `unlike`: a reworded word changes)."""
        words = []
        while len(words) < count:
            text = self.rng.choice(self.vocabulary)
            if text not in unlike:
                words.append(Word(text, editor, event=self.number))
        return words

    def event(self, editor: str) -> None:
        """One recorded event: one to three operations by `editor`."""
        self.number += 1
        for _ in range(self.rng.randint(1, 3)):
            op = self.rng.choice(self.ops)
            if op == "undo":
                if len(self.versions) >= 2:
                    # Back to the version before the last event, with what had been dropped by then.
                    self.doc, self.dropped = copy.deepcopy(self.versions[-2])
                break
            getattr(self, "_" + op)(editor)
        self.versions.append(copy.deepcopy((self.doc, self.dropped)))

    def _pick(self, min_words: int = 1) -> Sentence | None:
        choices = [(p, s) for p, s in self.sentences() if len(self.doc[p][s]) >= min_words]
        if not choices:
            return None
        p, s = self.rng.choice(choices)
        return self.doc[p][s]

    def _replace(self, editor: str) -> None:
        sentence = self._pick(2)
        if sentence is not None:
            i = self.rng.randrange(len(sentence) - 1)  # keep the final word and its full stop
            n = min(self.rng.randint(1, 3), len(sentence) - 1 - i)
            # A replacement never retypes a word it replaces: no record could tell that word from a kept one.
            replaced = tuple(word.text for word in sentence[i : i + n])
            sentence[i : i + n] = self.fresh(editor, self.rng.randint(1, 3), unlike=replaced)

    def _insert(self, editor: str) -> None:
        sentence = self._pick()
        if sentence is not None:
            i = self.rng.randrange(len(sentence))
            sentence[i:i] = self.fresh(editor, self.rng.randint(1, 6))

    def _delete(self, editor: str) -> None:
        sentence = self._pick(8)
        if sentence is not None:
            i = self.rng.randrange(len(sentence) - 6)
            del sentence[i : i + self.rng.randint(1, 5)]

    def _drop(self, editor: str) -> None:
        if len(self.sentences()) > 5:
            p, s = self.rng.choice(self.sentences())
            self.dropped.append(self.doc[p].pop(s))

    def _move(self, editor: str) -> None:
        spots = self.sentences()
        if len(spots) < 3:
            return
        p, s = self.rng.choice(spots)
        sentence = [Word(w.text, w.author, True, w.event, w.marks) for w in self.doc[p].pop(s)]
        q = self.rng.randrange(len(self.doc))
        self.doc[q].insert(self.rng.randint(0, len(self.doc[q])), sentence)

    def _restore(self, editor: str) -> None:
        if self.dropped:
            sentence = self.dropped.pop(self.rng.randrange(len(self.dropped)))
            q = self.rng.randrange(len(self.doc))
            self.doc[q].insert(self.rng.randint(0, len(self.doc[q])), sentence)

    def _clause(self, editor: str) -> None:
        """Cut a clause of three to seven words but keep one or two words inside it."""
        sentence = self._pick(9)
        if sentence is None:
            return
        size = self.rng.randint(3, 7)
        i = self.rng.randrange(len(sentence) - size)  # never the final word with its full stop
        window = sentence[i : i + size]
        k = self.rng.randint(1, size - 2)  # at least one word cut either side of what stays
        sentence[i : i + size] = window[k : k + self.rng.randint(1, min(2, size - 1 - k))]

    def _reword(self, editor: str) -> None:
        """Reword two to five words in a row: some change (one may become two), the others stay."""
        sentence = self._pick(6)
        if sentence is None:
            return
        size = self.rng.randint(2, 5)
        i = self.rng.randrange(len(sentence) - size)
        window = sentence[i : i + size]
        changed = set(self.rng.sample(range(size), self.rng.randint(1, size - 1)))
        reworded: list[Word] = []
        for k, word in enumerate(window):
            if k in changed:
                reworded.extend(self.fresh(editor, self.rng.choice((1, 1, 1, 2)), unlike=tuple(w.text for w in window)))
            else:
                reworded.append(word)
        sentence[i : i + size] = reworded

    def _punctuate(self, editor: str) -> None:
        """Add a comma, take one out, or put a phrase in quotation marks."""
        sentence = self._pick(4)
        if sentence is None:
            return
        inner = range(len(sentence) - 1)  # the final word keeps its full stop
        what = self.rng.choice(("comma", "uncomma", "quote"))
        if what == "comma":
            bare = [k for k in inner if sentence[k].bare()]
            if bare:
                k = self.rng.choice(bare)
                sentence[k] = _marked(sentence[k], sentence[k].text + ",", editor)
        elif what == "uncomma":
            commas = [k for k in inner if sentence[k].text.endswith(",") and len(sentence[k].text) > 1]
            if commas:
                k = self.rng.choice(commas)
                sentence[k] = _marked(sentence[k], sentence[k].text[:-1], sentence[k].marks)
        else:
            first = self.rng.randrange(len(sentence) - 1)
            last = min(first + self.rng.randint(0, 3), len(sentence) - 2)
            if all(sentence[k].bare() for k in range(first, last + 1)):
                sentence[first] = _marked(sentence[first], "\u201c" + sentence[first].text, editor)
                sentence[last] = _marked(sentence[last], sentence[last].text + "\u201d", editor)


def _marked(word: Word, text: str, marks: str | None) -> Word:
    """`word` with its punctuation changed to `text`, the marks written by `marks`."""
    return Word(text, word.author, word.moved, word.event, marks)


@dataclass(frozen=True, slots=True)
class Score:
    """Blame against truth for one or many histories: per-author counts and moved words.

    `kept_*` count, over every event, the words that event did not write
    (right when blame names the event that did); `marks_*` count punctuation
    marks over every event (right when blame names their author).
    """

    right: dict[str, int]
    total: dict[str, int]
    moved_right: int
    moved_total: int
    kept_right: int = 0  # words kept in changed sentences
    kept_total: int = 0
    marks_right: int = 0
    marks_total: int = 0

    def macro(self) -> float:
        return statistics.mean(self.right.get(a, 0) / n for a, n in self.total.items() if n)

    def moved(self) -> float:
        return self.moved_right / self.moved_total if self.moved_total else 1.0

    def kept(self) -> float:
        return self.kept_right / self.kept_total if self.kept_total else 1.0

    def marks(self) -> float:
        return self.marks_right / self.marks_total if self.marks_total else 1.0

    def __add__(self, other: Score) -> Score:
        right = {a: self.right.get(a, 0) + other.right.get(a, 0) for a in {*self.right, *other.right}}
        total = {a: self.total.get(a, 0) + other.total.get(a, 0) for a in {*self.total, *other.total}}
        return Score(
            right, total, self.moved_right + other.moved_right, self.moved_total + other.moved_total,
            self.kept_right + other.kept_right, self.kept_total + other.kept_total,
            self.marks_right + other.marks_right, self.marks_total + other.marks_total,
        )


def run_history(lines: list[str], vocabulary: list[str], rng: random.Random, ops: tuple[str, ...],
                events: int) -> Score:
    """Edit one article `events` times through the attribution library; score every event and the final blame."""
    history = History(document(lines), vocabulary, rng, ops)
    text, _ = render(history.doc)
    authorship = Authorship(text, Label("e0", TRANSLATOR))
    order = {"e0": 0}
    kept_right = kept_total = marks_right = marks_total = 0
    for number in range(1, events + 1):
        editor = rng.choice(EDITORS)
        before = {tuple(sentence) for paragraph in history.doc for sentence in paragraph}
        history.event(editor)
        text, where = render(history.doc)
        authorship.update(text, Label(f"e{number}", editor))
        order[f"e{number}"] = number
        changed = [word for paragraph in history.doc for sentence in paragraph if tuple(sentence) not in before
                   for word in sentence]
        right, total = score_kept(blame_runs(text, authorship.runs(), order), where, number, changed)
        kept_right, kept_total = kept_right + right, kept_total + total
        right, total = score_marks(authorship.tokens(), where)
        marks_right, marks_total = marks_right + right, marks_total + total
    text, where = render(history.doc)
    final = score(blame_runs(text, authorship.runs(), order), where)
    return final + Score({}, {}, 0, 0, kept_right, kept_total, marks_right, marks_total)


def _holder(starts: list[int], where: list[tuple[int, int, Word]], start: int, end: int) -> Word:
    """The whitespace word of the truth that holds the characters `[start, end)`."""
    index = bisect.bisect_right(starts, start) - 1
    word_start, word_end, word = where[index]
    assert word_start <= start and end <= word_end, (start, end, word)
    return word


def score(tokens: list[BlameToken], where: list[tuple[int, int, Word]]) -> Score:
    """Compare each blamed word with the truth of the whitespace word that holds it."""
    starts = [start for start, _, _ in where]
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    moved_right = moved_total = 0
    for token in tokens:
        word = _holder(starts, where, token.start, token.end)
        ok = token.agent == word.author
        total[word.author] = total.get(word.author, 0) + 1
        right[word.author] = right.get(word.author, 0) + ok
        if word.moved:
            moved_total += 1
            moved_right += ok
    return Score(right, total, moved_right, moved_total)


def score_kept(
    tokens: list[BlameToken], where: list[tuple[int, int, Word]], number: int, changed: list[Word]
) -> tuple[int, int]:
    """Right and total over the blamed words of `changed` sentences that event `number` did not write.

    Each must name the event that wrote it.
    """
    starts = [start for start, _, _ in where]
    near = {id(word) for word in changed}
    right = total = 0
    for token in tokens:
        word = _holder(starts, where, token.start, token.end)
        if word.event != number and id(word) in near:
            total += 1
            right += token.event == f"e{word.event}"
    return right, total


def score_marks(tokens: list[Token], where: list[tuple[int, int, Word]]) -> tuple[int, int]:
    """Right and total over the punctuation marks before and after words: each must name who put it there."""
    starts = [start for start, _, _ in where]
    right = total = 0
    for token in tokens:
        if token.text.isalnum() or token.text == "_":
            continue
        word_start, _, word = where[bisect.bisect_right(starts, token.start) - 1]
        match = PUNCTUATION.match(word.text)
        assert match is not None
        offset = token.start - word_start
        if match.start(2) <= offset < match.end(2):
            continue  # inside a word (U.S., it's): the word's, scored with it
        total += 1
        right += token.label.agent == (word.marks or word.author)
    return right, total


def accuracy(articles: list[list[str]], ops: tuple[str, ...], events: int, seed: int) -> Score:
    """Blame scored over every article, each with its own random history."""
    rng = random.Random(seed)
    total = Score({}, {}, 0, 0)
    for index, lines in enumerate(articles):
        other = articles[(index + 1) % len(articles)]
        vocabulary = [w.strip(".,\"'") for line in other for w in line.split() if w.strip(".,\"'").isalpha()]
        total = total + run_history(lines, vocabulary, rng, ops, events)
    return total


# --- timing through the real workflow ------------------------------------------

ROSTER = """
[people.tr]
name = "Tess Ranger"
roles = ["translator"]
""" + "".join(f'\n[people.{e}]\nname = "Editor {e[-1]}"\nroles = ["editor"]\n' for e in EDITORS)


def timings(articles: list[list[str]], korean: list[list[str]], events: int) -> dict[str, float]:
    """Milliseconds to record one edit of a 1,000-word article, and to replay and blame `events` edits."""
    from workflow.init import init_workspace
    from workflow.model.replay import load
    from workflow.reading.blame import blame
    from workflow.steps.source import ingest
    from workflow.steps.target import record, translate
    from workflow.workspace import find_workspace

    rng = random.Random(7)
    lines = articles[0] + articles[1]
    doc = document(lines)
    with tempfile.TemporaryDirectory() as tmp:
        root = init_workspace(Path(tmp) / "ws").root
        with open(root / "byline.toml", "a", encoding="utf-8") as handle:
            handle.write(ROSTER)
        ws = find_workspace(explicit=root)
        ko = root / "ko.md"
        ko.write_text(_paragraphs(korean[0] + korean[1]), encoding="utf-8")
        en = root / "en.txt"
        en.write_text(render(doc)[0], encoding="utf-8")
        ingest(ws, ko, "bench", ws.config.person("tr"))
        translate(ws, "bench", en, ws.config.person("tr"))
        history = History(doc, [w for line in articles[2] for w in line.split()], rng, ALL_OPS)
        record_ms = []
        for _ in range(events):
            editor = rng.choice(EDITORS)
            history.event(editor)
            ws.target_file("bench").write_text(render(history.doc)[0], encoding="utf-8")
            started = time.perf_counter()
            record(ws, "bench", ws.config.person(editor))
            record_ms.append((time.perf_counter() - started) * 1000)
        replay_ms, state = _median_ms(lambda: load(ws, "bench"))
        blame_ms, _ = _median_ms(lambda: blame(state))
    return {
        "words": len(render(doc)[0].split()),
        "record_first_ms": statistics.median(record_ms[:5]),
        "record_last_ms": statistics.median(record_ms[-5:]),
        "replay_ms": replay_ms,
        "blame_ms": blame_ms,
        "events": len(state.events),
    }


def _median_ms(work, repeats: int = 7):
    """The median time of `work()` in milliseconds, and its last result."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _paragraphs(lines: list[str]) -> str:
    step = SENTENCES_PER_PARAGRAPH
    return "\n\n".join(" ".join(lines[i : i + step]) for i in range(0, len(lines), step)) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=20, help="edit events per article history")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-timing", action="store_true")
    args = parser.parse_args()
    if not (DATA / "dev.en").exists():
        print(f"skipped: {DATA / 'dev.en'} is not here")
        return 0
    articles = load_articles()
    sets = (
        ("without moves", PLAIN_OPS, 0.98),
        ("with moves and reverts", ALL_OPS, 0.95),
        ("copy editing (clause cuts, rewordings, punctuation)", REALISTIC_OPS, 0.98),
    )
    for name, ops, target in sets:
        result = accuracy(articles, ops, args.events, args.seed)
        per_author = ", ".join(f"{a} {result.right.get(a, 0) / n:.3f}" for a, n in sorted(result.total.items()))
        print(f"{name}: macro accuracy {result.macro():.4f} (target >= {target}); {per_author}")
        print(f"  kept words beside edits keep their event: {result.kept():.4f} "
              f"over {result.kept_total} (target >= 0.99); "
              f"punctuation marks: {result.marks():.4f} over {result.marks_total}")
        if ops is ALL_OPS:
            print(f"  moved words: {result.moved():.4f} over {result.moved_total} (target >= 0.95)")
    if not args.no_timing:
        t = timings(articles, _korean_articles(), 50)
        print(f"record an edit of a {t['words']}-word article: median {t['record_first_ms']:.1f} ms (first 5), "
              f"{t['record_last_ms']:.1f} ms (last 5, 50 events in the ledger) (target <= 100)")
        print(f"{t['events']} events: read and replay {t['replay_ms']:.1f} ms, blame {t['blame_ms']:.1f} ms, "
              f"together {t['replay_ms'] + t['blame_ms']:.1f} ms (target <= 200)")
    return 0


def _korean_articles() -> list[list[str]]:
    lines = (DATA / "dev.ko").read_text(encoding="utf-8").splitlines()
    return [lines[i : i + LINES_PER_ARTICLE] for i in range(0, len(lines), LINES_PER_ARTICLE)]


if __name__ == "__main__":
    sys.exit(main())
