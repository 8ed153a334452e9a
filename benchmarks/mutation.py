"""Mutation testing of byline's core: a seeded sample of small plausible bugs, each run against its tests.

Run: `.venv/bin/python benchmarks/mutation.py [--seed N] [--sample 200] [--jobs 1]`.

Each mutant is one change to one expression or statement of a core module,
made by a fixed set of operators over the module's `ast` (a comparison
flipped or moved off by one, `and`/`or` swapped, a `not` dropped, `+`/`-`
swapped, a number moved by one, `True`/`False` swapped, `min`/`max` or
`any`/`all` swapped, a condition negated, `break`/`continue` swapped, a call
statement removed, a returned value replaced by None). The script lists every
mutant of the modules in CORE, draws a seeded sample (at least 200 mutants,
spread over the modules in proportion to their mutants), prints the seed and
the sample, and runs, for each mutant, only the test files that CORE maps its
module to, with `-x` and a timeout, in a scratch copy of `workflow/` put first
on PYTHONPATH, so the work tree is never touched. A mutant is killed when the
tests fail (or time out, or cannot even import it); it survives when they pass.

The report gives the kill rate per module and overall, and every survivor
with file:line, its function, the operator and the mutated line. Mutants that
cannot change behaviour (equivalent mutants) are listed, with the reason, in
`benchmarks/mutation_equivalent.txt`, keyed by module, function, operator and
a hash of the original and mutated line, so that reruns and new samples reuse
the verdicts; they are left out of the sample. `--show KEY` prints one mutant
as a diff (to plant it by hand: `--show KEY | patch -p1`, and `patch -R` after).

Not part of CI: a sample of 200 takes of the order of half an hour on a quiet
machine of two cores.
"""

from __future__ import annotations

import argparse
import ast
import compileall
import difflib
import hashlib
import json
import os
import py_compile
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EQUIVALENT_FILE = Path(__file__).with_name("mutation_equivalent.txt")

# The core, each module with the test files (or test ids) that pin its behaviour, the most direct first, since
# pytest stops at the first failure. Keep the lists to what runs in seconds: a surviving mutant runs all of them.
# A pattern stands for the files it matches when the run starts: PINS2 are the pins written for the policy,
# ledger, replay, signing and credit modules after the sample of 2026-12-15, one file an area.
PINS2 = "tests/test_pins2_*.py"
CORE: dict[str, tuple[str, ...]] = {
    "workflow/canonical.py": ("tests/test_fast_paths_verify.py", "tests/test_pins_ledger.py", "tests/test_canonical.py",
                              "tests/test_ledger.py", PINS2),
    "workflow/ledger.py": ("tests/test_ledger.py", "tests/test_pins_ledger.py", "tests/test_ledger_graph.py", PINS2),
    "workflow/graph.py": ("tests/test_pins_ledger.py", "tests/test_ledger_graph.py", "tests/test_pins_merge.py", PINS2),
    "workflow/signing.py": ("tests/test_signing.py", "tests/test_pins_signing.py", *(
        f"tests/test_record_truth.py::test_{name}" for name in (
            "1a_an_operators_signature_does_not_sign_for_the_agent",
            "1b_an_unsigned_approval_with_a_ghost_operator_fails",
            "1c_one_person_cannot_re_sign_a_rewritten_chain",
            "1d_word_tracked_changes_by_a_keyed_author_need_that_authors_signature",
            "2a_a_keyed_person_must_sign_before_anything_is_written",
            "10a_a_key_enrolled_from_a_date_keeps_earlier_unsigned_events_valid",
            "10b_after_enrolment_unsigned_events_fail_and_a_stolen_key_fails_what_it_signed")), PINS2),
    "workflow/reading/verify.py": ("tests/test_pins_verify.py", "tests/test_cli_foundation.py",
                                   "tests/test_views_unrecorded.py", PINS2, "tests/test_startup_imports.py"),
    "workflow/text/compare.py": ("tests/test_characters_compare.py", "tests/test_pins_verify.py",
                                 "tests/test_views_reflow.py"),
    "workflow/model/replay.py": ("tests/test_pins_replay.py", "tests/test_pins3_replay.py", "tests/test_pins_policy.py",
                                 "tests/test_staleness.py", "tests/test_review_states.py", "tests/test_pins_merge.py",
                                 "tests/test_replay_property.py", "tests/test_replay_shapes.py", PINS2),
    "workflow/model/state.py": ("tests/test_state_lookups.py", "tests/test_pins_replay.py",
                                "tests/test_pins3_replay.py", "tests/test_staleness.py", "tests/test_pins_policy.py",
                                "tests/test_views_additions.py", "tests/test_pins_text.py", "tests/test_pins_merge.py",
                                "tests/test_attacks.py", PINS2),
    "workflow/model/branches.py": ("tests/test_pins_merge.py", "tests/test_pins3_merge.py", "tests/test_merge.py",
                                   "tests/test_ledger_graph.py"),
    "workflow/model/merge.py": ("tests/test_merge.py", "tests/test_pins3_merge.py", "tests/test_pins_merge.py",
                                "tests/test_ledger_graph.py"),
    "workflow/text/delta.py": ("tests/test_pins_text.py", "tests/test_pins_mechanics.py", "tests/test_attribution.py",
                               "tests/test_layout.py", "tests/test_replay_property.py", "tests/test_pins_merge.py",
                               "tests/test_pins_policy.py"),
    "workflow/text/attribution.py": ("tests/test_attribution.py", "tests/test_pins_text.py",
                                     "tests/test_pins_mechanics.py", "tests/test_blame_credit.py",
                                     "tests/test_pins_merge.py", "tests/test_attribution_words.py"),
    "workflow/text/tokenmatch.py": ("tests/test_pins_mechanics.py", "tests/test_attribution.py",
                                    "tests/test_pins_text.py", "tests/test_layout.py",
                                    "tests/test_attribution_words.py"),
    "workflow/model/units.py": ("tests/test_layout.py", "tests/test_pins_text.py", "tests/test_pins_mechanics.py",
                                "tests/test_views_additions.py"),
    "workflow/reading/staleness.py": ("tests/test_staleness.py", "tests/test_pins_mechanics.py",
                                      "tests/test_pins_policy.py", "tests/test_pins_replay.py"),
    "workflow/reading/credit.py": ("tests/test_pins_credit.py", "tests/test_blame_credit.py",
                                   "tests/test_pins_policy.py", PINS2, "tests/test_views_credit.py"),
    "workflow/reading/blame.py": ("tests/test_pins_credit.py", "tests/test_blame_credit.py",
                                  "tests/test_pins_mechanics.py", "tests/test_views_blame.py"),
    "workflow/checks/rules/policy.py": ("tests/test_pins_policy.py", "tests/test_checks_rules.py", PINS2,
                                        "tests/test_checks_credit.py"),
    "workflow/checks/article.py": ("tests/test_pins_policy.py", "tests/test_checks_rules.py", PINS2),
    "workflow/permissions.py": ("tests/test_pins_policy.py", *(f"tests/test_record_truth.py::test_{name}" for name in (
        "4a_integrity_findings_cannot_be_waived", "4b_a_hand_made_integrity_waiver_does_not_open_the_gate",
        "4c_policy_and_content_findings_are_waived_only_by_the_roles_the_policy_names",
        "4d_a_translator_cannot_approve_and_publish_their_own_work",
        "4e_a_translator_with_the_editor_role_is_not_the_editor_of_their_own_translation",
        "4f_unknown_rules_and_units_are_refused", "4g_approving_a_stage_needs_a_role_the_policy_names",
        "5a_a_desk_approval_is_not_editing")), PINS2),
}

SWAP_COMPARE = {
    ast.Eq: ast.NotEq, ast.NotEq: ast.Eq, ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt,
    ast.Is: ast.IsNot, ast.IsNot: ast.Is, ast.In: ast.NotIn, ast.NotIn: ast.In,
}
SWAP_BINARY = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.FloorDiv, ast.FloorDiv: ast.Mult, ast.Div: ast.Mult,
    ast.BitOr: ast.BitAnd, ast.BitAnd: ast.BitOr, ast.LShift: ast.RShift, ast.RShift: ast.LShift,
}
SWAP_CALL = {"min": "max", "max": "min", "any": "all", "all": "any"}
OPERATORS = ("compare", "boolean", "not", "arith", "number", "constant", "call", "condition", "flow",
             "statement", "return")


@dataclass(frozen=True)
class Mutant:
    """One change to one place of a module: where, what, and the module's text with it made."""

    module: str
    function: str
    operator: str
    line: int
    original: str  # the original source line
    mutated: str  # the line(s) as mutated
    start: tuple[int, int]  # (line, column) where the replaced text starts
    end: tuple[int, int]
    replacement: str
    key: str = ""

    def source(self, text: str) -> str:
        """The module's text with this mutant in it."""
        lines = text.splitlines(keepends=True)
        offsets = [0]
        for line in lines:
            offsets.append(offsets[-1] + len(line))
        begin = offsets[self.start[0] - 1] + _column(lines[self.start[0] - 1], self.start[1])
        finish = offsets[self.end[0] - 1] + _column(lines[self.end[0] - 1], self.end[1])
        return text[:begin] + self.replacement + text[finish:]

    @property
    def place(self) -> str:
        return f"{self.module}:{self.line}"


def _column(line: str, byte_offset: int) -> int:
    """ast gives columns in UTF-8 bytes; strings index by characters."""
    return len(line.encode("utf-8")[:byte_offset].decode("utf-8"))


class _Finder(ast.NodeVisitor):
    """Every mutation point of one module, with the function it lies in."""

    def __init__(self, module: str, text: str) -> None:
        self.module = module
        self.text = text
        self.lines = text.splitlines()
        self.scope: list[str] = []
        self.found: list[Mutant] = []
        self.skip: set[int] = set()  # ids of nodes inside annotations, docstrings, f-strings

    # --- where we are ----------------------------------------------------------------------

    def _scoped(self, node: ast.AST) -> None:
        self.scope.append(node.name)  # type: ignore[attr-defined]
        body = getattr(node, "body", [])
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
            self._mark(body[0])
        for arg in ast.walk(node.args) if hasattr(node, "args") else ():  # type: ignore[attr-defined]
            if isinstance(arg, ast.arg) and arg.annotation is not None:
                self._mark(arg.annotation)
        if getattr(node, "returns", None) is not None:
            self._mark(node.returns)  # type: ignore[attr-defined]
        for decorator in getattr(node, "decorator_list", []):
            self._mark(decorator)  # @rule("BL302", …): registration, not behaviour under test here
        self.generic_visit(node)
        self.scope.pop()

    visit_FunctionDef = visit_AsyncFunctionDef = visit_ClassDef = _scoped

    def _mark(self, node: ast.AST) -> None:
        for inner in ast.walk(node):
            self.skip.add(id(inner))

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._mark(node.annotation)
        self.generic_visit(node)

    def visit_JoinedStr(self, node: ast.JoinedStr) -> None:
        self._mark(node)  # messages: what they say is checked by the tests that read them, not mutated here

    def visit_If(self, node: ast.If) -> None:
        if _is_type_checking(node.test):
            self._mark(node)
            return
        self._condition(node.test)
        self.generic_visit(node)

    def visit_While(self, node: ast.While) -> None:
        self._condition(node.test)
        self.generic_visit(node)

    def visit_IfExp(self, node: ast.IfExp) -> None:
        self._condition(node.test)
        self.generic_visit(node)

    def visit_Assert(self, node: ast.Assert) -> None:
        self._mark(node)  # an assert is the code checking itself

    # --- the operators -----------------------------------------------------------------------

    def _add(self, operator: str, node: ast.AST, replacement: str, *, statement: bool = False) -> None:
        if id(node) in self.skip:
            return
        segment = ast.get_source_segment(self.text, node)
        if segment is None:
            return
        text = replacement if statement else f"({replacement})"
        mutant = Mutant(self.module, ".".join(self.scope) or "<module>", operator, node.lineno,
                        self.lines[node.lineno - 1], "", (node.lineno, node.col_offset),
                        (node.end_lineno, node.end_col_offset), text)  # type: ignore[arg-type]
        mutated = mutant.source(self.text).splitlines()[node.lineno - 1]
        self.found.append(_with(mutant, mutated=mutated))

    def _condition(self, test: ast.expr) -> None:
        negated = isinstance(test, ast.UnaryOp) and isinstance(test.op, ast.Not)
        if isinstance(test, (ast.Compare, ast.BoolOp)) or negated:
            return  # the compare, boolean and not operators already change these
        self._add("condition", test, f"not ({ast.unparse(test)})")

    def visit_Compare(self, node: ast.Compare) -> None:
        for index, op in enumerate(node.ops):
            swapped = SWAP_COMPARE.get(type(op))
            if swapped is not None:
                ops = [*node.ops[:index], swapped(), *node.ops[index + 1 :]]
                changed = ast.Compare(node.left, ops, node.comparators)
                self._add("compare", node, ast.unparse(changed))
        self.generic_visit(node)

    def visit_BoolOp(self, node: ast.BoolOp) -> None:
        other = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        self._add("boolean", node, ast.unparse(ast.BoolOp(other, node.values)))
        self.generic_visit(node)

    def visit_UnaryOp(self, node: ast.UnaryOp) -> None:
        if isinstance(node.op, ast.Not):
            self._add("not", node, ast.unparse(node.operand))
        elif isinstance(node.op, ast.USub) and isinstance(node.operand, ast.Constant):
            pass  # -1 is a number; `number` moves it
        self.generic_visit(node)

    def visit_BinOp(self, node: ast.BinOp) -> None:
        swapped = SWAP_BINARY.get(type(node.op))
        if swapped is not None and not (isinstance(node.op, ast.Add) and _is_text(node)):
            self._add("arith", node, ast.unparse(ast.BinOp(node.left, swapped(), node.right)))
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        swapped = SWAP_BINARY.get(type(node.op))
        if swapped is not None and not _is_text(node.value):
            self._add("arith", node, ast.unparse(ast.AugAssign(node.target, swapped(), node.value)), statement=True)
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        value = node.value
        if isinstance(value, bool):
            self._add("constant", node, repr(not value))
        elif isinstance(value, int):
            self._add("number", node, repr(value + 1 if value != 1 else 0))
        elif isinstance(value, float):
            self._add("number", node, repr(value * 2 if value else 1.0))

    def visit_Call(self, node: ast.Call) -> None:
        if isinstance(node.func, ast.Name) and node.func.id in SWAP_CALL:
            call = ast.Call(ast.Name(SWAP_CALL[node.func.id]), node.args, node.keywords)
            self._add("call", node, ast.unparse(call))
        self.generic_visit(node)

    def visit_Break(self, node: ast.Break) -> None:
        self._add("flow", node, "continue", statement=True)

    def visit_Continue(self, node: ast.Continue) -> None:
        self._add("flow", node, "break", statement=True)

    def visit_Expr(self, node: ast.Expr) -> None:
        if isinstance(node.value, ast.Call):
            self._add("statement", node, "pass", statement=True)
        self.generic_visit(node)

    def visit_Return(self, node: ast.Return) -> None:
        if node.value is not None and not (isinstance(node.value, ast.Constant) and node.value.value is None):
            self._add("return", node, "return None", statement=True)
        self.generic_visit(node)


def _is_type_checking(test: ast.expr) -> bool:
    return isinstance(test, ast.Name) and test.id == "TYPE_CHECKING"


def _is_text(node: ast.AST) -> bool:
    """`+` on strings (a message being built) is not arithmetic."""
    return any(isinstance(n, (ast.JoinedStr,)) or (isinstance(n, ast.Constant) and isinstance(n.value, str))
               for n in ast.walk(node))


def _with(mutant: Mutant, **changes: object) -> Mutant:
    fields = {**mutant.__dict__, **changes}
    return Mutant(**fields)  # type: ignore[arg-type]


def mutants_of(module: str, root: Path = ROOT) -> list[Mutant]:
    """Every mutant of one module, each keyed stably (module, function, operator, hash of the line change)."""
    text = (root / module).read_text(encoding="utf-8")
    finder = _Finder(module, text)
    finder.visit(ast.parse(text))
    keyed: list[Mutant] = []
    seen: Counter[str] = Counter()
    lines = text.splitlines()
    for mutant in finder.found:
        # The line before is part of the key, so that `continue` in two places of one function differ.
        before = next((line.strip() for line in reversed(lines[: mutant.line - 1]) if line.strip()), "")
        change = f"{before}\n{mutant.original.strip()}\n{mutant.mutated.strip()}"
        digest = hashlib.sha256(change.encode()).hexdigest()[:10]
        key = f"{module}::{mutant.function}::{mutant.operator}::{digest}"
        seen[key] += 1
        if seen[key] > 1:
            key += f"#{seen[key]}"
        try:
            compile(mutant.source(text), module, "exec")
        except SyntaxError:
            continue
        keyed.append(_with(mutant, key=key))
    return keyed


def load_equivalent() -> dict[str, str]:
    """Keys of mutants judged equivalent, with the reason (lines `KEY  # reason`)."""
    verdicts: dict[str, str] = {}
    if not EQUIVALENT_FILE.exists():
        return verdicts
    for line in EQUIVALENT_FILE.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        key, _, reason = line.partition("#")
        verdicts[key.strip()] = reason.strip()
    return verdicts


def draw(population: dict[str, list[Mutant]], size: int, seed: int) -> list[Mutant]:
    """A seeded sample of `size` mutants (at least 3 per module), spread over modules in proportion to their count."""
    rng = random.Random(seed)
    total = sum(len(found) for found in population.values())
    chosen: list[Mutant] = []
    for module in sorted(population):
        found = population[module]
        want = min(len(found), max(3, round(size * len(found) / total)))
        chosen.extend(rng.sample(found, want))
    while len(chosen) < size:  # rounding left the sample short: top it up from what is left
        rest = [m for found in population.values() for m in found if m not in chosen]
        if not rest:
            break
        chosen.append(rng.choice(rest))
    return sorted(chosen, key=lambda m: (m.module, m.line, m.key))


# --- running --------------------------------------------------------------------------------


class Scratch:
    """A copy of the work tree's files (tracked and new), which mutants are written into and the tests run in.

    The tests, the sample article and the docs come along, so that a merge or
    an edit in the work tree while a run goes on changes nothing in it.
    """

    def __init__(self, origin: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="byline-mutation-"))
        listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=origin,
                                capture_output=True, check=False)
        names = [n for n in listed.stdout.decode().split("\0") if n] if listed.returncode == 0 else None
        if names is None:  # not a git checkout (a copy of one): take everything but caches
            shutil.copytree(origin, self.folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns("__pycache__", ".venv", ".git", ".byline-cache"))
        for name in names or ():
            source = origin / name
            if source.is_file():
                (self.folder / name).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, self.folder / name)
        self.texts = {module: (self.folder / module).read_text(encoding="utf-8") for module in CORE
                      if (self.folder / module).exists()}
        # Hash-checked bytecode: a mutated module never runs from a stale .pyc, the others load fast.
        compileall.compile_dir(self.folder / "workflow", quiet=1,
                               invalidation_mode=py_compile.PycInvalidationMode.CHECKED_HASH)
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(self.folder), os.environ.get("PYTHONPATH", "")]),
                    "PYTHONDONTWRITEBYTECODE": "1", "BYLINE_DEBUG": ""}

    def run(self, tests: tuple[str, ...], timeout: float) -> tuple[str, float, str]:
        """Run the test files against the copy as it is: (outcome, seconds, the tail of pytest's output)."""
        command = [sys.executable, "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", "--no-header",
                   "-o", "addopts=", "--tb=line", *self.present(tests)]
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=self.folder, env=self.env, stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            return "timeout", time.perf_counter() - start, ""
        elapsed = time.perf_counter() - start
        tail = "\n".join(output.strip().splitlines()[-3:])
        outcome = {0: "survived", 1: "killed", 5: "no-tests"}.get(process.returncode, "error")
        return outcome, elapsed, tail

    def present(self, tests: tuple[str, ...]) -> list[str]:
        """The test files and ids of `tests` that the copy holds, a pattern (`test_pins2_*.py`) as the files it
        matches, each once: files another helper lands later are run as soon as they are there."""
        found: list[str] = []
        for test in tests:
            if any(c in test for c in "*?["):
                found.extend(str(p.relative_to(self.folder)) for p in sorted(self.folder.glob(test)))
            elif (self.folder / test.split("::")[0]).exists():
                found.append(test)
        return list(dict.fromkeys(found))

    def plant(self, mutant: Mutant | None, module: str) -> None:
        """Write the mutant into the copy (None: the module as it was)."""
        text = self.texts[module]
        (self.folder / module).write_text(mutant.source(text) if mutant else text, encoding="utf-8")

    def check_imports_copy(self) -> None:
        probe = subprocess.run([sys.executable, "-c", "import workflow; print(workflow.__file__)"], env=self.env,
                               capture_output=True, text=True, check=True, cwd=self.folder)
        if not probe.stdout.strip().startswith(str(self.folder)):
            raise SystemExit(f"the scratch copy is not what the tests import ({probe.stdout.strip()}); stopping")

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def run_sample(snapshot: Scratch, sample: list[Mutant], jobs: int, timeout_floor: float, *, baseline_first: bool,
               log: bool = True) -> dict[str, tuple[str, float, str]]:
    """Each mutant against its module's tests.

    With `baseline_first`, each module's tests run unmutated first (they must pass).
    """
    scratches = [snapshot, *(Scratch(snapshot.folder) for _ in range(jobs - 1))]
    try:
        scratches[0].check_imports_copy()
        baseline: dict[str, float] = defaultdict(float)
        for module in sorted({m.module for m in sample}) if baseline_first else ():
            outcome, seconds, tail = scratches[0].run(CORE[module], timeout=1800)
            if outcome != "survived":
                raise SystemExit(f"the tests of {module} fail without any mutant ({outcome}):\n{tail}")
            baseline[module] = seconds
            if log:
                print(f"  baseline {module}: {seconds:.1f} s", flush=True)
        results: dict[str, tuple[str, float, str]] = {}
        free = list(scratches)
        done = 0

        def one(mutant: Mutant) -> None:
            nonlocal done
            scratch = free.pop()
            try:
                scratch.plant(mutant, mutant.module)
                results[mutant.key] = scratch.run(CORE[mutant.module], max(timeout_floor, 3 * baseline[mutant.module]))
                scratch.plant(None, mutant.module)
            finally:
                free.append(scratch)
            done += 1
            if log:
                outcome, seconds, _ = results[mutant.key]
                print(f"  [{done}/{len(sample)}] {outcome:8} {seconds:5.1f} s  {mutant.place}  {mutant.operator}: "
                      f"{mutant.mutated.strip()[:90]}", flush=True)

        with ThreadPoolExecutor(max_workers=jobs) as pool:
            list(pool.map(one, sample))
        return results
    finally:
        for scratch in scratches:
            scratch.close()


def report(sample: list[Mutant], results: dict[str, tuple[str, float, str]], equivalent_in_pool: Counter[str],
           population: Counter[str]) -> dict[str, object]:
    """Kill rate per module and overall, and the survivors."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for mutant in sample:
        per[mutant.module][results[mutant.key][0]] += 1
    print("\nkill rate per module (killed includes timeouts and mutants the tests cannot import):")
    print(f"  {'module':34} {'mutants':>7} {'equiv':>5} {'run':>4} {'killed':>6} {'surv':>4} {'rate':>6}")
    total = Counter[str]()
    for module in sorted(per):
        counts = per[module]
        killed = counts["killed"] + counts["timeout"] + counts["error"]
        ran = killed + counts["survived"]
        total.update(counts)
        print(f"  {module:34} {population[module]:7} {equivalent_in_pool[module]:5} {ran:4} {killed:6} "
              f"{counts['survived']:4} {killed / ran if ran else 0:6.1%}")
    killed = total["killed"] + total["timeout"] + total["error"]
    ran = killed + total["survived"]
    print(f"  {'all':34} {sum(population.values()):7} {sum(equivalent_in_pool.values()):5} {ran:4} {killed:6} "
          f"{total['survived']:4} {killed / ran if ran else 0:6.1%}")
    survivors = [m for m in sample if results[m.key][0] == "survived"]
    print(f"\nsurvivors ({len(survivors)}):")
    for mutant in survivors:
        print(f"  {mutant.place}  {mutant.function}  {mutant.operator}\n      - {mutant.original.strip()}\n"
              f"      + {mutant.mutated.strip()}\n      key {mutant.key}")
    return {
        "killed": killed, "ran": ran, "rate": killed / ran if ran else 0.0,
        "per_module": {m: dict(c) for m, c in per.items()},
        "survivors": [{"key": m.key, "place": m.place, "function": m.function, "operator": m.operator,
                       "original": m.original.strip(), "mutated": m.mutated.strip()} for m in survivors],
        "outcomes": {k: v[0] for k, v in results.items()},
    }


def show(mutant: Mutant) -> str:
    """The mutant as a unified diff against the work tree (for `patch -p1`)."""
    text = (ROOT / mutant.module).read_text(encoding="utf-8")
    return "".join(difflib.unified_diff(text.splitlines(keepends=True), mutant.source(text).splitlines(keepends=True),
                                        f"a/{mutant.module}", f"b/{mutant.module}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=None, help="the sample's seed (default: drawn and printed)")
    parser.add_argument("--sample", type=int, default=200, help="mutants to draw (at least 200 for a reported figure)")
    parser.add_argument("--module", action="append", help="only these core modules (repeatable)")
    parser.add_argument("--operator", action="append", choices=OPERATORS, help="only these operators")
    parser.add_argument("--keys", type=Path, help="run exactly the mutants whose keys this file lists (one a line)")
    parser.add_argument("--jobs", type=int, default=1, help="mutants run at once (the machine is shared: 1)")
    parser.add_argument("--timeout", type=float, default=180.0,
                        help="seconds per mutant (at least 3x the module's baseline with --baseline)")
    parser.add_argument("--baseline", action="store_true",
                        help="first run each module's tests without a mutant (they must pass; slow)")
    parser.add_argument("--list", action="store_true", help="print the sample and stop")
    parser.add_argument("--show", metavar="KEY", help="print one mutant as a diff and stop")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)

    modules = args.module or list(CORE)
    unknown = [m for m in modules if m not in CORE]
    if unknown:
        parser.error(f"not core modules: {', '.join(unknown)} (CORE lists them)")
    snapshot = None if args.show else Scratch(ROOT)  # what the whole run reads: the work tree as it is now
    everything = {module: mutants_of(module, snapshot.folder if snapshot else ROOT) for module in modules}
    if args.show:
        found = [m for ms in everything.values() for m in ms if m.key == args.show]
        if not found:
            parser.error(f"no mutant {args.show!r}")
        sys.stdout.write(show(found[0]))
        return 0
    equivalent = load_equivalent()
    population = Counter({module: len(found) for module, found in everything.items()})
    equivalent_in_pool = Counter(
        {module: sum(m.key in equivalent for m in found) for module, found in everything.items()}
    )
    pool = {module: [m for m in found if m.key not in equivalent and (not args.operator or m.operator in args.operator)]
            for module, found in everything.items()}
    if args.keys:
        wanted = {line.split()[0] for line in args.keys.read_text(encoding="utf-8").splitlines() if line.strip()}
        sample = [m for found in pool.values() for m in found if m.key in wanted]
        seed = None
    else:
        seed = args.seed if args.seed is not None else random.SystemRandom().randrange(10**6)
        sample = draw(pool, args.sample, seed)
    print(f"byline mutation sample: seed {seed}, {len(sample)} mutants drawn from {sum(len(p) for p in pool.values())} "
          f"({sum(population.values())} in the core, {sum(equivalent_in_pool.values())} excluded as equivalent "
          f"in {EQUIVALENT_FILE.name})")
    print("operators: " + ", ".join(f"{op} {n}" for op, n in sorted(Counter(m.operator for m in sample).items())))
    for mutant in sample:
        print(f"  {mutant.key}  (line {mutant.line})")
    if args.list:
        snapshot.close()
        return 0
    started = time.perf_counter()
    results = run_sample(snapshot, sample, args.jobs, args.timeout, baseline_first=args.baseline)
    summary = report(sample, results, equivalent_in_pool, population)
    print(f"\nseed {seed}: {summary['killed']}/{summary['ran']} killed ({summary['rate']:.1%}) "
          f"in {time.perf_counter() - started:.0f} s")
    if args.json:
        written = json.dumps({"seed": seed, **summary}, indent=1, ensure_ascii=False)
        args.json.write_text(written + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
