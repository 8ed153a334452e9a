"""Evaluate `byline check` on real news: false errors on clean articles, recall on seeded defects, speed.

Articles are 25 consecutive line pairs of ../shared/data/ko-en-news (Korean lines
ingested as paragraphs, translated with the English lines through a PO file,
edited once to add the credit line), all through the library's steps (`workflow.steps`) in one process.
Run: python benchmarks/checks_eval.py [--articles 40] [--timing-articles 400] [--pofilter]
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from workflow.cachefile import RACY_NS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "ko-en-news"
LINES = 25
ROSTER = """
[people.cslee]
name = "Claire Lee"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]
"""


@dataclass(frozen=True, slots=True)
class Case:
    """A seeded defect: the rule that must fire, and on which unit (None: the article)."""

    kind: str
    rule: str
    article: str
    unit: str | None


def load_pairs() -> list[tuple[str, str]]:
    ko = (DATA / "dev.ko").read_text(encoding="utf-8").splitlines()
    en = (DATA / "dev.en").read_text(encoding="utf-8").splitlines()
    return [(k.strip(), e.strip()) for k, e in zip(ko, en, strict=True) if k.strip() and e.strip()]


def make_workspace(root: Path, extra: str = ""):
    from workflow.init import init_workspace
    from workflow.workspace import Workspace

    init_workspace(root)
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER + extra)
    return Workspace(root)


def write_po(path: Path, pairs: list[tuple[str, str, str]]) -> Path:
    from workflow.formats.po import Entry, write

    text = write([Entry(u, k, e) for u, k, e in pairs], {"Content-Type": "text/plain; charset=UTF-8"})
    path.write_text(text, encoding="utf-8")
    return path


def build_article(ws, slug: str, chunk: list[tuple[str, str]], *, skip_unit: int | None = None,
                  edit: bool = True, editor: str = "ewhong", origin: str = "human"):
    """Ingest, translate from a PO of the aligned lines, and (optionally) add the credit line as the edit."""
    from workflow.reading.credit import credit
    from workflow.steps.source import ingest
    from workflow.steps.target import record, translate

    work = Path(tempfile.mkdtemp(prefix="byline-eval-"))
    source = work / "ko.md"
    source.write_text("\n\n".join(k for k, _ in chunk) + "\n", encoding="utf-8")
    state = ingest(ws, source, slug, ws.config.person("cslee")).state
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", state.source_text)]
    pairs = []
    for index, (start, end) in enumerate(paragraphs):
        sids = [s.id for s in state.segments if start <= s.start < end]
        if sids and index != skip_unit:
            pairs.append(("+".join(sids), state.source_text[start:end], chunk[index][1]))
    state = translate(ws, slug, write_po(work / "en.po", pairs), ws.config.person("cslee"), origin=origin).state
    if edit:
        state = record(ws, slug, ws.config.person(editor), source=_with_credit(ws, state, work, editor)).state
        line = credit(state, ws.config).line
        if line not in (state.target_text or ""):
            # The record credits differently than guessed: the editor sets the line `byline credit` prints.
            fixed = work / "fixed.md"
            text = state.target_text or ""
            fixed.write_text(text[: text.rstrip("\n").rfind("\n\n") + 2] + line + "\n", encoding="utf-8")
            state = record(ws, slug, ws.config.person(editor), source=fixed).state
    shutil.rmtree(work)
    return state


def _with_credit(ws, state, work: Path, editor: str) -> Path:
    names = {p.id: p.name for p in ws.config.people}
    translators = sorted({e.agent for e in state.events if e.type == "translate"})
    editors = [] if editor in translators or editor == "cslee" else [names[editor]]
    line = f"Translated by {', '.join(names.get(t, t) for t in translators)}."
    if editors:
        line += f" Edited by {', '.join(editors)}."
    path = work / "edited.md"
    path.write_text((state.target_text or "").rstrip("\n") + "\n\n" + line + "\n", encoding="utf-8")
    return path


def edit_unit(ws, slug: str, state, unit, english: str, who: str = "ewhong"):
    """Record a change of one unit's English through a one-entry PO file."""
    from workflow.steps.target import record

    work = Path(tempfile.mkdtemp(prefix="byline-eval-"))
    path = write_po(work / "edit.po", [(unit.id, state.unit_source(unit), english)])
    recorded = record(ws, slug, ws.config.person(who), source=path)
    shutil.rmtree(work)
    return recorded.state


# --- seeders: each finds a unit it applies to and returns its case, or None -------------------------


def _first(state, test):
    for unit in state.units:
        korean, english = state.unit_source(unit), state.unit_target(unit)
        if english and test(korean, english):
            return unit
    return None


def seed_number(ws, slug, state):
    from workflow.checks.rules.numbers import english_numbers, korean_numbers

    def eligible(korean: str, english: str) -> bool:
        values = {k.value for k in korean_numbers(korean) if k.digits and k.unit not in ("day", "month")}
        return any(e.value in values and re.search(r"\d", e.text) for e in english_numbers(english))

    unit = _first(state, eligible)
    if unit is None:
        return None
    english = state.unit_target(unit)
    values = {k.value for k in korean_numbers(state.unit_source(unit))}
    target = next(e for e in english_numbers(english) if e.value in values and re.search(r"\d", e.text))
    digits = re.search(r"\d", target.text)
    changed_piece = target.text[: digits.start()] + str((int(digits.group(0)) + 1) % 10) + target.text[digits.end():]
    edit_unit(ws, slug, state, unit, english.replace(target.text, changed_piece, 1))
    return unit.id


def seed_date(ws, slug, state):
    from workflow.checks.rules.numbers import english_dates, korean_dates

    unit = _first(state, lambda k, e: any(d in korean_dates(k) for d, _ in english_dates(e)))
    if unit is None:
        return None
    english = state.unit_target(unit)
    (month, day), text = next((d, t) for d, t in english_dates(english) if d in korean_dates(state.unit_source(unit)))
    edit_unit(ws, slug, state, unit, english.replace(text, text.replace(str(day), str(day % 28 + 1)), 1))
    return unit.id


def seed_stale(ws, slug, state):
    """A source update that changes a figure in one Korean sentence after the translation."""
    from workflow.steps.source import ingest

    segment = next((s for s in state.segments if re.search(r"\d", state.source_text[s.start : s.end])), None)
    if segment is None:
        return None
    sentence = state.source_text[segment.start : segment.end]
    digit = re.search(r"\d", sentence)
    changed = sentence[: digit.start()] + str((int(digit.group(0)) + 1) % 10) + sentence[digit.end():]
    work = Path(tempfile.mkdtemp(prefix="byline-eval-"))
    path = work / "ko.md"
    path.write_text(state.source_text[: segment.start] + changed + state.source_text[segment.end:], encoding="utf-8")
    after = ingest(ws, path, slug, ws.config.person("cslee")).state
    shutil.rmtree(work)
    return next((u.id for u in after.units if after.is_stale(u)), "?")


def seed_name(ws, slug, state):
    pattern = re.compile(r"(?<![A-Za-z])[A-Z][A-Za-z]{2,}(?![A-Za-z])")

    def eligible(korean: str, english: str) -> bool:
        return any(m.group(0) in english and m.group(0)[1] != m.group(0)[2] for m in pattern.finditer(korean))

    unit = _first(state, eligible)
    if unit is None:
        return None
    name = next(m.group(0) for m in pattern.finditer(state.unit_source(unit))
                if m.group(0) in state.unit_target(unit) and m.group(0)[1] != m.group(0)[2])
    edit_unit(ws, slug, state, unit, state.unit_target(unit).replace(name, name[0] + name[2:] + name[1]))
    return unit.id


def seed_hangul(ws, slug, state):
    unit = _first(state, lambda k, e: re.search(r"[가-힣]{2,}", k) and re.search(r" [a-z]{4,} ", e))
    if unit is None:
        return None
    word = re.search(r"[가-힣]{2,}", state.unit_source(unit)).group(0)
    english = state.unit_target(unit)
    victim = re.search(r" ([a-z]{4,}) ", english).group(1)
    edit_unit(ws, slug, state, unit, english.replace(f" {victim} ", f" {word} ", 1))
    return unit.id


def seed_unbalanced(ws, slug, state):
    unit = _first(state, lambda k, e: re.search(r"\([^()]{2,}\)", e))
    if unit is None:
        return None
    english = state.unit_target(unit)
    match = re.search(r"\([^()]{2,}\)", english)
    edit_unit(ws, slug, state, unit, english[: match.end() - 1] + english[match.end():])
    return unit.id


def seed_quote(ws, slug, state):
    from workflow.checks.rules.consistency import _KO_QUOTE

    unit = _first(state, lambda k, e: _KO_QUOTE.search(k) and e.count('"') == 2)
    if unit is None:
        return None
    edit_unit(ws, slug, state, unit, state.unit_target(unit).replace('"', ""))
    return unit.id


def seed_omitted(ws, slug, state):
    unit = state.units[len(state.units) // 2]
    edit_unit(ws, slug, state, unit, "")
    return unit.id


def seed_empty(ws, slug, state):
    unit = state.units[len(state.units) // 3]
    edit_unit(ws, slug, state, unit, "…")
    return unit.id


def seed_glossary(ws, slug, state):
    unit = _first(state, lambda k, e: re.search(r"[가-힣]{3,}", k) and re.search(r"\b[a-z]{6,}\b", e))
    if unit is None:
        return None
    term = re.search(r"[가-힣]{3,}", state.unit_source(unit)).group(0)
    english = state.unit_target(unit)
    word = re.search(r"\b[a-z]{6,}\b", english).group(0)
    with open(ws.root / "glossary.tsv", "a", encoding="utf-8") as handle:
        handle.write(f"{term}\t{word}\n")
    edit_unit(ws, slug, state, unit, re.sub(rf"\b{word}\b", "thing", english))
    return unit.id


def seed_addition(ws, slug, state):
    from workflow.steps.target import record

    unit = state.units[len(state.units) // 2]
    text = state.target_text or ""
    new = text[: unit.end] + "\n\nThe country has faced similar criticism before." + text[unit.end:]
    ws.target_file(slug).write_text(new, encoding="utf-8")
    after = record(ws, slug, ws.config.person("ewhong")).state
    text = after.target_text or ""
    numbers = [i for i, (s, e) in enumerate(after.additions(), start=1) if "similar criticism" in text[s:e]]
    return f"add:{numbers[0]}" if numbers else "add:?"


def seed_untranslated(ws, slug, chunk):
    state = build_article(ws, slug, chunk, skip_unit=5)
    paragraphs = [m.span() for m in re.finditer(r"[^\n]+", state.source_text)]
    start, end = paragraphs[5]
    return next(s.id for s in state.segments if start <= s.start < end)


def seed_stage(ws, slug, chunk):
    build_article(ws, slug, chunk, edit=False)


def seed_editors(ws, slug, chunk):
    build_article(ws, slug, chunk, editor="cslee")


def seed_approval(ws, slug, state):
    from workflow.steps.signoff import approve

    approve(ws, slug, ws.config.person("ewhong"))
    unit = state.units[2]
    edit_unit(ws, slug, state, unit, state.unit_target(unit) + " Officials declined to comment.", who="cslee")


def seed_credit(ws, slug, state):
    from workflow.steps.target import record

    text = (state.target_text or "").replace(" Edited by Eugene Whong.", " Edited by Malcolm Foster.")
    ws.target_file(slug).write_text(text, encoding="utf-8")
    record(ws, slug, ws.config.person("ewhong"))


def seed_unrecorded(ws, slug, state):
    path = ws.target_file(slug)
    path.write_text(path.read_text(encoding="utf-8").replace(" the ", " a ", 1), encoding="utf-8")


def seed_chain(ws, slug, state):
    path = ws.ledger_file(slug)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[1] = lines[1].replace('"Claire Lee"', '"Claire Kim"')
    path.write_text("".join(lines), encoding="utf-8")


UNIT_SEEDS: dict[str, tuple[str, Callable]] = {
    "number": ("BL201", seed_number), "date": ("BL202", seed_date), "stale": ("BL304", seed_stale),
    "name": ("BL203", seed_name), "hangul": ("BL205", seed_hangul),
    "unbalanced": ("BL206", seed_unbalanced), "quote": ("BL204", seed_quote), "omitted": ("BL102", seed_omitted),
    "empty": ("BL103", seed_empty), "glossary": ("BL207", seed_glossary), "addition": ("BL104", seed_addition),
}
ARTICLE_SEEDS: dict[str, tuple[str, Callable]] = {
    "approval": ("BL303", seed_approval), "credit": ("BL305", seed_credit),
    "unrecorded": ("BL402", seed_unrecorded), "chain": ("BL401", seed_chain),
}
BUILD_SEEDS: dict[str, tuple[str, Callable]] = {
    "untranslated": ("BL101", seed_untranslated), "stage": ("BL301", seed_stage), "editors": ("BL302", seed_editors),
}


def evaluate(base: Path, chunks: list[list[tuple[str, str]]]) -> None:
    from workflow.checks.runner import run_checks

    clean = make_workspace(base / "clean")
    for number, chunk in enumerate(chunks):
        build_article(clean, f"a{number:03d}", chunk)
    findings = run_checks(clean, clean.articles(), use_cache=False)
    units = sum(len(_state(clean, s).units) for s in clean.articles())
    errors = [f for f in findings if f.severity == "error" and not f.waived]
    bad_units = {(f.article, f.unit) for f in errors if f.unit}
    # The corpus lost many closing quotes at line ends ('…option.' for '…option."'); a unit whose
    # English line has an odd number of quote marks is unbalanced in the data itself.
    lost_quote = {(f.article, f.unit) for f in errors if f.rule == "BL206" and f.unit
                  and _odd_quotes(_state(clean, f.article), f.unit)}
    warned = {(f.article, f.unit) for f in findings if f.severity == "warning" and f.unit}
    by_rule: dict[str, int] = {}
    for f in errors:
        by_rule[f.rule] = by_rule.get(f.rule, 0) + 1
    print(f"clean: {len(chunks)} articles, {units} units; false-error units {len(bad_units)} "
          f"({100 * len(bad_units) / max(units, 1):.2f}%); without units whose corpus English itself has an odd "
          f"number of quote marks {len(bad_units - lost_quote)} "
          f"({100 * len(bad_units - lost_quote) / max(units, 1):.2f}%); "
          f"article-level errors {sum(1 for f in errors if not f.unit)}; units with warnings {len(warned)} "
          f"({100 * len(warned) / max(units, 1):.2f}%)")
    print("  errors by rule: " + ", ".join(f"{rule} {count}" for rule, count in sorted(by_rule.items())))
    for f in errors:
        if (f.article, f.unit) not in lost_quote:
            print(f"  false error: {f.article} {f.unit} {f.rule} {f.message[:110]}")
    seeded_eval(base, chunks)


def _odd_quotes(state, unit_id: str) -> bool:
    english = state.unit_target(state.unit(unit_id))
    return sum(english.count(q) for q in '"“”') % 2 == 1


def _state(ws, slug):
    from workflow.model.replay import load

    return load(ws, slug)


def seeded_eval(base: Path, chunks: list[list[tuple[str, str]]]) -> None:
    from workflow.checks.runner import run_checks

    rows = []
    for kind, (rule, seeder) in [*UNIT_SEEDS.items(), *ARTICLE_SEEDS.items(), *BUILD_SEEDS.items()]:
        ws = make_workspace(base / f"seed-{kind}")
        cases = []
        for number, chunk in enumerate(chunks):
            slug = f"{kind}-{number:03d}"
            if kind in BUILD_SEEDS:
                cases.append(Case(kind, rule, slug, seeder(ws, slug, chunk)))
                continue
            state = build_article(ws, slug, chunk)
            unit = seeder(ws, slug, state)
            if kind in UNIT_SEEDS and unit is None:
                continue
            cases.append(Case(kind, rule, slug, unit if kind in UNIT_SEEDS else None))
        findings = run_checks(ws, ws.articles(), use_cache=False)
        hits = errors = 0
        for case in cases:
            mine = [f for f in findings if f.article == case.article and f.rule == case.rule
                    and (case.unit is None or f.unit == case.unit)]
            hits += bool(mine)
            errors += any(f.severity == "error" for f in mine)
        rows.append((kind, rule, len(cases), hits, errors))
    total = sum(r[2] for r in rows)
    print(f"seeded: {total} defects; recall (right rule, right unit) "
          f"{sum(r[3] for r in rows) / max(total, 1):.3f}, as errors {sum(r[4] for r in rows) / max(total, 1):.3f}")
    for kind, rule, count, hits, errors in rows:
        print(f"  {kind:<13} {rule}  {hits}/{count} found, {errors} as error")


def timing(base: Path, pairs: list[tuple[str, str]], articles: int, pofilter: bool) -> None:
    """Cold and warm `byline check --all` on a workspace of `articles` articles; pofilter on the same en.po files."""
    ws = make_workspace(base / "timing")
    for number in range(articles):
        start = (number * LINES) % (len(pairs) - LINES)
        build_article(ws, f"t{number:04d}", pairs[start : start + LINES])
    units = sum(len(_state(ws, s).units) for s in ws.articles())
    byline = [str(Path(sys.executable).with_name("byline")), "check", "--all", "--workspace", str(ws.root)]
    time.sleep(RACY_NS / 1e9)  # let the files settle, as an archive's have; the cache trusts no file changed just now
    cold = _median_time([*byline, "--no-cache"])
    _time(byline)  # fill the cache
    warm = _median_time(byline)
    warm_json = _median_time([*byline, "--format", "json"])
    print(f"timing: {articles} articles, {units} units; cold check --all {cold:.2f}s, warm {warm * 1000:.0f} ms "
          f"({100 * warm / cold:.1f}% of cold; {100 * warm_json / cold:.1f}% with --format json)")
    pofilter_bin = Path(sys.executable).with_name("pofilter")
    if pofilter and pofilter_bin.exists():
        out = base / "pofilter-out"
        seconds = _time([str(pofilter_bin), "--progress=none", "-i", str(ws.root / "translations"), "-o", str(out)])
        flagged = _entries(out.rglob("*.po"))
        entries = _entries((ws.root / "translations").rglob("en.po"))
        print(f"pofilter: {seconds:.2f}s on the same en.po files ({seconds / cold:.1f}x byline cold); "
              f"entries flagged {flagged} of {entries} ({100 * flagged / max(entries, 1):.0f}%)")


def _entries(paths) -> int:
    return sum(len(re.findall(r"^msgctxt ", p.read_text(encoding="utf-8"), re.M)) for p in paths)


def _median_time(command: list[str], runs: int = 5) -> float:
    """The median of a few runs: one run on a shared machine can be off by a tenth."""
    return statistics.median(_time(command) for _ in range(runs))


def _time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=40, help="articles for the quality figures (25 lines each)")
    parser.add_argument("--timing-articles", type=int, default=0, help="articles for the timing "
                                                                       "run (400 = 10,000 units)")
    parser.add_argument("--pofilter", action="store_true", help="time translate-toolkit's pofilter on the same files")
    parser.add_argument("--keep", action="store_true", help="keep the workspaces (printed path)")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"skipped: {DATA} is not here")
        return
    pairs = load_pairs()
    chunks = [pairs[i : i + LINES] for i in range(0, len(pairs) - LINES + 1, LINES)][: args.articles]
    base = Path(tempfile.mkdtemp(prefix="byline-checks-eval-"))
    try:
        evaluate(base, chunks)
        if args.timing_articles:
            timing(base, pairs, args.timing_articles, args.pofilter)
    finally:
        if args.keep:
            print(f"workspaces kept in {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
