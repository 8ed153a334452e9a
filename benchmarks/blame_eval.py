"""Measure blame against edit histories whose truth is known, and time recording and blame.

Articles are 25 consecutive lines of ko-en-news dev.en. A translator writes
each; editors then replace, insert and delete words, drop, move and restore
sentences, and undo the previous edit. Truth: a word belongs to who last
wrote it; a moved word keeps its author; restored text gets its authors back.
Run: python benchmarks/blame_eval.py [--events N] [--seed S]
"""

from __future__ import annotations

import argparse
import bisect
import copy
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workflow.reading.blame import BlameToken, blame_runs  # noqa: E402
from workflow.text.attribution import Authorship, Label  # noqa: E402

DATA = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "ko-en-news"
LINES_PER_ARTICLE = 25
SENTENCES_PER_PARAGRAPH = 3
TRANSLATOR = "tr"
EDITORS = ("ed1", "ed2", "ed3", "ed4")
PLAIN_OPS = ("replace", "insert", "delete", "drop")
ALL_OPS = (*PLAIN_OPS, "move", "move", "restore", "undo")


@dataclass(frozen=True, slots=True)
class Word:
    """A whitespace-separated word with the truth about it."""

    text: str
    author: str
    moved: bool = False


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

    def sentences(self) -> list[tuple[int, int]]:
        return [(p, s) for p, paragraph in enumerate(self.doc) for s, sentence in enumerate(paragraph) if sentence]

    def fresh(self, editor: str, count: int) -> list[Word]:
        return [Word(self.rng.choice(self.vocabulary), editor) for _ in range(count)]

    def event(self, editor: str) -> None:
        """One recorded event: one to three operations by `editor`."""
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
            sentence[i : i + n] = self.fresh(editor, self.rng.randint(1, 3))

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
        sentence = [Word(w.text, w.author, True) for w in self.doc[p].pop(s)]
        q = self.rng.randrange(len(self.doc))
        self.doc[q].insert(self.rng.randint(0, len(self.doc[q])), sentence)

    def _restore(self, editor: str) -> None:
        if self.dropped:
            sentence = self.dropped.pop(self.rng.randrange(len(self.dropped)))
            q = self.rng.randrange(len(self.doc))
            self.doc[q].insert(self.rng.randint(0, len(self.doc[q])), sentence)


@dataclass(frozen=True, slots=True)
class Score:
    """Blame against truth for one or many histories: per-author counts and moved words."""

    right: dict[str, int]
    total: dict[str, int]
    moved_right: int
    moved_total: int

    def macro(self) -> float:
        return statistics.mean(self.right.get(a, 0) / n for a, n in self.total.items() if n)

    def moved(self) -> float:
        return self.moved_right / self.moved_total if self.moved_total else 1.0

    def __add__(self, other: "Score") -> "Score":
        right = {a: self.right.get(a, 0) + other.right.get(a, 0) for a in {*self.right, *other.right}}
        total = {a: self.total.get(a, 0) + other.total.get(a, 0) for a in {*self.total, *other.total}}
        return Score(right, total, self.moved_right + other.moved_right, self.moved_total + other.moved_total)


def run_history(lines: list[str], vocabulary: list[str], rng: random.Random, ops: tuple[str, ...], events: int) -> Score:
    """Edit one article `events` times through the attribution library and score the final blame."""
    history = History(document(lines), vocabulary, rng, ops)
    text, _ = render(history.doc)
    authorship = Authorship(text, Label("e0", TRANSLATOR))
    order = {"e0": 0}
    for number in range(1, events + 1):
        editor = rng.choice(EDITORS)
        history.event(editor)
        text, _ = render(history.doc)
        authorship.update(text, Label(f"e{number}", editor))
        order[f"e{number}"] = number
    text, where = render(history.doc)
    return score(blame_runs(text, authorship.runs(), order), where)


def score(tokens: list[BlameToken], where: list[tuple[int, int, Word]]) -> Score:
    """Compare each blamed word with the truth of the whitespace word that holds it."""
    starts = [start for start, _, _ in where]
    right: dict[str, int] = {}
    total: dict[str, int] = {}
    moved_right = moved_total = 0
    for token in tokens:
        index = bisect.bisect_right(starts, token.start) - 1
        start, end, word = where[index]
        assert start <= token.start and token.end <= end, (token, word)
        ok = token.agent == word.author
        total[word.author] = total.get(word.author, 0) + 1
        right[word.author] = right.get(word.author, 0) + ok
        if word.moved:
            moved_total += 1
            moved_right += ok
    return Score(right, total, moved_right, moved_total)


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
    from workflow.init import init_workspace  # noqa: PLC0415
    from workflow.model.replay import load  # noqa: PLC0415
    from workflow.reading.blame import blame  # noqa: PLC0415
    from workflow.steps.source import ingest  # noqa: PLC0415
    from workflow.steps.target import record, translate  # noqa: PLC0415
    from workflow.workspace import find_workspace  # noqa: PLC0415

    rng = random.Random(7)
    lines = articles[0] + articles[1]
    doc = document(lines)
    with tempfile.TemporaryDirectory() as tmp:
        root = init_workspace(Path(tmp) / "ws")
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


def _median_ms(work, repeats: int = 7):  # type: ignore[no-untyped-def]
    """The median time of `work()` in milliseconds, and its last result."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def _paragraphs(lines: list[str]) -> str:
    return "\n\n".join(" ".join(lines[i : i + SENTENCES_PER_PARAGRAPH]) for i in range(0, len(lines), SENTENCES_PER_PARAGRAPH)) + "\n"


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
    for name, ops, target in (("without moves", PLAIN_OPS, 0.98), ("with moves and reverts", ALL_OPS, 0.95)):
        result = accuracy(articles, ops, args.events, args.seed)
        per_author = ", ".join(f"{a} {result.right.get(a, 0) / n:.3f}" for a, n in sorted(result.total.items()))
        print(f"{name}: macro accuracy {result.macro():.4f} (target >= {target}); {per_author}")
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
