"""The record cannot lie about people (issue 16): one test per way it could, end to end through the CLI.

Each test names the item of the issue's "What is wrong today" that it pins.
Signing tests use real `ssh-keygen` keys, as people make theirs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ENGLISH, KOREAN, invoke

from workflow.canonical import canonical
from workflow.ledger import event_id
from workflow.signing import load_signer

REPO = Path(__file__).resolve().parents[1]
needs_ssh_keygen = pytest.mark.skipif(shutil.which("ssh-keygen") is None,
                                      reason="ssh-keygen (openssh-client) not installed")


# --- helpers ------------------------------------------------------------------------


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(*args, "--workspace", str(root))


def ledger(root: Path, slug: str = "nk") -> Path:
    return root / "translations" / slug / "provenance.jsonl"


def events(root: Path, slug: str = "nk") -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in ledger(root, slug).read_text(encoding="utf-8").splitlines()]


def en_md(root: Path, slug: str = "nk") -> Path:
    return root / "translations" / slug / "en.md"


def ssh_key(stem: Path) -> tuple[Path, str]:
    """A key pair made by `ssh-keygen -t ed25519 -N ''`: (private key path, public line)."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", stem.name, "-f", str(stem)], check=True)
    return stem, stem.with_suffix(".pub").read_text().strip()


def add_key(root: Path, person: str, public: str, since: str | None = None) -> None:
    """Put a key line (and its `since`) into the roster entry of `person`."""
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    header = f"\n[people.{person}]\n"
    assert header in text
    extra = f"since = {since}\n" if since else ""
    config.write_text(text.replace(header, f'{header}key = "{public}"\n{extra}', 1), encoding="utf-8")


def set_policy(root: Path, line: str) -> None:
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("\n[policy]\n", f"\n[policy]\n{line}\n", 1), encoding="utf-8")


def keyed(root: Path, *people: str) -> dict[str, Path]:
    """Give each person a real ssh-keygen key on the roster; their private key paths."""
    found = {}
    for who in people:
        private, public = ssh_key(root.parent / "keys" / who)
        add_key(root, who, public)
        found[who] = private
    return found


def append_raw(root: Path, fields: dict, sign_with: Path | None = None, slug: str = "nk") -> dict:  # type: ignore[type-arg]
    """Append a hand-made event, chained and hashed as byline would: what someone with write access can do."""
    existing = events(root, slug)
    last = existing[-1] if existing else None
    data = {
        "v": 2,
        "seq": last["seq"] + 1 if last else 1,
        "prev": last["id"] if last else None,
        "parents": [last["id"]] if last else [],
        "article": slug,
        "lang": "en",
        "at": "2026-11-30T10:00:00Z",
        **fields,
    }
    data["id"] = event_id(data)
    if sign_with is not None:
        data["sig"] = load_signer(sign_with)(data["id"])
    with open(ledger(root, slug), "ab") as handle:
        handle.write(canonical(data) + b"\n")
    return data


def rechain(root: Path, change, slug: str = "nk") -> None:  # type: ignore[no-untyped-def]
    """Rewrite every event with `change(event) -> signer path or None`, recomputing seq, prev, id and sig."""
    rewritten, prev = [], None
    for data in events(root, slug):
        data.pop("sig", None)
        key = change(data)
        data["prev"] = prev
        if data.get("v") == 2:
            data["parents"] = [prev] if prev else []
        data["id"] = event_id(data)
        if key is not None:
            data["sig"] = load_signer(key)(data["id"])
        prev = data["id"]
        rewritten.append(canonical(data))
    ledger(root, slug).write_bytes(b"\n".join(rewritten) + b"\n")


def signature_problems(root: Path, line: int, slug: str = "nk") -> list[str]:
    """What `verify --json` says about the signature of one ledger line."""
    result = run(root, "verify", slug, "--json")
    findings = json.loads(result.stdout)["articles"][0]["findings"]
    return [f["message"] for f in findings if f["kind"] == "signature" and f["line"] == line]


def person_json(pid: str, name: str, role: str) -> dict[str, str]:
    return {"id": pid, "name": name, "role": role}


def sample(tmp_path: Path) -> Path:
    """A copy of this repository's sample workspace (byline.toml, sources, translations)."""
    root = tmp_path / "sample"
    root.mkdir()
    shutil.copy(REPO / "byline.toml", root / "byline.toml")
    shutil.copytree(REPO / "sources", root / "sources")
    shutil.copytree(REPO / "translations", root / "translations")
    return root


def byline_subprocess(root: Path, *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    """Run byline in its own process, for inputs that could hang or exhaust memory."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-m", "workflow", *args, "--workspace", str(root)], capture_output=True,
                          text=True, timeout=timeout, env=env, stdin=subprocess.DEVNULL)


def one_line_error(result, code: int = 2) -> None:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output


def make_docx(path: Path, paragraphs: list[list[tuple[str, ...]]]) -> Path:
    """A minimal Word file: each paragraph a list of pieces ("t", text) or ("ins"|"del", text, author, date)."""
    import zipfile
    from xml.sax.saxutils import escape, quoteattr

    def piece(kind: str, text: str, author: str = "", date: str = "") -> str:
        if kind == "t":
            return f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>'
        mark = f"w:author={quoteattr(author)} w:date={quoteattr(date)}"
        if kind == "ins":
            return f'<w:ins w:id="1" {mark}><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:ins>'
        return f'<w:del w:id="2" {mark}><w:r><w:delText xml:space="preserve">{escape(text)}</w:delText></w:r></w:del>'

    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = "".join(f"<w:p>{''.join(piece(*p) for p in pieces)}</w:p>" for pieces in paragraphs)
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr(
            "word/document.xml", f'<?xml version="1.0"?><w:document xmlns:w="{ns}"><w:body>{body}</w:body></w:document>'
        )
    return path


def foster_docx(path: Path) -> Path:
    """The fixture's English with one tracked change by Malcolm Foster (who may hold a roster key)."""
    return make_docx(path, [
        [("t", "North Korea cracks down on unregistered laptops")],
        [("t", "North Korean authorities are cracking down on unregistered laptops and tablets, residents said. "
               '"From now on, you will be punished as a spy," a resident of Ryanggang province said.')],
        [("t", "The program cost $110 million. "), ("del", "Three residents", "Malcolm Foster", "2026-11-27T08:00:00Z"),
         ("ins", "Three people", "Malcolm Foster", "2026-11-27T08:00:00Z"), ("t", " were arrested.")],
    ])


# --- 1. Signing as someone else -----------------------------------------------------


@needs_ssh_keygen
def test_1a_an_operators_signature_does_not_sign_for_the_agent(workspace: Path) -> None:
    """Item 1: "publish by mfoster" carrying `operator: cslee` and cslee's signature must not verify."""
    keys = keyed(workspace, "cslee", "mfoster")
    append_raw(
        workspace,
        {
            "type": "publish",
            "stage": "publish",
            "agent": person_json("mfoster", "Malcolm Foster", "editor"),
            "operator": person_json("cslee", "Claire Shinyoung Oh Lee", "translator"),
            "base": {},
            "output": {},
            "checks": {},
        },
        sign_with=keys["cslee"],
    )
    assert any("mfoster" in message for message in signature_problems(workspace, line=3))


@needs_ssh_keygen
def test_1b_an_unsigned_approval_with_a_ghost_operator_fails(workspace: Path) -> None:
    """Item 1: an unsigned approval by mfoster (who has a key) with `operator: ghost` must not verify."""
    keyed(workspace, "mfoster")
    append_raw(
        workspace,
        {
            "type": "approve",
            "stage": "approve",
            "agent": person_json("mfoster", "Malcolm Foster", "editor"),
            "operator": person_json("ghost", "Nobody", "editor"),
            "base": {"source": "sha256:0", "target": "sha256:0"},
        },
    )
    assert any("mfoster" in message for message in signature_problems(workspace, line=3))


@needs_ssh_keygen
def test_1c_one_person_cannot_re_sign_a_rewritten_chain(workspace: Path) -> None:
    """Item 1: under require_signatures = "all", one key holder rewrites the chain as operator of every event."""
    keys = keyed(workspace, "cslee")
    set_policy(workspace, 'require_signatures = "all"')

    def as_operator(data: dict) -> Path:  # type: ignore[type-arg]
        data["operator"] = person_json("cslee", "Claire Shinyoung Oh Lee", "translator")
        return keys["cslee"]

    rechain(workspace, as_operator)
    result = run(workspace, "verify", "nk", "--json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["articles"][0]["findings"]
    assert any(f["kind"] == "signature" and "reporter" in f["message"] for f in findings), findings


@needs_ssh_keygen
def test_1d_word_tracked_changes_by_a_keyed_author_need_that_authors_signature(workspace: Path, tmp_path: Path) -> None:
    """Item 1: recording a Word file whose tracked changes are by a keyed person, without their signature."""
    keys = keyed(workspace, "mfoster")
    before = ledger(workspace).read_bytes()
    docx = foster_docx(tmp_path / "x.docx")
    refused = run(workspace, "record", "nk", "--from", str(docx), "--by", "reporter")
    one_line_error(refused)
    assert "mfoster" in refused.output and "--sign-with" in refused.output
    assert ledger(workspace).read_bytes() == before
    done = run(workspace, "record", "nk", "--from", str(docx), "--by", "reporter", "--sign-with", str(keys["mfoster"]))
    assert done.exit_code == 0, done.output
    last = events(workspace)[-1]
    assert last["agent"]["id"] == "mfoster" and last["imported_by"]["id"] == "reporter" and "operator" not in last
    assert run(workspace, "verify", "nk").exit_code == 0


# --- 2. Unsigned events get written, then fail forever ----------------------------------


@needs_ssh_keygen
@pytest.mark.parametrize("command", [
    pytest.param(["approve", "nk", "--by", "ewhong"], id="approve"),
    pytest.param(["record", "nk", "--by", "ewhong"], id="record"),
])
def test_2a_a_keyed_person_must_sign_before_anything_is_written(workspace: Path, command: list[str]) -> None:
    """Item 2: approve/record by a person with a roster key, without --sign-with, are refused and write nothing."""
    keyed(workspace, "ewhong")
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    if command[0] == "approve":
        assert run(workspace, "record", "nk", "--by", "mfoster").exit_code == 0
    before = ledger(workspace).read_bytes()
    result = run(workspace, *command)
    one_line_error(result)
    assert "ewhong" in result.output and "--sign-with" in result.output
    assert ledger(workspace).read_bytes() == before


@needs_ssh_keygen
def test_2b_publish_under_a_signing_policy_refuses_unsigned_and_writes_no_page(workspace: Path) -> None:
    """Item 2: require_signatures = "publish" and an unsigned publish: exit 2, no en.html, ledger unchanged."""
    set_policy(workspace, 'require_signatures = "publish"')
    before = ledger(workspace).read_bytes()
    result = run(workspace, "publish", "nk", "--by", "mfoster", "--force")
    one_line_error(result)
    assert "require_signatures" in result.output and "--sign-with" in result.output
    assert not (workspace / "translations" / "nk" / "en.html").exists()
    assert ledger(workspace).read_bytes() == before


# --- 3. Unrecorded work is destroyed ---------------------------------------------------


PARAGRAPH = "\nA paragraph that was written but never recorded.\n"


@pytest.mark.parametrize("command", [
    pytest.param(["approve", "nk", "--by", "ewhong"], id="approve"),
    pytest.param(["waive", "nk", "--rule", "BL204", "--by", "ewhong", "--reason", "reported speech"], id="waive"),
    pytest.param(["publish", "nk", "--by", "ewhong", "--force"], id="publish-force"),
    pytest.param(["record", "nk", "--by", "ewhong", "--from", "{other}"], id="record-from-other"),
])
def test_3a_unrecorded_english_survives_every_command(workspace: Path, tmp_path: Path, command: list[str]) -> None:
    """Item 3: an appended paragraph in en.md is never silently overwritten."""
    other = tmp_path / "other.md"
    other.write_text(ENGLISH.replace("Three residents", "Three people"), encoding="utf-8")
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    result = run(workspace, *[a.replace("{other}", str(other)) for a in command])
    kept = "never recorded" in en.read_text(encoding="utf-8") or any(
        "never recorded" in p.read_text(encoding="utf-8") for p in en.parent.glob("en.md.*") if p.name in result.output)
    assert kept, result.output
    if result.exit_code != 0:
        one_line_error(result)
        assert "en.md" in result.output and "byline record" in result.output


def test_3b_unrecorded_po_edit_survives_an_approval(workspace: Path) -> None:
    """Item 3: a changed msgstr in en.po is not overwritten by a command that rewrites the working files."""
    po = workspace / "translations" / "nk" / "en.po"
    po.write_text(po.read_text(encoding="utf-8").replace("Three residents were arrested.", "Three people were held."),
                  encoding="utf-8")
    result = run(workspace, "approve", "nk", "--by", "ewhong")
    assert "Three people were held." in po.read_text(encoding="utf-8"), result.output
    one_line_error(result)
    assert "en.po" in result.output and "byline record" in result.output


def test_3c_a_rewrapped_paragraph_is_not_an_unrecorded_change(workspace: Path) -> None:
    """Item 3 (the one comparison): a line break inside a paragraph equals a space, and byline keeps the wrapping."""
    en = en_md(workspace)
    wrapped = en.read_text(encoding="utf-8").replace(
        "laptops and tablets, residents", "laptops and tablets,\nresidents"
    )
    en.write_text(wrapped, encoding="utf-8")
    assert run(workspace, "verify", "nk").exit_code == 0
    assert run(workspace, "approve", "nk", "--by", "ewhong").exit_code == 0
    assert en.read_text(encoding="utf-8") == wrapped


# --- 4. Gates anyone can lift --------------------------------------------------------------


@pytest.mark.parametrize("rule", ["BL401", "BL402", "BL403", "BL404"])
def test_4a_integrity_findings_cannot_be_waived(workspace: Path, rule: str) -> None:
    """Item 4: nobody, not even an editor, waives an integrity finding."""
    before = ledger(workspace).read_bytes()
    result = run(workspace, "waive", "nk", "--rule", rule, "--by", "ewhong", "--reason", "trust me")
    one_line_error(result)
    assert rule in result.output
    assert ledger(workspace).read_bytes() == before


def test_4b_a_hand_made_integrity_waiver_does_not_open_the_gate(workspace: Path) -> None:
    """Item 4: a waiver of BL402 already in a ledger (written by hand or an old byline) waives nothing."""
    append_raw(workspace, {"type": "waive", "stage": "waive", "agent": person_json("ewhong", "Eugene Whong", "editor"),
                           "rule": "BL402", "reason": "trust me", "base": {}})
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8") + PARAGRAPH, encoding="utf-8")
    result = run(workspace, "check", "nk", "--json", "--no-cache")
    findings = json.loads(result.stdout)["findings"]
    assert any(f["rule"] == "BL402" and not f.get("waived") for f in findings), result.stdout


@pytest.mark.parametrize(("who", "rule"), [
    pytest.param("reporter", "BL302", id="reporter-waives-policy"),
    pytest.param("cslee", "BL302", id="translator-waives-own-editor-rule"),
    pytest.param("cslee", "BL204", id="translator-waives-content-on-own-translation"),
])
def test_4c_policy_and_content_findings_are_waived_only_by_the_roles_the_policy_names(
    workspace: Path, who: str, rule: str
) -> None:
    """Item 4: [policy] may_waive (default editors and desk), never the article's translator."""
    before = ledger(workspace).read_bytes()
    result = run(workspace, "waive", "nk", "--rule", rule, "--by", who, "--reason", "fine by me")
    one_line_error(result)
    assert who in result.output and "may_waive" in result.output
    assert ledger(workspace).read_bytes() == before


def test_4d_a_translator_cannot_approve_and_publish_their_own_work(workspace: Path) -> None:
    """Item 4: the translator alone approves, waives the editor rule and publishes: each step is refused."""
    approve = run(workspace, "approve", "nk", "--by", "cslee", "--stage", "edit")
    one_line_error(approve)
    assert "cslee" in approve.output
    waive = run(workspace, "waive", "nk", "--rule", "BL302", "--by", "cslee", "--reason", "I checked it")
    one_line_error(waive)
    publish = run(workspace, "publish", "nk", "--by", "cslee")
    assert publish.exit_code == 1 and "BL302" in publish.output


def test_4e_a_translator_with_the_editor_role_is_not_the_editor_of_their_own_translation(workspace: Path) -> None:
    """Item 4: roles alone do not make a translator their own editor."""
    config = workspace / "byline.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace('roles = ["translator"]', 'roles = ["translator", "editor"]'),
        encoding="utf-8",
    )
    result = run(workspace, "approve", "nk", "--by", "cslee", "--stage", "edit")
    one_line_error(result)
    assert "translat" in result.output


@pytest.mark.parametrize(("args", "expected"), [
    pytest.param(["--rule", "BL999"], "BL999", id="unknown-rule"),
    pytest.param(["--rule", "BL204", "--unit", "s99"], "s99", id="unknown-unit"),
])
def test_4f_unknown_rules_and_units_are_refused(workspace: Path, args: list[str], expected: str) -> None:
    """Item 4: `waive --rule BL999` is refused, not recorded for good."""
    before = ledger(workspace).read_bytes()
    result = run(workspace, "waive", "nk", *args, "--by", "ewhong", "--reason", "typo")
    one_line_error(result)
    assert expected in result.output
    assert ledger(workspace).read_bytes() == before


def test_4g_approving_a_stage_needs_a_role_the_policy_names(workspace: Path) -> None:
    """Item 4: a reporter cannot approve `edit`; an editor can."""
    refused = run(workspace, "approve", "nk", "--by", "reporter", "--stage", "edit")
    one_line_error(refused)
    assert "reporter" in refused.output
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--stage", "edit").exit_code == 0


# --- 5. Credit means "touched" -------------------------------------------------------------


def test_5a_a_desk_approval_is_not_editing(tmp_path: Path) -> None:
    """Item 5: `approve --by rfa-korean` on the sample leaves the credit line as it is."""
    root = sample(tmp_path)
    expected = "Translated by Claire Shinyoung Oh Lee. Edited by Eugene Whong and Malcolm Foster."
    result = run(root, "approve", "nk-laptops", "--by", "rfa-korean")
    assert result.exit_code == 0, result.output
    assert run(root, "credit", "nk-laptops").stdout.strip() == expected


def test_5b_status_and_credit_name_the_same_editors(workspace: Path) -> None:
    """Item 5: status and credit use one rule: approvals and waivers are not editing."""
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    assert run(workspace, "approve", "nk", "--by", "mfoster").exit_code == 0
    assert (
        run(workspace, "waive", "nk", "--rule", "BL204", "--by", "mfoster", "--reason", "reported speech").exit_code
        == 0
    )
    credit = json.loads(run(workspace, "credit", "nk", "--json").stdout)
    status = json.loads(run(workspace, "status", "nk", "--json").stdout)["articles"][0]
    assert credit["editors"] == ["ewhong"]
    assert status["editors"] == credit["editors"]


def test_5c_a_second_translation_over_edits_asks_for_replace(workspace: Path, tmp_path: Path) -> None:
    """Item 5: `translate` over an edited article says what it replaces; with --replace, the old editors lose credit."""
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    again = tmp_path / "again.md"
    again.write_text(ENGLISH.replace("cracking down on", "clamping down on"), encoding="utf-8")
    before = ledger(workspace).read_bytes()
    refused = run(workspace, "translate", "nk", "--from", str(again), "--by", "mfoster")
    one_line_error(refused)
    assert "--replace" in refused.output and "ewhong" in refused.output
    assert ledger(workspace).read_bytes() == before
    done = run(workspace, "translate", "nk", "--from", str(again), "--by", "mfoster", "--replace")
    assert done.exit_code == 0, done.output
    assert ledger(workspace).read_bytes().startswith(before)  # the earlier work stays on the record
    assert run(workspace, "credit", "nk").stdout.strip() == "Translated by Malcolm Foster."


# --- 6. Hostile working files -------------------------------------------------------------


def test_6a_a_symlinked_en_md_is_never_read_into_the_ledger(workspace: Path, tmp_path: Path) -> None:
    """Item 6: en.md as a symlink to a file outside the workspace (a private key, /etc/passwd)."""
    secret = tmp_path / "id_ed25519"
    secret.write_text("-----BEGIN OPENSSH PRIVATE KEY-----\nsecret\n", encoding="utf-8")
    en = en_md(workspace)
    en.unlink()
    en.symlink_to(secret)
    before = ledger(workspace).read_bytes()
    result = run(workspace, "record", "nk", "--by", "ewhong")
    one_line_error(result)
    assert "en.md" in result.output
    assert ledger(workspace).read_bytes() == before
    verified = run(workspace, "verify", "nk")
    assert verified.exit_code == 1 and "secret" not in verified.output


# A hostile en.md is bad input to a command that writes (exit 2) and a finding to verify (exit 1).
EXPECTED_EXIT = {"record": 2, "approve": 2, "verify": 1}


@pytest.mark.parametrize("command", ["record", "verify"])
def test_6b_en_md_as_dev_zero_is_refused_without_reading_it(workspace: Path, command: str) -> None:
    """Item 6: en.md → /dev/zero must not grow memory without bound."""
    en = en_md(workspace)
    en.unlink()
    en.symlink_to("/dev/zero")
    args = ["record", "nk", "--by", "ewhong"] if command == "record" else ["verify", "nk"]
    result = byline_subprocess(workspace, *args)
    # record refuses the input (2); verify reports the working file as a finding (1)
    assert result.returncode == EXPECTED_EXIT[command] and "Traceback" not in result.stderr, result.stderr
    assert "en.md" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["record", "verify"])
def test_6c_a_fifo_does_not_hang(workspace: Path, command: str) -> None:
    """Item 6: en.md as a FIFO with no writer must not hang `verify` or `record`."""
    en = en_md(workspace)
    en.unlink()
    os.mkfifo(en)
    args = ["record", "nk", "--by", "ewhong"] if command == "record" else ["verify", "nk"]
    result = byline_subprocess(workspace, *args, timeout=30)
    assert result.returncode == EXPECTED_EXIT[command] and "Traceback" not in result.stderr, result.stderr
    assert "en.md" in result.stdout + result.stderr


@pytest.mark.parametrize("command", ["record", "verify", "approve"])
def test_6d_a_directory_is_an_input_error(workspace: Path, command: str) -> None:
    """Item 6: en.md as a directory gives one line, no traceback."""
    en = en_md(workspace)
    en.unlink()
    en.mkdir()
    args = {"record": ["record", "nk", "--by", "ewhong"], "verify": ["verify", "nk"],
            "approve": ["approve", "nk", "--by", "ewhong"]}[command]
    result = run(workspace, *args)
    assert result.exit_code == EXPECTED_EXIT[command], result.output
    assert "Traceback" not in result.output and "en.md" in result.output


@pytest.mark.parametrize("kind", ["fifo", "folder", "dev-zero"])
def test_6f_no_reading_command_hangs_or_breaks_on_a_hostile_working_file(workspace: Path, kind: str) -> None:
    """Item 6: the check cache and the archive index hash working files too; they never read one that is not a file."""
    en = en_md(workspace)
    en.unlink()
    {"fifo": os.mkfifo, "folder": os.mkdir, "dev-zero": lambda p: os.symlink("/dev/zero", p)}[kind](en)
    # check fails on the unreadable file (1); the read-only views still answer (0)
    commands = {("check", "nk"): 1, ("report", "nk", "--format", "md"): 0, ("status",): 0, ("credit", "--all"): 0}
    for command, code in commands.items():
        result = byline_subprocess(workspace, *command, timeout=60)
        assert (result.returncode, "Traceback" in result.stderr, "internal error" in result.stderr) == (
            code, False, False), (command, result.stderr)
    assert "en.md" in byline_subprocess(workspace, "check", "nk").stdout


def test_6e_an_oversized_en_md_is_refused_before_it_is_read(workspace: Path) -> None:
    """Item 6: a working file over the size cap (a sparse 1 GB file here) is an input error."""
    en = en_md(workspace)
    with open(en, "r+b") as handle:
        handle.truncate(1 << 30)
    result = byline_subprocess(workspace, "record", "nk", "--by", "ewhong")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "en.md" in result.stderr and "limit" in result.stderr


# --- 7. Events from another article --------------------------------------------------------


def _copy_article(root: Path, old: str, new: str) -> None:
    shutil.copytree(root / "translations" / old, root / "translations" / new)
    shutil.copytree(root / "sources" / old, root / "sources" / new)


def test_7a_a_ledger_copied_into_another_article_fails(workspace: Path) -> None:
    """Item 7: the ledger of `nk` copied to `nk2` verifies ok today, every signature intact."""
    _copy_article(workspace, "nk", "nk2")
    result = run(workspace, "verify", "nk2", "--json")
    assert result.exit_code == 1
    findings = json.loads(result.stdout)["articles"][0]["findings"]
    assert any("nk2" in f["message"] and f["line"] == 1 for f in findings), findings
    check = run(workspace, "check", "nk2", "--no-cache")
    assert "BL404" in check.output
    before = ledger(workspace, "nk2").read_bytes()
    refused = run(workspace, "approve", "nk2", "--by", "ewhong")  # nothing is appended to such a ledger
    assert refused.exit_code == 1 and "belongs to article 'nk'" in refused.output
    assert ledger(workspace, "nk2").read_bytes() == before


def test_7b_an_event_spliced_in_from_another_article_fails(workspace: Path) -> None:
    """Item 7: one event of article `other`, re-chained onto `nk`."""
    spliced = append_raw(workspace, {"type": "approve", "stage": "approve", "article": "other",
                                     "agent": person_json("ewhong", "Eugene Whong", "editor"),
                                     "base": {"source": "sha256:0", "target": "sha256:0"}})
    assert spliced["article"] == "other"
    result = run(workspace, "verify", "nk")
    assert result.exit_code == 1 and "other" in result.output, result.output


# --- 8. repair throws away a complete event ---------------------------------------------------


def test_8_a_complete_last_event_without_its_newline_is_completed(workspace: Path) -> None:
    """Item 8: a ledger whose last line lost only its newline (as some editors save it)."""
    path = ledger(workspace)
    whole = path.read_bytes()
    path.write_bytes(whole[:-1])
    result = run(workspace, "repair", "nk")
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == whole
    assert not list(path.parent.glob("provenance.jsonl.torn-*"))
    assert run(workspace, "verify", "nk").exit_code == 0


# --- 9. Head-less stale exports undo colleagues --------------------------------------------------


def _strip_head(path: Path, fmt: str) -> None:
    text = path.read_text(encoding="utf-8")
    if fmt == "po":
        lines = [line for line in text.splitlines(keepends=True) if "X-Byline-Head" not in line]
        path.write_text("".join(lines), encoding="utf-8")
    else:
        import re

        path.write_text(re.sub(r'<note category="byline-head">[^<]*</note>', "", text), encoding="utf-8")
        assert "byline-head" not in path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_9_a_headless_stale_export_does_not_revert_a_colleagues_edit(workspace: Path, tmp_path: Path, fmt: str) -> None:
    """Item 9: a PO or XLIFF 2.1 file whose head marker was removed, recorded after a colleague's edit."""
    exported = tmp_path / f"nk.{'po' if fmt == 'po' else 'xlf'}"
    assert run(workspace, "export", "nk", "--format", fmt, "-o", str(exported)).exit_code == 0
    _strip_head(exported, fmt)
    en = en_md(workspace)
    en.write_text(
        en.read_text(encoding="utf-8").replace("Three residents were arrested.", "Three residents were detained."),
        encoding="utf-8",
    )
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    # The translator's own change, made in the old export, to another unit:
    text = exported.read_text(encoding="utf-8")
    exported.write_text(
        text.replace("The program cost $110 million.", "The programme cost $110 million."), encoding="utf-8"
    )
    result = run(workspace, "record", "nk", "--from", str(exported), "--by", "mfoster")
    assert result.exit_code == 0, result.output  # merged three-way against the version it was made from
    current = en.read_text(encoding="utf-8")
    assert "detained" in current and "programme" in current  # the colleague's edit stands beside the new one
    assert run(workspace, "verify", "nk").exit_code == 0


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_9b_a_headless_export_that_rewrites_a_colleagues_sentence_is_refused(workspace: Path, tmp_path: Path,
                                                                              fmt: str) -> None:
    """Item 9: what the head-less file would revert (or overwrite) is refused and named."""
    exported = tmp_path / f"nk.{'po' if fmt == 'po' else 'xlf'}"
    assert run(workspace, "export", "nk", "--format", fmt, "-o", str(exported)).exit_code == 0
    _strip_head(exported, fmt)
    en = en_md(workspace)
    en.write_text(
        en.read_text(encoding="utf-8").replace("Three residents were arrested.", "Three residents were detained."),
        encoding="utf-8",
    )
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    text = exported.read_text(encoding="utf-8")
    exported.write_text(text.replace("Three residents were arrested.", "Three people were arrested."), encoding="utf-8")
    before = ledger(workspace).read_bytes()
    result = run(workspace, "record", "nk", "--from", str(exported), "--by", "mfoster")
    one_line_error(result, code=1)  # as for a stale export that names its head (workflow.steps.stale)
    unit = next(u["unit"] for u in events(workspace)[-1]["units"])
    assert f"not recorded: {unit}" in result.output and "ewhong" in result.output
    assert ledger(workspace).read_bytes() == before and "detained" in en.read_text(encoding="utf-8")


# --- 10. A key added later breaks the past ----------------------------------------------------------


@needs_ssh_keygen
def test_10a_a_key_enrolled_from_a_date_keeps_earlier_unsigned_events_valid(workspace: Path) -> None:
    """Item 10: a desk that starts signing after its first week."""
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0  # unsigned, before the key
    _, public = ssh_key(workspace.parent / "keys" / "ewhong")
    assert events(workspace)[-1]["at"] < "2030-01-01T00:00:00Z"
    add_key(workspace, "ewhong", public, since="2030-01-01T00:00:00Z")  # a TOML date-time: enrolled from then on
    result = run(workspace, "verify", "nk")
    assert result.exit_code == 0, result.output


@needs_ssh_keygen
def test_10b_after_enrolment_unsigned_events_fail_and_a_stolen_key_fails_what_it_signed(workspace: Path) -> None:
    """Item 10: `since` is a point on: later unsigned events fail, and removing a key fails what it signed."""
    os.environ["BYLINE_NOW"] = "2026-12-02T09:00:00Z"
    try:
        private, public = ssh_key(workspace.parent / "keys" / "ewhong")
        add_key(workspace, "ewhong", public, since="2026-12-01")
        assert run(workspace, "verify", "nk").exit_code == 0
        assert run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(private)).exit_code == 0
        assert run(workspace, "verify", "nk").exit_code == 0
        # an unsigned event by ewhong dated before `since`, after his signed one: not before enrolment
        append_raw(
            workspace,
            {
                "type": "waive",
                "stage": "waive",
                "agent": person_json("ewhong", "Eugene Whong", "editor"),
                "rule": "BL204",
                "reason": "backdated",
                "base": {},
                "at": "2026-11-30T00:00:00Z",
            },
        )
        assert run(workspace, "verify", "nk").exit_code == 1
    finally:
        del os.environ["BYLINE_NOW"]


# --- 11. Invisible and control characters; malformed input -------------------------------------------


def test_11a_bidi_controls_in_the_english_are_an_error_naming_code_point_and_unit(workspace: Path) -> None:
    """Item 11: U+202E reaches the published HTML unflagged today."""
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("$110 million", "$\u202e011 million"), encoding="utf-8")
    assert run(workspace, "record", "nk", "--by", "ewhong").exit_code == 0
    result = run(workspace, "check", "nk", "--no-cache", "--json")
    findings = json.loads(result.stdout)["findings"]
    hit = [f for f in findings if f["rule"] == "BL208"]
    assert hit and hit[0]["severity"] == "error" and "U+202E" in hit[0]["message"] and hit[0]["unit"], findings


def test_11b_invisible_format_characters_in_the_korean_are_an_error(empty_workspace: Path) -> None:
    """Item 11: the same check reads the Korean."""
    root = empty_workspace
    (root / "ko.md").write_text(KOREAN.replace("주민 3명이", "주민 \u20663\u2069명이"), encoding="utf-8")
    (root / "en.md").write_text(ENGLISH, encoding="utf-8")
    assert run(root, "ingest", str(root / "ko.md"), "--article", "nk", "--by", "reporter").exit_code == 0
    assert run(root, "translate", "nk", "--from", str(root / "en.md"), "--by", "cslee").exit_code == 0
    result = run(root, "check", "nk", "--no-cache", "--json")
    findings = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "BL208"]
    assert findings and "U+2066" in findings[0]["message"] and findings[0]["unit"], result.stdout


def test_11c_markdown_report_escapes_html_in_notes_and_reasons(workspace: Path) -> None:
    """Item 11: raw HTML in a note or a waiver reason must not pass into the Markdown report."""
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--note", "<script>alert(1)</script>").exit_code == 0
    assert run(workspace, "waive", "nk", "--rule", "BL204", "--by", "ewhong",
               "--reason", '<img src=x onerror="alert(2)">').exit_code == 0
    report = run(workspace, "report", "nk", "--format", "md").stdout
    assert "<script>" not in report and "<img" not in report
    assert "alert(1)" in report  # the words stay, escaped


def test_11d_terminal_output_escapes_control_characters(workspace: Path) -> None:
    """Item 11: ESC/OSC sequences in names and notes must not reach the terminal through log or credit."""
    config = workspace / "byline.toml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            'name = "Eugene Whong"', 'name = "Eugene\\u001b]0;pwned\\u0007 Whong"'
        ),
        encoding="utf-8",
    )
    en = en_md(workspace)
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert run(workspace, "record", "nk", "--by", "ewhong", "--note", "fix \x1b[2J\x1b[31mlede").exit_code == 0
    for command in (["log", "nk"], ["credit", "nk"], ["status", "nk"], ["blame", "nk"]):
        out = run(workspace, *command).output
        assert "\x1b" not in out and "\x07" not in out, (command, out)


@pytest.mark.parametrize(
    "config",
    [
        pytest.param("[workspace]\norganization = 5\n", id="organization-not-a-string"),
        pytest.param('[policy]\ndisclose_machine_translation = "yes"\n', id="bool-as-string"),
        pytest.param(
            '[people.x]\nname = "X"\nroles = ["editor"]\norganization = ["a"]\n', id="person-organization-list"
        ),
        pytest.param('[checks]\nignore = "BL204"\n', id="ignore-not-a-list"),
        pytest.param(
            '[people.x]\nname = "X"\nroles = ["editor"]\nextra = ' + "[" * 5000 + "]" * 5000 + "\n", id="deep-nesting"
        ),
        pytest.param('[people.x]\nname = "X"\nroles = ["editor"]\nsince = "last week"\n', id="since-not-a-date"),
    ],
)
def test_11e_malformed_config_values_are_one_line_errors(workspace: Path, config: str) -> None:
    """Item 11: a byline.toml with wrong types or deep nesting gives a traceback today."""
    path = workspace / "byline.toml"
    path.write_text(path.read_text(encoding="utf-8") + "\n" + config, encoding="utf-8")
    for command in (["status", "nk"], ["check", "nk", "--no-cache"], ["credit", "nk"]):
        result = run(workspace, *command)
        one_line_error(result)
        assert "byline.toml" in result.output


def test_11f_a_non_date_byline_now_is_an_input_error(workspace: Path) -> None:
    """Item 11: BYLINE_NOW=yesterday must not be written into the ledger."""
    before = ledger(workspace).read_bytes()
    os.environ["BYLINE_NOW"] = "yesterday"
    try:
        result = run(workspace, "approve", "nk", "--by", "ewhong")
    finally:
        del os.environ["BYLINE_NOW"]
    one_line_error(result)
    assert "BYLINE_NOW" in result.output
    assert ledger(workspace).read_bytes() == before


def test_11g_a_non_date_at_in_the_ledger_is_a_finding_not_a_traceback(workspace: Path) -> None:
    """Item 11: an event whose `at` is not a date (re-chained by hand)."""
    append_raw(
        workspace,
        {
            "type": "approve",
            "stage": "approve",
            "agent": person_json("ewhong", "Eugene Whong", "editor"),
            "base": {"source": "sha256:0", "target": "sha256:0"},
            "at": "yesterday",
        },
    )
    for command in (["verify", "nk"], ["status", "nk"], ["log", "nk"], ["check", "nk", "--no-cache"]):
        result = run(workspace, *command)
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, (command, result.output)
    assert "yesterday" in run(workspace, "verify", "nk").output


def test_11h_a_read_only_file_system_is_one_line_exit_2(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 11: every write fails with EROFS (a read-only mount; root ignores file modes, so it is simulated)."""
    import errno

    real_open = os.open
    real_mkdir = os.mkdir

    def read_only_open(path, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and str(path).startswith(str(workspace)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_open(path, flags, *args, **kwargs)

    def read_only_mkdir(path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if os.path.exists(path):
            raise FileExistsError(errno.EEXIST, "File exists", str(path))
        if str(path).startswith(str(workspace)):
            raise OSError(errno.EROFS, "Read-only file system", str(path))
        return real_mkdir(path, *args, **kwargs)

    before = ledger(workspace).read_bytes()
    monkeypatch.setattr(os, "open", read_only_open)
    monkeypatch.setattr(os, "mkdir", read_only_mkdir)
    for command in (["approve", "nk", "--by", "ewhong"], ["check", "nk"], ["status", "nk"]):
        result = run(workspace, *command)
        assert result.exit_code in (0, 1, 2) and "Traceback" not in result.output, (command, result.output)
        if command[0] == "approve":
            one_line_error(result)
            assert "read-only" in result.output.lower()
    monkeypatch.undo()
    assert ledger(workspace).read_bytes() == before


# --- Undo as a new event -------------------------------------------------------------------------------


def _two_edits(root: Path) -> None:
    """ewhong changes the last paragraph (#3), then mfoster the lede (#4)."""
    en = en_md(root)
    en.write_text(
        en.read_text(encoding="utf-8").replace("Three residents were arrested.", "Three residents were detained."),
        encoding="utf-8",
    )
    assert run(root, "record", "nk", "--by", "ewhong").exit_code == 0
    en.write_text(en.read_text(encoding="utf-8").replace("residents said", "locals said"), encoding="utf-8")
    assert run(root, "record", "nk", "--by", "mfoster").exit_code == 0


def _authors(root: Path, word: str) -> set[str]:
    tokens = json.loads(run(root, "blame", "nk", "--json").stdout)["tokens"]
    return {t["agent"] for t in tokens if t["text"].strip(".,\"") == word}


def test_revert_of_the_last_change_restores_text_and_authorship(workspace: Path) -> None:
    """`byline revert` records a new event; the text and its authors are what they were before the change."""
    _two_edits(workspace)
    before = ledger(workspace).read_bytes()
    head = events(workspace)[-1]["id"]
    result = run(workspace, "revert", "nk", head[7:15], "--by", "ewhong", "--note", "the lede was right")
    assert result.exit_code == 0, result.output
    assert ledger(workspace).read_bytes().startswith(before)
    last = events(workspace)[-1]
    assert last["type"] == "edit" and last["reverts"] == head
    text = en_md(workspace).read_text(encoding="utf-8")
    assert "residents said" in text and "detained" in text
    assert _authors(workspace, "residents") == {"cslee"}
    assert run(workspace, "verify", "nk").exit_code == 0


def test_revert_of_an_earlier_change_keeps_the_later_ones(workspace: Path) -> None:
    """Reverting #3 (not the last event) is a three-way merge: mfoster's later lede change stays."""
    _two_edits(workspace)
    result = run(workspace, "revert", "nk", "3", "--by", "mfoster", "--note", "arrested is what the source says")
    assert result.exit_code == 0, result.output
    text = en_md(workspace).read_text(encoding="utf-8")
    assert "Three residents were arrested." in text and "locals said" in text
    assert _authors(workspace, "arrested") == {"cslee"} and _authors(workspace, "locals") == {"mfoster"}
    assert run(workspace, "verify", "nk").exit_code == 0


@pytest.mark.parametrize(("ref", "expected"), [
    pytest.param("sha256:", "more than one", id="ambiguous-prefix"),
    pytest.param("zzzz", "no event", id="unknown"),
    pytest.param("1", "changes no English", id="not-a-text-change"),
])
def test_revert_refuses_what_it_cannot_undo(workspace: Path, ref: str, expected: str) -> None:
    """Event references follow DESIGN "Ids": id prefixes, or a sequence number while it is unique."""
    _two_edits(workspace)
    before = ledger(workspace).read_bytes()
    result = run(workspace, "revert", "nk", ref, "--by", "ewhong", "--note", "undo")
    one_line_error(result)
    assert expected in result.output
    assert ledger(workspace).read_bytes() == before
