"""Desks share a workspace through git: real clones of a bare remote, `byline` through its command line.

Every test here runs real git in temporary folders: a bare repository is the
desk's shared remote, each desk is a clone with `byline init` run in it, and
git itself calls byline's merge driver. Signed events use keys made by
`ssh-keygen`. What each test checks is what a desk sees: git's exit code and
conflicted paths, `byline verify`, `status --json`, `log`, `blame`, `check`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import run_byline as byline
from helpers import run_git as git

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) not installed"),
]

ROOT = Path(__file__).resolve().parents[1]

ROSTER = """
[people.cslee]
name = "Claire Shinyoung Oh Lee"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]
key = "{ewhong}"

[people.mfoster]
name = "Malcolm Foster"
roles = ["editor"]
key = "{mfoster}"

[people.jpark]
name = "Park Jisoo"
roles = ["editor"]

[people.reporter]
name = "Kim Jiyoung"
roles = ["reporter"]
"""

# Paragraphs are one line each in the files; written here in pieces that fit the line length.
KOREAN = "\n\n".join([
    "# 북한, 미등록 노트북 단속",
    "북한 당국이 등록되지 않은 노트북과 태블릿을 단속하고 있다고 주민들이 전했다. "
    '량강도의 한 주민은 "앞으로는 간첩으로 처벌받는다"고 말했다.',
    "이 사업에는 1억1천만 달러가 들었다. 주민 3명이 체포됐다.",
]) + "\n"

ENGLISH = "\n\n".join([
    "# North Korea cracks down on unregistered laptops",
    "North Korean authorities are cracking down on unregistered laptops and tablets, residents said. "
    '"From now on, you will be punished as a spy," a resident of Ryanggang province said.',
    "The program cost $110 million. Three residents were arrested.",
]) + "\n"

ARTICLE = "nk"
EN = Path("translations") / ARTICLE / "en.md"
PO = Path("translations") / ARTICLE / "en.po"
LEDGER = Path("translations") / ARTICLE / "provenance.jsonl"
MARKERS = re.compile(r"^(<{7}|={7}|>{7})", re.MULTILINE)


def ok(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}{result.stderr}"
    return result


def ids(repo: Path) -> list[str]:
    return [json.loads(line)["id"] for line in (repo / LEDGER).read_text(encoding="utf-8").splitlines()]


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / EN
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def record(repo: Path, who: str, keys: dict[str, Path], *, now: str, note: str) -> str:
    """Record en.md as edited by `who` (signed when they hold a key), commit it, and return the new event's id."""
    args = ["record", ARTICLE, "--by", who, "--note", note]
    if who in keys:
        args += ["--sign-with", str(keys[who])]
    ok(byline(repo, *args, now=now))
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", note)
    return ids(repo)[-1]


def blame_of(repo: Path, word: str) -> set[str]:
    tokens = json.loads(ok(byline(repo, "blame", ARTICLE, "--json")).stdout)["tokens"]
    return {t["agent"] for t in tokens if t["text"] == word}


def assert_verified(repo: Path) -> dict:
    result = byline(repo, "verify", "--json")
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["ok"], result.stdout + result.stderr
    return report


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """A bare remote holding a workspace with article `nk` ingested and translated, and two editors' keys."""
    top = tmp_path_factory.mktemp("origin")
    keys: dict[str, Path] = {}
    public: dict[str, str] = {}
    for person in ("ewhong", "mfoster"):
        stem = top / "keys" / person
        stem.parent.mkdir(exist_ok=True)
        subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", person, "-f", str(stem)], check=True)
        keys[person], public[person] = stem, stem.with_suffix(".pub").read_text().strip()
    bare = top / "remote.git"
    git(top, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = top / "seed"
    git(top, "init", "-q", "-b", "main", str(seed))
    ok(byline(seed, "init", "."))
    with open(seed / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER.format(**public))
    (top / "ko.md").write_text(KOREAN, encoding="utf-8")
    (top / "en.md").write_text(ENGLISH, encoding="utf-8")
    ok(byline(seed, "ingest", str(top / "ko.md"), "--article", ARTICLE, "--by", "reporter", now="2026-11-20T08:00:00Z"))
    ok(byline(seed, "translate", ARTICLE, "--from", str(top / "en.md"), "--by", "cslee", now="2026-11-20T09:00:00Z"))
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "nk: source and translation")
    git(seed, "remote", "add", "origin", str(bare))
    git(seed, "push", "-q", "origin", "main")
    return bare, keys


def clone(origin: tuple[Path, dict[str, Path]], tmp_path: Path, name: str, *, init: bool = True) -> Path:
    """A desk: a clone of a fresh copy of the remote for this test, with `byline init` run in it."""
    bare = tmp_path / "remote.git"
    if not bare.exists():
        shutil.copytree(origin[0], bare)
    desk = tmp_path / name
    git(tmp_path, "clone", "-q", str(bare), str(desk))
    git(desk, "config", "pull.rebase", "false")
    if init:
        ok(byline(desk, "init"))
    return desk


# --- set-up ---------------------------------------------------------------------------------------


def test_init_in_a_clone_installs_the_merge_driver_and_is_idempotent(origin, tmp_path: Path) -> None:
    desk = clone(origin, tmp_path, "a", init=False)
    if (desk / ".gitattributes").exists():  # a workspace made before byline had git integration
        git(desk, "rm", "-q", ".gitattributes")
        git(desk, "commit", "-q", "-m", "an older workspace")
    tracked = {p: (desk / p).read_bytes() for p in ("byline.toml", str(EN), str(PO), str(LEDGER))}
    first = ok(byline(desk, "init"))
    assert "merge driver" in first.stdout and ".gitattributes" in first.stdout, first.stdout
    driver = git(desk, "config", "--get", "merge.byline.driver").stdout
    assert "%O" in driver and "%A" in driver and "%B" in driver and "%P" in driver
    attributes = (desk / ".gitattributes").read_text(encoding="utf-8")
    for pattern in ("provenance.jsonl", "en.md", "en.po"):
        assert re.search(rf"^\S*{re.escape(pattern)} merge=byline$", attributes, re.MULTILINE), attributes
    assert git(desk, "check-attr", "merge", "--", str(LEDGER)).stdout.strip().endswith("merge: byline")
    changed = git(desk, "status", "--porcelain").stdout.split("\n")
    assert [line for line in changed if line] == ["?? .gitattributes"]
    assert {p: (desk / p).read_bytes() for p in tracked} == tracked
    before = (desk / ".gitattributes").read_bytes(), (desk / ".git" / "config").read_bytes()
    again = ok(byline(desk, "init"))
    assert "already" in again.stdout, again.stdout
    assert ((desk / ".gitattributes").read_bytes(), (desk / ".git" / "config").read_bytes()) == before


def test_a_new_workspace_in_a_git_work_tree_gets_the_same_integration(tmp_path: Path) -> None:
    git(tmp_path, "init", "-q", "-b", "main", "repo")
    ok(byline(tmp_path / "repo", "init", "newsroom"))
    assert "merge.byline.driver" in git(tmp_path / "repo", "config", "--list").stdout
    assert "merge=byline" in (tmp_path / "repo" / "newsroom" / ".gitattributes").read_text(encoding="utf-8")


# --- merges that keep the record ---------------------------------------------------------------------


def test_different_units_of_one_paragraph_merge_with_both_signatures(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    assert git(b, "status", "--porcelain").stdout == ""  # the workspace's own init already wrote .gitattributes
    edit(a, "are cracking down on", "have begun a crackdown on")
    a_event = record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="sharper verb")
    git(a, "push", "-q")
    edit(b, "a resident of Ryanggang province said", "a resident of Ryanggang province told RFA")
    b_event = record(b, "mfoster", keys, now="2026-11-21T10:05:00Z", note="attribution last")
    before = set(ids(a)) | set(ids(b))

    pulled = git(b, "pull", "-q", "--no-edit", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert git(b, "status", "--porcelain").stdout == ""
    report = assert_verified(b)
    assert {s["agent"] for s in report["articles"][0]["signed"]} == {"ewhong", "mfoster"}
    english = (b / EN).read_text(encoding="utf-8")
    assert "have begun a crackdown on" in english and "province told RFA" in english
    assert set(ids(b)) == before and len(ids(b)) == len(before)
    logged = {e["id"] for e in json.loads(ok(byline(b, "log", ARTICLE, "--json")).stdout)["events"]}
    assert {a_event, b_event} <= logged
    assert blame_of(b, "crackdown") == {"ewhong"} and blame_of(b, "RFA") == {"mfoster"}
    assert blame_of(b, "tablets") == {"cslee"}
    assert not MARKERS.search((b / PO).read_text(encoding="utf-8"))

    git(b, "push", "-q")
    pulled = git(a, "pull", "--no-edit", check=False)
    assert pulled.returncode == 0 and "Fast-forward" in pulled.stdout, pulled.stdout + pulled.stderr
    assert_verified(a)
    for path in (EN, PO, LEDGER):
        assert (a / path).read_bytes() == (b / path).read_bytes(), path


def test_the_next_recording_after_a_merge_names_both_heads(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    edit(a, "The program cost", "The programme cost")
    a_head = record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="spelling")
    git(a, "push", "-q")
    edit(b, "Three residents", "Three people")
    b_head = record(b, "mfoster", keys, now="2026-11-21T10:01:00Z", note="people")
    ok(git(b, "pull", "-q", "--no-edit", check=False))
    edit(b, "unregistered laptops and tablets", "unregistered laptops and tablet computers")
    merged = record(b, "jpark", keys, now="2026-11-21T11:00:00Z", note="after the merge")
    event = json.loads((b / LEDGER).read_text(encoding="utf-8").splitlines()[-1])
    assert event["id"] == merged and event["v"] == 2
    assert sorted(event["parents"]) == sorted([a_head, b_head])
    assert_verified(b)


def test_three_desks_merging_in_any_order_reach_the_same_record(origin, tmp_path: Path) -> None:
    keys = origin[1]
    desks = [clone(origin, tmp_path, name) for name in ("a", "b", "c")]
    changes = [
        ("laptops and tablets", "laptops and tablet computers", "ewhong"),
        ("punished as a spy", "punished as spies", "mfoster"),
        ("$110 million", "110 million dollars", "jpark"),
    ]
    for number, (desk, (old, new, who)) in enumerate(zip(desks, changes, strict=False)):
        edit(desk, old, new)
        record(desk, who, keys, now=f"2026-11-21T10:0{number}:00Z", note=f"desk {number}")
        git(desk, "push", "-q", "origin", f"HEAD:desk{number}")
    # Desk a merges b then c; desk c merges a's branch then b's; desk b merges c then a.
    for desk, order in ((desks[0], (1, 2)), (desks[2], (0, 1)), (desks[1], (2, 0))):
        git(desk, "fetch", "-q", "origin")
        for other in order:
            merged = git(desk, "merge", "--no-edit", f"origin/desk{other}", check=False)
            assert merged.returncode == 0, merged.stdout + merged.stderr
        assert_verified(desk)
    english = {(desk / EN).read_bytes() for desk in desks}
    ledgers = {(desk / LEDGER).read_bytes() for desk in desks}
    views = {(desk / PO).read_bytes() for desk in desks}
    assert len(english) == len(ledgers) == len(views) == 1
    text = english.pop().decode("utf-8")
    assert all(new in text for _, new, _ in changes)


# --- conflicts a person resolves ---------------------------------------------------------------------


def test_same_unit_conflict_blocks_until_resolved_by_record(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    edit(a, "The program cost $110 million.", "The programme cost $110 million (about 150 billion won).")
    a_event = record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="won")
    git(a, "push", "-q")
    edit(b, "The program cost $110 million.", "The scheme cost $110 million.")
    b_event = record(b, "mfoster", keys, now="2026-11-21T10:02:00Z", note="scheme")

    pulled = git(b, "pull", "--no-edit", check=False)
    assert pulled.returncode == 1, pulled.stdout + pulled.stderr
    conflicted = git(b, "diff", "--name-only", "--diff-filter=U").stdout.split()
    assert conflicted == [str(EN)]
    assert MARKERS.search((b / EN).read_text(encoding="utf-8"))
    for path in (PO, LEDGER, Path("sources") / ARTICLE / "ko.md"):
        assert not MARKERS.search((b / path).read_text(encoding="utf-8")), path
    assert {a_event, b_event} <= set(ids(b))

    status = json.loads(ok(byline(b, "status", ARTICLE, "--json")).stdout)["articles"][0]
    assert [(c["unit"], sorted(c["agents"])) for c in status["conflicts"]] == [("s4", ["ewhong", "mfoster"])]
    checked = byline(b, "check", ARTICLE, "--json", "--no-cache")
    assert checked.returncode == 1 and "BL405" in checked.stdout
    published = byline(b, "publish", ARTICLE, "--by", "mfoster", "--sign-with", str(keys["mfoster"]))
    assert published.returncode != 0 and "conflict" in (published.stdout + published.stderr)

    text = (b / EN).read_text(encoding="utf-8")
    block = re.search(r"^<{7}.*?^>{7}[^\n]*\n", text, re.MULTILINE | re.DOTALL)
    assert block is not None
    resolved = "The scheme cost $110 million, roughly 150 billion won. Three residents were arrested.\n"
    (b / EN).write_text(text[: block.start()] + resolved + text[block.end() :], encoding="utf-8")
    ok(byline(b, "record", ARTICLE, "--by", "jpark", "--note", "resolve the cost sentence", now="2026-11-21T11:00:00Z"))
    resolution = json.loads((b / LEDGER).read_text(encoding="utf-8").splitlines()[-1])
    assert sorted(resolution["parents"]) == sorted([a_event, b_event])
    assert_verified(b)
    status = json.loads(ok(byline(b, "status", ARTICLE, "--json")).stdout)["articles"][0]
    assert status["conflicts"] == []
    logged = [e["id"] for e in json.loads(ok(byline(b, "log", ARTICLE, "--json")).stdout)["events"]]
    assert {a_event, b_event, resolution["id"]} <= set(logged)
    # The resolver's own word is theirs; what they kept from either side keeps its author.
    assert blame_of(b, "roughly") == {"jpark"}
    assert blame_of(b, "scheme") == {"mfoster"} and blame_of(b, "billion") == {"ewhong"}
    git(b, "add", "-A")
    git(b, "commit", "-q", "--no-edit")
    git(b, "push", "-q")
    ok(git(a, "pull", "-q", "--no-edit", check=False))
    assert_verified(a)
    assert (a / LEDGER).read_bytes() == (b / LEDGER).read_bytes()


def test_two_desks_making_the_same_change_do_not_conflict(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    for desk, who, at in ((a, "ewhong", "2026-11-21T10:00:00Z"), (b, "mfoster", "2026-11-21T10:01:00Z")):
        edit(desk, "Three residents were arrested.", "Three residents were detained.")
        record(desk, who, keys, now=at, note="detained")
    git(a, "push", "-q")
    assert git(b, "pull", "-q", "--no-edit", check=False).returncode == 0
    assert_verified(b)
    assert (b / EN).read_text(encoding="utf-8").count("detained") == 1


# --- stale exports -----------------------------------------------------------------------------------


def test_a_stale_po_export_merges_three_way(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a = clone(origin, tmp_path, "a")
    exported = tmp_path / "stale.po"
    ok(byline(a, "export", ARTICLE, "--format", "po", "-o", str(exported)))
    edit(a, "The program cost", "The programme cost")
    edit(a, "Three residents were arrested.", "Three residents were detained.")
    record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="colleague")
    po = exported.read_text(encoding="utf-8")
    po = po.replace(
        'msgstr "North Korea cracks down on unregistered laptops"',
        'msgstr "North Korea cracks down on unregistered computers"',
    )  # only the file: s1
    po = po.replace('msgstr "Three residents were arrested."', 'msgstr "Three residents were jailed."')  # both: s5
    exported.write_text(po, encoding="utf-8")
    result = byline(a, "record", ARTICLE, "--from", str(exported), "--by", "cslee", now="2026-11-21T11:00:00Z")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "s5" in result.stdout + result.stderr
    english = (a / EN).read_text(encoding="utf-8")
    assert "unregistered computers" in english  # the file's change is recorded
    assert "The programme cost" in english  # the colleague's change is kept
    assert "Three residents were detained." in english and "jailed" not in english  # the clash is not recorded
    assert_verified(a)


# --- CI: merges made elsewhere -------------------------------------------------------------------------


def test_verify_on_a_shallow_clone_of_a_merge_commit(origin, tmp_path: Path) -> None:
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    edit(a, "The program cost", "The programme cost")
    record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="spelling")
    git(a, "push", "-q")
    edit(b, "Three residents", "Three people")
    record(b, "mfoster", keys, now="2026-11-21T10:01:00Z", note="people")
    ok(git(b, "pull", "-q", "--no-edit", check=False))
    git(b, "push", "-q")
    shallow = tmp_path / "ci"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{tmp_path / 'remote.git'}", str(shallow))
    result = byline(shallow, "verify")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "depth" in result.stdout + result.stderr  # it says what it needs to check the merge itself
    deeper = tmp_path / "ci2"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{tmp_path / 'remote.git'}", str(deeper))
    result = byline(deeper, "verify")
    assert result.returncode == 0 and "depth" not in result.stdout + result.stderr, result.stdout + result.stderr


def test_verify_catches_a_merge_made_without_byline(origin, tmp_path: Path) -> None:
    """A server's merge button runs no drivers; keeping both sides' lines is the best it can do."""
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b", init=False)
    edit(a, "The program cost", "The programme cost")
    record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="spelling")
    git(a, "push", "-q")
    edit(b, "Three residents", "Three people")
    record(b, "mfoster", keys, now="2026-11-21T10:01:00Z", note="people")
    # A text merge that keeps both sides' lines wherever they clash: git's `union` merge, no byline driver.
    (b / ".git" / "info").mkdir(exist_ok=True)
    (b / ".git" / "info" / "attributes").write_text("translations/** merge=union\n", encoding="utf-8")
    git(b, "fetch", "-q")
    merged = git(b, "merge", "--no-edit", "origin/main", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = byline(b, "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "merge driver" in result.stdout + result.stderr
    assert "byline init" in result.stdout + result.stderr


def test_verify_catches_a_merge_commit_that_dropped_the_other_sides_events(origin, tmp_path: Path) -> None:
    """`git merge -s ours` keeps one side's files whole: every file verifies, but the other side's work is gone."""
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    edit(a, "The program cost", "The programme cost")
    record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="spelling")
    git(a, "push", "-q")
    edit(b, "Three residents", "Three people")
    record(b, "mfoster", keys, now="2026-11-21T10:01:00Z", note="people")
    git(b, "fetch", "-q")
    git(b, "merge", "-q", "--no-edit", "-s", "ours", "origin/main")
    result = byline(b, "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "lacks 1 event(s) of its parent" in result.stdout and "edit by ewhong" in result.stdout


def test_a_rebasing_pull_keeps_both_sides_too(origin, tmp_path: Path) -> None:
    """`git pull --rebase` replays this desk's commit on the other's: the driver finds the commit it picks."""
    keys = origin[1]
    a, b = clone(origin, tmp_path, "a"), clone(origin, tmp_path, "b")
    edit(a, "are cracking down on", "have begun a crackdown on")
    a_event = record(a, "ewhong", keys, now="2026-11-21T10:00:00Z", note="verb")
    git(a, "push", "-q")
    edit(b, "Three residents", "Three people")
    b_event = record(b, "mfoster", keys, now="2026-11-21T10:01:00Z", note="people")
    pulled = git(b, "pull", "--rebase", check=False)
    assert pulled.returncode == 0, pulled.stdout + pulled.stderr
    assert_verified(b)
    assert {a_event, b_event} <= set(ids(b))
    english = (b / EN).read_text(encoding="utf-8")
    assert "have begun a crackdown on" in english and "Three people" in english
