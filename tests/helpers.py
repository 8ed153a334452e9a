"""What the tests share besides fixtures: the sample article, the CLI run in-process, and workspace builders.

Test modules import from here (`from helpers import invoke`); conftest.py holds
only fixtures and settings. The builders come in two kinds: through the CLI,
for end-to-end tests, and through the library, recorded once per session and
copied per test (`Templates`), for tests of the library.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

from workflow.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def benchmark_builder():  # type: ignore[no-untyped-def]
    """benchmarks/make_workspace.py as a module (benchmarks/ is not a package), loaded once: its worker
    function is pickled by module name, and dataclasses look their module up while being defined."""
    if "make_workspace" in sys.modules:
        return sys.modules["make_workspace"]
    spec = importlib.util.spec_from_file_location("make_workspace", REPO / "benchmarks" / "make_workspace.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


ROSTER = """
[people.cslee]
name = "Claire Shinyoung Oh Lee"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]

[people.mfoster]
name = "Malcolm Foster"
roles = ["editor"]

[people.reporter]
name = "Kim Jiyoung"
roles = ["reporter"]
"""

KOREAN = (
    "# 북한, 미등록 노트북 단속\n\n"
    "북한 당국이 등록되지 않은 노트북과 태블릿을 단속하고 있다고 주민들이 전했다. "
    '량강도의 한 주민은 "앞으로는 간첩으로 처벌받는다"고 말했다.\n\n'
    "이 사업에는 1억1천만 달러가 들었다. 주민 3명이 체포됐다.\n"
)

ENGLISH = (
    "# North Korea cracks down on unregistered laptops\n\n"
    "North Korean authorities are cracking down on unregistered laptops and tablets, residents said. "
    '"From now on, you will be punished as a spy," a resident of Ryanggang province said.\n\n'
    "The program cost $110 million. Three residents were arrested.\n"
)

# The organisation line that makes `machine_translated` an organisation's workspace.
ORGANIZATION = 'organization = "Daejeon Daily"'


class Result(NamedTuple):
    """What one in-process run of the CLI printed, and its exit code."""

    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        """Standard output, then standard error."""
        return self.stdout + self.stderr


def invoke(*args: str, cwd: Path | None = None) -> Result:
    """Run the byline CLI in-process (from `cwd`), capturing what it prints and its exit code.

    A bug is exit code 3, as for a person; BYLINE_DEBUG=1 puts its traceback in
    `stderr`, so that an assertion showing `result.output` shows where it failed.
    """
    out, err = io.TextIOWrapper(io.BytesIO(), encoding="utf-8"), io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    old_cwd, old_debug = Path.cwd(), os.environ.get("BYLINE_DEBUG")
    os.environ["BYLINE_DEBUG"] = "1"
    if cwd is not None:
        os.chdir(cwd)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            main(list(args))
        code = 0
    except SystemExit as exc:
        code = _exit_code(exc)
    finally:
        os.chdir(old_cwd)
        if old_debug is None:
            os.environ.pop("BYLINE_DEBUG", None)
        else:
            os.environ["BYLINE_DEBUG"] = old_debug
    return Result(code, _text(out), _text(err))


def _exit_code(exc: SystemExit) -> int:
    return exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1


def _text(stream: io.TextIOWrapper) -> str:
    stream.flush()
    return stream.buffer.getvalue().decode("utf-8")  # type: ignore[attr-defined]


# --- the CLI in a fresh interpreter, to see what it imported --------------------------------

PROBE = """
import contextlib, io, sys
if sys.argv[1] == "settled":
    import workflow.cachefile
    workflow.cachefile.RACY_NS = 0  # files written a moment ago count as settled, as an archive's would
from workflow.cli import main
out = io.StringIO()
try:
    with contextlib.redirect_stdout(out):
        main(sys.argv[2:])
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 0 if exc.code is None else 1
modules = sorted(sys.modules)  # before json below adds its own
import json
print(json.dumps({"exit_code": code, "stdout": out.getvalue(), "modules": modules}))
"""


class Probe(NamedTuple):
    """One run of the CLI in a fresh interpreter: its exit code, what it printed, and every module it imported."""

    exit_code: int
    stdout: str
    stderr: str
    modules: frozenset[str]


def probe(*args: str, settled: bool = False) -> Probe:
    """Run `byline ARGS` in a new Python process; `settled` trusts the stat signatures of files written just now."""
    command = [sys.executable, "-c", PROBE, "settled" if settled else "racy", *args]
    run = subprocess.run(command, capture_output=True, text=True, check=False)
    assert run.returncode == 0, f"the probe itself failed: {run.stderr}"
    report = json.loads(run.stdout.strip().splitlines()[-1])
    return Probe(report["exit_code"], report["stdout"], run.stderr, frozenset(report["modules"]))


# --- workspaces through the CLI: what an end-to-end test starts from ------------------------


def cli_empty_workspace(root: Path) -> Path:
    """`byline init`, then the four-person roster."""
    assert invoke("init", str(root)).exit_code == 0
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    return root


def cli_record_sample(root: Path, *, origin: str = "human") -> Path:
    """`byline ingest` the Korean as article `nk` (by reporter), then `byline translate` the English (by cslee)."""
    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    ws = ["--workspace", str(root)]
    result = invoke("ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter", *ws)
    assert result.exit_code == 0, result.output
    mt = ["--origin", origin] if origin != "human" else []
    result = invoke("translate", "nk", "--from", str(root / "en.md"), *mt, "--by", "cslee", *ws)
    assert result.exit_code == 0, result.output
    return root


def cli_machine_translated(root: Path) -> Path:
    """An organisation's `nk`: machine-translated by papago (run by cslee), then `byline record` of ewhong's edit."""
    cli_empty_workspace(root)
    _join_organization(root)
    cli_record_sample(root, origin="mt:papago")
    _edit_lede(root)
    result = invoke("record", "nk", "--by", "ewhong", "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return root


def _join_organization(root: Path) -> None:
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace('target_lang = "en"', f'target_lang = "en"\n{ORGANIZATION}'), encoding="utf-8")


def _edit_lede(root: Path) -> None:
    en = root / "translations" / "nk" / "en.md"
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")


# --- the same workspaces through the library, for tests of the library ------------------------


def empty_workspace(root: Path) -> Path:
    """What `cli_empty_workspace` makes, made by the library."""
    from workflow.init import init_workspace

    init_workspace(root)
    with open(root / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER)
    return root


def record_sample(root: Path, *, origin: str = "human") -> Path:
    """What `cli_record_sample` records, recorded by the library."""
    from workflow.steps.source import ingest
    from workflow.steps.target import translate
    from workflow.workspace import Workspace

    (root / "ko.md").write_text(KOREAN, encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    ws = Workspace(root)
    ingest(ws, root / "ko.md", "nk", ws.config.person("reporter"))
    translate(ws, "nk", root / "en.md", ws.config.person("cslee"), origin=origin)
    return root


def machine_translated(root: Path) -> Path:
    """What `cli_machine_translated` records, recorded by the library."""
    from workflow.steps.target import record
    from workflow.workspace import Workspace

    empty_workspace(root)
    _join_organization(root)
    record_sample(root, origin="mt:papago")
    _edit_lede(root)
    ws = Workspace(root)
    record(ws, "nk", ws.config.person("ewhong"))
    return root


BUILDERS = {
    "empty": empty_workspace,
    "recorded": lambda root: record_sample(empty_workspace(root)),
    "machine-translated": machine_translated,
}


class Templates:
    """Workspaces built once per session by the library, handed out as copies so that each test has its own.

    A template is kept per value of BYLINE_NOW, so that a test which fixes the
    clock before asking for a workspace gets one recorded at that time, as if
    built for it alone.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[tuple[str, str | None], Path] = {}

    def copy(self, kind: str, destination: Path) -> Path:
        """A fresh copy of workspace `kind` ("empty", "recorded", "machine-translated") at `destination`."""
        key = (kind, os.environ.get("BYLINE_NOW"))
        if key not in self.built:
            root = self.folder / f"{kind}-{len(self.built)}" / "ws"
            root.parent.mkdir(parents=True)
            self.built[key] = BUILDERS[kind](root)
        shutil.copytree(self.built[key], destination, symlinks=True)
        return destination


# --- signing keys -----------------------------------------------------------------------------


def crypto_key(stem: Path) -> tuple[Path, str]:
    """An unencrypted OpenSSH Ed25519 key pair made with cryptography: (private key path, public line)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    key = Ed25519PrivateKey.generate()
    stem.parent.mkdir(parents=True, exist_ok=True)
    stem.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                       serialization.NoEncryption()))
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return stem, public


def add_key(root: Path, person: str, *public_lines: str) -> None:
    """Put the key line(s) into the roster entry of `person`."""
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    header = f"\n[people.{person}]\n"  # not the commented example of `byline init`
    assert header in text
    value = public_lines[0] if len(public_lines) == 1 else "\n".join(public_lines)
    text = text.replace(header, f'{header}key = """{value}"""\n', 1)
    config.write_text(text, encoding="utf-8")


# --- check rules on sentences a test writes -------------------------------------------------------


def unit_context(tmp_path: Path, korean: str, english: str, glossary: str | None = None,
                 meta: dict[str, str] | None = None, span: tuple[int, int] | None = None):  # type: ignore[no-untyped-def]
    """A check context over a one-sentence article whose single unit pairs `korean` with `english`.

    `meta` is the source's metadata (`date`, `received_at`: the article's date for relative dates);
    `span` the unit's part of `english` when the rest is to be an addition.
    """
    from workflow.checks.context import Context
    from workflow.config import CONFIG_NAME, TEMPLATE
    from workflow.model.state import Segment, State, Unit
    from workflow.workspace import Workspace

    (tmp_path / CONFIG_NAME).write_text(TEMPLATE, encoding="utf-8")
    if glossary is not None:
        (tmp_path / "glossary.tsv").write_text(glossary, encoding="utf-8")
    unit = Unit(("s1",), *(span or (0, len(english))))
    state = State(article="a", events=(), source_text=korean, source_meta=dict(meta or {}),
                  segments=(Segment("s1", 0, len(korean)),), retired=(), next_segment=2, target_text=english,
                  units=(unit,), basis={"s1": korean}, authorship=(), approvals=(), waivers=(), steps=(), origins={})
    return Context(Workspace(tmp_path), "a", state), unit


def fired(code: str, ctx, unit):  # type: ignore[no-untyped-def]
    """The findings of rule `code` on the context (unit rules on `unit`), as Problems."""
    from workflow.checks.registry import rules
    from workflow.problems import finding

    found = {r.code: r for r in rules()}[code]
    hits = found.check(ctx, unit) if found.scope == "unit" else found.check(ctx)
    return [finding(h) if isinstance(h, str) else h for h in hits]


# --- desks through real git: a bare remote, clones, `byline` as git runs it --------------------------


def run_git(repo: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """`git ARGS` in `repo` with a fixed identity and no system config."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "desk", "GIT_AUTHOR_EMAIL": "desk@example.org",
           "GIT_COMMITTER_NAME": "desk", "GIT_COMMITTER_EMAIL": "desk@example.org", "GIT_CONFIG_NOSYSTEM": "1"}
    result = subprocess.run(["git", *args], cwd=repo, capture_output=True, text=True, env=env)
    if check and result.returncode != 0:
        raise AssertionError(f"git {' '.join(args)} exited {result.returncode}:\n{result.stdout}{result.stderr}")
    return result


def run_byline(repo: Path, *args: str, now: str | None = None) -> subprocess.CompletedProcess[str]:
    """`byline ARGS` in `repo` as its own process (as git runs the merge driver); `now` fixes BYLINE_NOW."""
    env = {**os.environ}
    env.pop("BYLINE_SIGNING_KEY", None)
    env.pop("BYLINE_NOW", None)
    if now:
        env["BYLINE_NOW"] = now
    return subprocess.run([sys.executable, "-m", "workflow", *args], cwd=repo, capture_output=True, text=True, env=env)


def ssh_key(stem: Path, comment: str) -> tuple[Path, str]:
    """A key pair made by `ssh-keygen` itself: (private key path, public line)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", str(stem)], check=True)
    return stem, stem.with_suffix(".pub").read_text(encoding="utf-8").strip()


# Two desks' copies of one article, as the merge tests make them: commands at a set time, an English edit
# recorded, and a pull as git's merge driver does it (ledgers merged, working files written from the replay).
def desk_run(root: Path, monkeypatch, now: str, *args: str) -> str:  # type: ignore[no-untyped-def]
    """Run a byline command on `root` as of `now`, asserting it succeeds; its standard output."""
    monkeypatch.setenv("BYLINE_NOW", now)
    result = invoke(*args, "--workspace", str(root))
    assert result.exit_code == 0, result.output
    return result.stdout


def desk_record(root: Path, monkeypatch, now: str, who: str, old: str, new: str) -> None:  # type: ignore[no-untyped-def]
    """`who` replaces `old` by `new` in article nk's en.md and records it."""
    path = root / "translations" / "nk" / "en.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    desk_run(root, monkeypatch, now, "record", "nk", "--by", who)


def desk_ledger(root: Path) -> Path:
    return root / "translations" / "nk" / "provenance.jsonl"


def desk_pull(into: Path, other: Path) -> None:
    """Merge `other`'s ledger of nk into `into`'s and write the working files, as git's merge driver does."""
    from workflow.desks.ledgers import merged_ledger
    from workflow.model.replay import replay
    from workflow.model.working_files import write_working_files
    from workflow.workspace import Workspace

    merged = merged_ledger(desk_ledger(into).read_bytes(), desk_ledger(other).read_bytes(), "provenance.jsonl")
    desk_ledger(into).write_bytes(merged.data)
    write_working_files(Workspace(into), replay("nk", merged.events, authorship=False))


# A six-sentence English with one unit a sentence, for the three-way merge on hand-made versions.
MERGE_SENTENCES = (
    "Title of the story",
    "The first sentence is here.",
    "A second one follows it.",
    "Then comes the third.",
    "The fourth closes the paragraph.",
    "Last words stand alone.",
)
MERGE_BASE_TEXT = "# {}\n\n{} {} {}\n\n{}\n\n{}\n".format(*MERGE_SENTENCES)
MERGE_ORDER = {f"s{i}": i for i in range(1, 10)}


def merge_base():  # type: ignore[no-untyped-def]
    """The common base: MERGE_BASE_TEXT, its units, every word by the translator cslee."""
    from workflow.model.merge import Version
    from workflow.model.state import Unit
    from workflow.text.attribution import Authorship, Label

    units = []
    for number, sentence in enumerate(MERGE_SENTENCES, start=1):
        start = MERGE_BASE_TEXT.index(sentence)
        units.append(Unit((f"s{number}",), start, start + len(sentence)))
    return Version(MERGE_BASE_TEXT, tuple(units), Authorship(MERGE_BASE_TEXT, Label("e-translate", "cslee")), "base")


def merge_edit(version, old: str, new: str, who: str):  # type: ignore[no-untyped-def]
    """The version after `who` replaced `old` by `new`, with units and authorship carried as replay does."""
    from workflow.model.merge import Version
    from workflow.model.units import carry_units
    from workflow.text.attribution import Label
    from workflow.text.delta import edits, make_delta

    assert old in version.text, old
    text = version.text.replace(old, new, 1)
    units = carry_units(version.text, text, edits(version.text, make_delta(version.text, text)), version.units,
                        MERGE_ORDER)
    authorship = version.authorship.copy()
    authorship.update(text, Label(f"e-{who}", who))
    return Version(text, units, authorship, who)


def word_authors(texts: list[str]) -> dict[str, str]:
    """The author of each (distinct) word of the last text, after the translator t wrote the first and ed1, ed2, …
    each later one (attribution and blame, as replay runs them)."""
    from workflow.reading.blame import blame_runs
    from workflow.text.attribution import Authorship, Label

    authorship = Authorship(texts[0], Label("e0", "t"))
    order = {"e0": 0}
    for number, text in enumerate(texts[1:], start=1):
        authorship.update(text, Label(f"e{number}", f"ed{number}"))
        order[f"e{number}"] = number
    return {token.text: token.agent for token in blame_runs(texts[-1], authorship.runs(), order)}
