"""Signed events: OpenSSH keys, verify against the roster, forged, missing and wrong-key signatures."""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import add_key, crypto_key, invoke

from workflow.errors import InputError
from workflow.ledger import Event, canonical, event_id
from workflow.signing import History, Rules, fingerprint, load_signer

B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
needs_ssh_keygen = pytest.mark.skipif(
    shutil.which("ssh-keygen") is None, reason="ssh-keygen (openssh-client) not installed"
)


def ssh_key(stem: Path) -> tuple[Path, str]:
    """A key pair made by `ssh-keygen -t ed25519 -N ''`, as people make theirs."""
    stem.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "test", "-f", str(stem)], check=True)
    return stem, stem.with_suffix(".pub").read_text().strip()


def set_policy(root: Path, value: str) -> None:
    config = root / "byline.toml"
    text = config.read_text(encoding="utf-8")
    config.write_text(
        text.replace("\n[policy]\n", f'\n[policy]\nrequire_signatures = "{value}"\n', 1), encoding="utf-8"
    )


def run(root: Path, *args: str):  # type: ignore[no-untyped-def]
    return invoke(*args, "--workspace", str(root))


def verify_json(root: Path) -> tuple[int, dict]:
    result = run(root, "verify", "--json")
    return result.exit_code, json.loads(result.output)


@needs_ssh_keygen
def test_fingerprint_is_what_ssh_keygen_prints(tmp_path: Path) -> None:
    private, public = ssh_key(tmp_path / "id_ed25519")
    shown = subprocess.run(["ssh-keygen", "-l", "-f", str(private.with_suffix(".pub"))], capture_output=True, text=True,
                           check=True).stdout.split()[1]
    assert fingerprint(public) == shown
    assert load_signer(private)("sha256:00")["key"] == shown


@needs_ssh_keygen
def test_signed_approval_verifies_with_ssh_keygen_key(workspace: Path) -> None:
    private, public = ssh_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(private)).exit_code == 0
    result = run(workspace, "verify")
    assert result.exit_code == 0, result.output
    assert f"ewhong signed 1 with {fingerprint(public)}" in result.output
    line = (workspace / "translations" / "nk" / "provenance.jsonl").read_text().splitlines()[-1]
    sig = json.loads(line)["sig"]
    assert sig["alg"] == "ed25519" and sig["key"] == fingerprint(public)


def test_signing_key_from_environment(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    private, public = crypto_key(workspace / "keys" / "mfoster")
    add_key(workspace, "mfoster", public)
    monkeypatch.setenv("BYLINE_SIGNING_KEY", str(private))
    assert run(workspace, "approve", "nk", "--by", "mfoster").exit_code == 0
    assert (
        run(workspace, "waive", "nk", "--rule", "BL201", "--by", "mfoster", "--reason", "figures checked").exit_code
        == 0
    )
    code, report = verify_json(workspace)
    assert code == 0 and report["ok"]
    assert report["articles"][0]["signed"] == [{"agent": "mfoster", "key": fingerprint(public), "events": 2}]


def test_missing_signature_fails_for_a_person_with_a_key(workspace: Path) -> None:
    _, public = crypto_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    ledger = workspace / "translations" / "nk" / "provenance.jsonl"
    before = ledger.read_bytes()
    result = run(workspace, "approve", "nk", "--by", "ewhong")  # refused before writing: it could never verify
    assert result.exit_code == 2 and "ewhong must sign it" in result.output and "--sign-with" in result.output
    assert ledger.read_bytes() == before


def test_wrong_key_fails(workspace: Path) -> None:
    _, ewhong_public = crypto_key(workspace / "keys" / "ewhong")
    mfoster_private, mfoster_public = crypto_key(workspace / "keys" / "mfoster")
    add_key(workspace, "ewhong", ewhong_public)
    add_key(workspace, "mfoster", mfoster_public)
    refused = run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(mfoster_private))
    assert refused.exit_code == 2 and "not on the roster for ewhong" in refused.output
    # Tried behind the command's back, through the library: the recording protocol refuses it too.
    from workflow.signing import load_signer
    from workflow.steps.signoff import approve
    from workflow.workspace import Workspace

    ws = Workspace(workspace)
    with pytest.raises(
        InputError,
        match=re.escape(f"signed with ed25519 key {fingerprint(mfoster_public)}, not a roster key of ewhong"),
    ):
        approve(ws, "nk", ws.config.person("ewhong"), signer=load_signer(mfoster_private))


def test_forged_signature_fails(workspace: Path) -> None:
    private, public = crypto_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(private)).exit_code == 0
    path = workspace / "translations" / "nk" / "provenance.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1]
    data = json.loads(lines[-1])
    # a real signature by the right key, but over another message
    data["sig"] = load_signer(private)("sha256:" + "0" * 64)
    path.write_bytes(b"\n".join([*lines[:-1], canonical(data)]) + b"\n")
    result = run(workspace, "verify")
    assert result.exit_code == 1 and "event 3 (approve by ewhong): the signature does not match" in result.output


def test_rewritten_chain_is_caught_by_the_signature(workspace: Path) -> None:
    """Someone with write access recomputes every hash after changing a signed event.

    The chain holds; the signature does not.
    """
    private, public = crypto_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    assert (
        run(workspace, "approve", "nk", "--by", "ewhong", "--note", "fine", "--sign-with", str(private)).exit_code == 0
    )
    path = workspace / "translations" / "nk" / "provenance.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data["note"] = "not fine"
    data["id"] = event_id(data)
    path.write_bytes(b"\n".join([*lines[:-1], canonical(data)]) + b"\n")
    code, report = verify_json(workspace)
    assert code == 1
    kinds = [f["kind"] for f in report["articles"][0]["findings"]]
    assert "signature" in kinds and "chain" not in kinds  # the chain itself holds; en.po's head id differs too


def test_key_change_shows_which_key_signed_what(workspace: Path) -> None:
    old_private, old_public = crypto_key(workspace / "keys" / "old")
    new_private, new_public = crypto_key(workspace / "keys" / "new")
    add_key(workspace, "ewhong", old_public)
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(old_private)).exit_code == 0
    config = workspace / "byline.toml"
    before = config.read_text(encoding="utf-8")
    config.write_text(before.replace(old_public, f"{old_public}\n{new_public}"), encoding="utf-8")
    assert run(workspace, "waive", "nk", "--rule", "BL201", "--by", "ewhong", "--reason", "ok", "--sign-with",
               str(new_private)).exit_code == 0
    code, report = verify_json(workspace)
    assert code == 0
    assert sorted((s["key"], s["events"]) for s in report["articles"][0]["signed"]) == sorted(
        [(fingerprint(old_public), 1), (fingerprint(new_public), 1)]
    )
    config.write_text(before.replace(old_public, new_public), encoding="utf-8")  # the old key dropped
    result = run(workspace, "verify")
    assert result.exit_code == 1 and f"key {fingerprint(old_public)}, not a roster key of ewhong" in result.output


def test_policy_all_requires_everyone_to_sign(workspace: Path) -> None:
    set_policy(workspace, "all")
    result = run(workspace, "verify")
    assert result.exit_code == 1
    assert "event 1 (ingest by reporter) is not signed; [policy] require_signatures = \"all\"" in result.output


def test_invalid_roster_key_is_a_config_error(workspace: Path) -> None:
    add_key(workspace, "ewhong", "ssh-ed25519 AAAAnotakey")
    result = run(workspace, "verify")
    assert result.exit_code == 2 and "[people.ewhong].key is not a valid ssh-ed25519 public key" in result.output


def _event(type_: str, sig: dict | None, agent: str = "ewhong", operator: str | None = None) -> Event:
    data = {"v": 1, "seq": 1, "prev": None, "type": type_, "article": "a", "at": "2026-11-27T00:00:00Z",
            "agent": {"id": agent, "name": agent, "role": "editor"}}
    if operator:
        data["operator"] = {"id": operator, "name": operator, "role": "translator"}
    data["id"] = event_id(data)
    if sig is not None:
        data["sig"] = sig
    return Event(1, data)


@pytest.fixture(scope="module")
def keypair(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from workflow.signing import _public_key

    private, public = crypto_key(tmp_path_factory.mktemp("keys") / "k")
    return load_signer(private), fingerprint(public), _public_key(public)


CASES = [
    # (id, type, signed?, person has key?, policy, problem expected)
    ("unsigned-no-key-policy-none", "approve", None, False, "none", None),
    ("unsigned-with-key", "approve", None, True, "none", "is not signed; ewhong has a key on the roster"),
    ("unsigned-publish-policy-publish", "publish", None, False, "publish", 'require_signatures = "publish"'),
    ("unsigned-edit-policy-publish", "edit", None, False, "publish", None),
    ("unsigned-policy-all", "edit", None, False, "all", 'require_signatures = "all"'),
    ("signed-good", "publish", "good", True, "publish", None),
    ("signed-no-roster-key", "edit", "good", False, "none", "has no key on the roster"),
    ("signed-other-alg", "edit", "rsa", True, "none", "signed with rsa key"),
    ("signed-other-event", "edit", "other-event", True, "none", "does not match"),
    ("signed-not-base64", "edit", "garbage", True, "none", "does not match"),
    ("signed-noncanonical-base64", "edit", "noncanonical", True, "none", "does not match"),
]


@pytest.mark.parametrize(
    ("type_", "signed", "has_key", "policy", "expected"), [pytest.param(*c[1:], id=c[0]) for c in CASES]
)
def test_signature_rules(
    keypair, type_: str, signed: str | None, has_key: bool, policy: str, expected: str | None
) -> None:  # type: ignore[no-untyped-def]
    sign, print_, public = keypair
    event = _event(type_, None)
    sig = None
    if signed is not None:
        sig = dict(sign(event.id if signed != "other-event" else "sha256:other"))
        if signed == "rsa":
            sig["alg"] = "rsa"
        elif signed == "garbage":
            sig["value"] = "!!not base64!!"
        elif signed == "noncanonical":
            raw = base64.b64decode(sig["value"])
            # 64 bytes end in one byte encoded by two characters; the second one's low 4 bits are padding
            sig["value"] = sig["value"][:-3] + B64[B64.index(sig["value"][-3]) ^ 1] + "=="
            assert base64.b64decode(sig["value"]) == raw  # same bytes, different text
    event = _event(type_, sig)
    problem = _check(event, {print_: public} if has_key else {}, policy)
    if expected is None:
        assert problem is None
    else:
        assert problem is not None and expected in problem


def _rules(keys: dict, policy: str = "none") -> Rules:  # type: ignore[type-arg]
    """The signing rules for a roster of ewhong and cslee, ewhong holding `keys`."""
    rules = Rules.__new__(Rules)
    rules.keys = {"ewhong": keys} if keys else {}
    rules.people = {"ewhong": None, "cslee": None}  # type: ignore[dict-item]
    rules.since = {}
    rules.policy = policy
    return rules


def _check(event: Event, keys: dict, policy: str) -> str | None:  # type: ignore[type-arg]
    rules = _rules(keys, policy)
    return rules.check(event, History([event], rules), 0)[1]


def test_machine_translation_is_signed_by_its_operator(keypair) -> None:  # type: ignore[no-untyped-def]
    machine = _event("translate", None, agent="mt:deepl", operator="cslee")
    machine.data["agent"]["type"] = "software"
    assert _rules({}).signer(machine) == ("cslee", None)
    assert _rules({}).signer(_event("edit", None)) == ("ewhong", None)
    # a person's event carrying an operator is nobody's to sign for them
    signer, problem = _rules({}).signer(_event("approve", None, operator="cslee"))
    assert signer is None and problem is not None and "only a software agent" in problem


def _ecdsa_key(path: Path) -> Path:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    key = ec.generate_private_key(ec.SECP256R1())
    path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH,
                                       serialization.NoEncryption()))
    return path


def _encrypted_key(path: Path) -> Path:
    if shutil.which("ssh-keygen") is None:
        pytest.skip("ssh-keygen (openssh-client) not installed")
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "a passphrase", "-f", str(path)], check=True)
    return path


BAD_KEYS = [
    pytest.param(lambda p: p / "absent", "cannot read the signing key", id="missing-file"),
    pytest.param(
        lambda p: (p / "junk").write_text("hello") and p / "junk", "not an unencrypted OpenSSH private key", id="junk"
    ),
    pytest.param(lambda p: _encrypted_key(p / "enc"), "not an unencrypted OpenSSH private key", id="passphrase"),
    pytest.param(lambda p: _ecdsa_key(p / "ecdsa"), "Ed25519 keys only", id="ecdsa-key"),
    pytest.param(lambda p: p, "cannot read the signing key", id="folder"),
]


@pytest.mark.parametrize(("make", "message"), BAD_KEYS)
def test_unusable_signing_keys(tmp_path: Path, make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError, match=message):
        load_signer(make(tmp_path))


def test_policy_publish_requires_a_signed_publication(workspace: Path) -> None:
    set_policy(workspace, "publish")
    private, public = crypto_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    assert run(workspace, "verify").exit_code == 0  # unsigned ingest and translate are fine under this policy
    unsigned = run(workspace, "publish", "nk", "--by", "mfoster", "--force")
    assert unsigned.exit_code == 2 and "require_signatures" in unsigned.output  # refused: no page, no event
    assert run(workspace, "publish", "nk", "--by", "ewhong", "--force", "--sign-with", str(private)).exit_code == 0
    code, report = verify_json(workspace)
    assert code == 0, report
    assert report["articles"][0]["signed"] == [{"agent": "ewhong", "key": fingerprint(public), "events": 1}]


def _legacy_import(agent_has_key: bool) -> Event:
    """A v1 Word import as byline wrote it before `imported_by`: ewhong's edit, cslee as operator, unsigned."""
    data = {"v": 1, "seq": 1, "prev": None, "type": "edit", "article": "a", "at": "2026-11-27T00:00:00Z",
            "agent": {"id": "ewhong", "name": "ewhong", "role": "editor"},
            "operator": {"id": "cslee", "name": "cslee", "role": "translator"}}
    data["id"] = event_id(data)
    return Event(1, data)


def test_v1_word_imports_keep_verifying_only_where_the_authors_key_does_not_apply(keypair) -> None:  # type: ignore[no-untyped-def]
    _, print_, public = keypair
    event = _legacy_import(agent_has_key=False)
    assert _check(event, {}, "none") is None  # as before: the importer (operator) had no key either
    assert "only a software agent" in (_check(event, {print_: public}, "none") or "")  # never in a keyed author's name
    as_v2 = dict(event.data, v=2)
    as_v2["id"] = event_id(as_v2)
    assert "only a software agent" in (_check(Event(1, as_v2), {}, "none") or "")  # new events use imported_by


def test_a_ledger_with_a_forged_signature_supports_no_credit_line(workspace: Path) -> None:
    """`credit` replayed without verifying, so a ledger `verify` rejects still gave a credit line (exit 0)."""
    private, public = crypto_key(workspace / "keys" / "ewhong")
    add_key(workspace, "ewhong", public)
    assert run(workspace, "approve", "nk", "--by", "ewhong", "--sign-with", str(private)).exit_code == 0
    assert run(workspace, "credit", "nk").exit_code == 0
    path = workspace / "translations" / "nk" / "provenance.jsonl"
    lines = path.read_bytes().split(b"\n")[:-1]
    data = json.loads(lines[-1])
    data["sig"] = load_signer(private)("sha256:" + "0" * 64)
    path.write_bytes(b"\n".join([*lines[:-1], canonical(data)]) + b"\n")
    result = run(workspace, "credit", "nk")
    assert result.exit_code == 1 and "the signature does not match" in result.output
    assert "supports no credit line" in result.output
