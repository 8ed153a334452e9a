"""Recovering from interruptions: stale working files after a kill, edits that race, wrong keys."""

from __future__ import annotations

import sys
from pathlib import Path

from helpers import invoke

from workflow.ledger import read_events
from workflow.model.replay import load
from workflow.workspace import Workspace


def ws_args(root: Path) -> list[str]:
    return ["--workspace", str(root)]


def test_files_left_behind_by_a_killed_recorder_are_brought_up_to_date(workspace: Path) -> None:
    en = workspace / "translations/nk/en.md"
    before = en.read_text(encoding="utf-8")
    head_before = read_events(workspace / "translations/nk/provenance.jsonl")[-1].id
    (workspace / "new.md").write_text(before.replace("Three residents", "Four residents"), encoding="utf-8")
    assert (
        invoke("record", "nk", "--from", str(workspace / "new.md"), "--by", "ewhong", *ws_args(workspace)).exit_code
        == 0
    )
    # Simulate a kill between the append and the working-file writes.
    en.write_text(before, encoding="utf-8")
    (workspace / "translations/nk/.pending").write_text(head_before, encoding="utf-8")
    assert invoke("verify", *ws_args(workspace)).exit_code == 1
    result = invoke("record", "nk", "--by", "mfoster", *ws_args(workspace))
    assert result.exit_code == 0 and "nothing changed" in result.output  # not a step back
    assert "Four residents" in en.read_text(encoding="utf-8")
    assert not (workspace / "translations/nk/.pending").exists()
    assert invoke("verify", *ws_args(workspace)).exit_code == 0


def test_interrupted_before_append_keeps_a_persons_edit(workspace: Path) -> None:
    en = workspace / "translations/nk/en.md"
    head = read_events(workspace / "translations/nk/provenance.jsonl")[-1].id
    (workspace / "translations/nk/.pending").write_text(head, encoding="utf-8")
    en.write_text(en.read_text(encoding="utf-8").replace("Three residents", "Five residents"), encoding="utf-8")
    result = invoke("record", "nk", "--by", "ewhong", *ws_args(workspace))
    assert result.exit_code == 0 and "recorded edit" in result.output
    assert "Five residents" in en.read_text(encoding="utf-8")


def test_edit_refuses_when_the_english_changed_while_the_editor_was_open(workspace: Path, tmp_path: Path) -> None:
    # The fake editor records a colleague's change first, then saves its own text.
    script = tmp_path / "racing_editor.py"
    script.write_text(
        "import sys, subprocess\n"
        "from pathlib import Path\n"
        "path = Path(sys.argv[1]); mine = path.read_text(encoding='utf-8').replace('cost', 'was said to cost')\n"
        f"other = Path({str(tmp_path / 'other.md')!r})\n"
        "other.write_text(path.read_text(encoding='utf-8').replace('Three', 'Four'), encoding='utf-8')\n"
        f"subprocess.run([{sys.executable!r}, '-m', 'workflow', 'record', 'nk', '--from', str(other),"
        " '--by', 'mfoster',"
        f" '--workspace', {str(workspace)!r}], check=True)\n"
        "path.write_text(mine, encoding='utf-8')\n",
        encoding="utf-8",
    )
    import os

    old = os.environ.get("EDITOR")
    os.environ["EDITOR"] = f"{sys.executable} {script}"
    try:
        result = invoke("edit", "nk", "--by", "ewhong", *ws_args(workspace))
    finally:
        if old is None:
            del os.environ["EDITOR"]
        else:
            os.environ["EDITOR"] = old
    assert result.exit_code == 2
    assert "changed while you were editing" in result.output and "by mfoster" in result.output
    (aside,) = (workspace / "translations/nk").glob("en.md.conflict-*")
    assert "was said to cost" in aside.read_text(encoding="utf-8")
    en = (workspace / "translations/nk/en.md").read_text(encoding="utf-8")
    assert "Four" in en and "was said to cost" not in en
    events = read_events(workspace / "translations/nk/provenance.jsonl")
    assert [e.agent for e in events][-1] == "mfoster"


def test_a_key_not_on_the_roster_is_refused_before_recording(workspace: Path, tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    def new_key(name: str) -> tuple[Path, str]:
        key = Ed25519PrivateKey.generate()
        path = tmp_path / name
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
            )
        )
        public = (
            key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
        )
        return path, public

    theirs, public = new_key("ewhong")
    stranger, _ = new_key("stranger")
    config = (workspace / "byline.toml").read_text(encoding="utf-8")
    config = config.replace('name = "Eugene Whong"', f'name = "Eugene Whong"\nkey = "{public}"')
    (workspace / "byline.toml").write_text(config, encoding="utf-8")
    count = len(read_events(Workspace(workspace).ledger_file("nk")))
    refused = invoke("approve", "nk", "--by", "ewhong", "--sign-with", str(stranger), *ws_args(workspace))
    assert refused.exit_code == 2 and "not on the roster for ewhong" in refused.output
    assert len(read_events(Workspace(workspace).ledger_file("nk"))) == count
    assert invoke("approve", "nk", "--by", "ewhong", "--sign-with", str(theirs), *ws_args(workspace)).exit_code == 0
    assert load(Workspace(workspace), "nk").events[-1].data["sig"]["alg"] == "ed25519"
