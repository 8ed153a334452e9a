"""Attacks on the record through git: branches, merges and commits that try to make the ledger lie.

Each test is an attack a red team tried on desks sharing a workspace through
git (real clones of a bare remote, `byline` run as its own process, keys made
by `ssh-keygen`), and what byline must do about it. The attacker here is an
insider on the roster, or anyone who can push a commit.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, run_byline, run_git, ssh_key

pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
    pytest.mark.skipif(shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) not installed"),
]

ROSTER = """
[people.cslee]
name = "Claire Shinyoung Oh Lee"
roles = ["translator"]

[people.ewhong]
name = "Eugene Whong"
roles = ["editor"]
key = "{ewhong}"
since = "2026-12-01"

[people.mfoster]
name = "Malcolm Foster"
roles = ["editor"]
key = "{mfoster}"

[people.reporter]
name = "Kim Jiyoung"
roles = ["reporter"]
"""

EN = Path("translations") / "nk" / "en.md"
LEDGER = Path("translations") / "nk" / "provenance.jsonl"


def ok(result):
    assert result.returncode == 0, f"exit {result.returncode}:\n{result.stdout}{result.stderr}"
    return result


@pytest.fixture(scope="module")
def origin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """A bare remote: article `nk` ingested and translated on 2026-11-20; ewhong signs from 2026-12-01."""
    top = tmp_path_factory.mktemp("attacks")
    keys, public = {}, {}
    for person in ("ewhong", "mfoster"):
        keys[person], public[person] = ssh_key(top / "keys" / person, person)
    bare = top / "remote.git"
    run_git(top, "init", "-q", "--bare", "-b", "main", str(bare))
    seed = top / "seed"
    run_git(top, "init", "-q", "-b", "main", str(seed))
    ok(run_byline(seed, "init", "."))
    with open(seed / "byline.toml", "a", encoding="utf-8") as handle:
        handle.write(ROSTER.format(**public))
    (top / "ko.md").write_text(KOREAN, encoding="utf-8")
    (top / "en.md").write_text(ENGLISH, encoding="utf-8")
    ok(run_byline(seed, "ingest", str(top / "ko.md"), "--article", "nk", "--by", "reporter",
                  now="2026-11-20T08:00:00Z"))
    ok(run_byline(seed, "translate", "nk", "--from", str(top / "en.md"), "--by", "cslee", now="2026-11-20T09:00:00Z"))
    run_git(seed, "add", "-A")
    run_git(seed, "commit", "-q", "-m", "nk: source and translation")
    run_git(seed, "remote", "add", "origin", str(bare))
    run_git(seed, "push", "-q", "origin", "main")
    return bare, keys


def desk(origin: tuple[Path, dict[str, Path]], tmp_path: Path, name: str = "desk") -> Path:
    """A clone of a fresh copy of the remote, with `byline init` run in it."""
    bare = tmp_path / "remote.git"
    if not bare.exists():
        shutil.copytree(origin[0], bare)
    folder = tmp_path / name
    run_git(tmp_path, "clone", "-q", str(bare), str(folder))
    run_git(folder, "config", "pull.rebase", "false")
    ok(run_byline(folder, "init"))
    return folder


def edit(repo: Path, old: str, new: str) -> None:
    path = repo / EN
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def commit(repo: Path, message: str) -> None:
    run_git(repo, "add", "-A")
    run_git(repo, "commit", "-q", "-m", message)


# --- keys from a point on -------------------------------------------------------------------------


def test_an_unsigned_event_dated_back_on_a_branch_cannot_slip_under_since(origin, tmp_path: Path) -> None:
    """Once ewhong signs, an unsigned event in his name dated before `since` and merged in from a branch fails.

    The branch forks from before his first signature, so the event's place in
    the file (canonical order, by time) is before that signature: file order
    alone would call it "from before his key". The graph shows that his
    signed event does not follow it.
    """
    keys = origin[1]
    repo = desk(origin, tmp_path)
    edit(repo, "The program cost", "The programme cost")
    ok(run_byline(repo, "record", "nk", "--by", "ewhong", "--sign-with", str(keys["ewhong"]),
                  now="2026-12-05T10:00:00Z"))
    commit(repo, "ewhong, signed")
    assert ok(run_byline(repo, "verify")).returncode == 0

    run_git(repo, "checkout", "-q", "-b", "sneaky", "HEAD~1")
    edit(repo, "Three residents were arrested.", "Three residents were released.")
    sneaked = run_byline(repo, "record", "nk", "--by", "ewhong", now="2026-11-25T10:00:00Z")
    assert sneaked.returncode == 0, sneaked.stderr  # on its own branch nothing shows yet: he had not signed there
    commit(repo, "an unsigned ewhong edit, dated back")
    run_git(repo, "checkout", "-q", "main")
    merged = run_git(repo, "merge", "--no-edit", "sneaky", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr

    verified = run_byline(repo, "verify")
    assert verified.returncode == 1, verified.stdout
    assert "not signed" in verified.stdout and "ewhong" in verified.stdout
    checked = run_byline(repo, "check", "nk", "--no-cache")
    assert checked.returncode == 1 and "BL403" in checked.stdout


def test_unsigned_events_from_before_since_that_his_signature_follows_still_verify(origin, tmp_path: Path) -> None:
    """The honest case: a desk that merged ewhong's pre-enrolment work before he began signing."""
    keys = origin[1]
    repo = desk(origin, tmp_path)
    run_git(repo, "checkout", "-q", "-b", "early")
    edit(repo, "Three residents were arrested.", "Three residents were detained.")
    ok(run_byline(repo, "record", "nk", "--by", "ewhong", now="2026-11-25T10:00:00Z"))
    commit(repo, "unsigned, before his key")
    run_git(repo, "checkout", "-q", "main")
    edit(repo, "residents said", "locals said")
    ok(run_byline(repo, "record", "nk", "--by", "mfoster", "--sign-with", str(keys["mfoster"]),
                  now="2026-11-26T10:00:00Z"))
    commit(repo, "mfoster")
    ok(run_git(repo, "merge", "--no-edit", "early", check=False))
    edit(repo, "The program cost", "The programme cost")
    ok(run_byline(repo, "record", "nk", "--by", "ewhong", "--sign-with", str(keys["ewhong"]),
                  now="2026-12-05T10:00:00Z"))
    report = json.loads(run_byline(repo, "verify", "--json").stdout)
    assert report["ok"], report


# --- sign-offs on one branch, text changed on the other ------------------------------------------------


def _findings(repo: Path, rule: str) -> list[dict]:  # type: ignore[type-arg]
    result = run_byline(repo, "check", "nk", "--json", "--no-cache")
    return [f for f in json.loads(result.stdout)["findings"] if f["rule"] == rule]


def test_a_waiver_on_one_branch_does_not_cover_what_the_other_branch_wrote(origin, tmp_path: Path) -> None:
    """mfoster waives cslee's figure on one branch; on another she changes the figure; the merge needs a new waiver.

    The same holds for an approval (pinned to the texts it approved): both sign-offs vouch for the words they saw.
    """
    keys = origin[1]
    repo = desk(origin, tmp_path)
    edit(repo, "The program cost $110 million.", "The program cost $120 million.")
    ok(run_byline(repo, "record", "nk", "--by", "cslee", now="2026-11-21T10:00:00Z"))
    commit(repo, "cslee's figure")
    run_git(repo, "checkout", "-q", "-b", "signoff")
    sign = ["--sign-with", str(keys["mfoster"])]
    ok(run_byline(repo, "waive", "nk", "--rule", "BL201", "--unit", "s4", "--by", "mfoster", *sign,
                  "--reason", "the ministry's own figure is 120", now="2026-11-21T11:00:00Z"))
    ok(run_byline(repo, "approve", "nk", "--stage", "edit", "--by", "mfoster", *sign, now="2026-11-21T11:01:00Z"))
    commit(repo, "waived and approved")
    assert [f.get("waived", False) for f in _findings(repo, "BL201")] == [True]
    run_git(repo, "checkout", "-q", "main")
    edit(repo, "$120 million", "$990 million")
    ok(run_byline(repo, "record", "nk", "--by", "cslee", now="2026-11-21T11:30:00Z"))
    commit(repo, "another figure")
    merged = run_git(repo, "merge", "--no-edit", "signoff", check=False)
    assert merged.returncode == 0, merged.stdout + merged.stderr
    assert "$990 million" in (repo / EN).read_text(encoding="utf-8")
    ok(run_byline(repo, "verify"))
    number = _findings(repo, "BL201")
    assert len(number) == 1 and not number[0].get("waived", False) and "$990 million" in number[0]["message"]
    assert any("mfoster's edit approval is for an earlier text" in f["message"] for f in _findings(repo, "BL303"))
