"""Ed25519 signatures on events, with the OpenSSH keys people already have.

An event's `sig` holds the key's fingerprint (as `ssh-keygen -l` prints it),
the algorithm, and the signature over the event `id`. The roster says which
key belongs to whom; verify checks each signature against the key of the
event's agent. cryptography is imported only when a key is used.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Callable, Sequence

from workflow.errors import ConfigError, InputError
from workflow.ledger import Event
from workflow.workspace import Workspace

ALGORITHM = "ed25519"


def fingerprint(public_line: str) -> str:
    """`SHA256:…` of an OpenSSH public key line, as `ssh-keygen -l` shows it."""
    parts = public_line.split()
    if len(parts) < 2:
        raise ValueError("not an OpenSSH public key line")
    blob = base64.b64decode(parts[1])
    return "SHA256:" + base64.b64encode(hashlib.sha256(blob).digest()).decode().rstrip("=")


def load_signer(path: Path) -> Callable[[str], dict[str, str]]:
    """A function that signs an event id with the OpenSSH Ed25519 private key at `path`."""
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: PLC0415

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the signing key ({exc.strerror}); check --sign-with / BYLINE_SIGNING_KEY") from exc
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except (ValueError, TypeError) as exc:
        raise InputError(f"{path}: not an unencrypted OpenSSH private key ({exc}); make one with `ssh-keygen -t ed25519 -N ''`") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{path}: byline signs with Ed25519 keys only; make one with `ssh-keygen -t ed25519`")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    print_ = fingerprint(public)

    def sign(event_id: str) -> dict[str, str]:
        value = base64.b64encode(key.sign(event_id.encode("ascii"))).decode()
        return {"key": print_, "alg": ALGORITHM, "value": value}

    return sign


def verify_signatures(ws: Workspace, slug: str, events: Sequence[Event]) -> tuple[list[tuple[int, str]], list[tuple[str, str, int]]]:
    """Problems (line, message), and which key signed how many events of whom."""
    config = ws.config
    policy = config.policy.require_signatures
    keys = {}
    for person in config.people:
        if person.key:
            try:
                keys[person.id] = (_public_key(person.key), fingerprint(person.key))
            except ValueError as exc:
                raise ConfigError(f"{config.path}: [people.{person.id}].key is not a valid ssh-ed25519 public key ({exc})") from exc
    problems: list[tuple[int, str]] = []
    counts: dict[tuple[str, str], int] = {}
    for event in events:
        sig = event.data.get("sig")
        agent = event.data.get("operator", {}).get("id") or event.agent
        required = agent in keys or policy == "all" or (policy == "publish" and event.type == "publish")
        if sig is None:
            if required:
                problems.append((event.line, f"event {event.seq} ({event.type} by {agent}) is not signed; its author's events must be"))
            continue
        if agent not in keys:
            problems.append((event.line, f"event {event.seq} is signed by {sig.get('key')} but {agent} has no key on the roster"))
            continue
        public, expected = keys[agent]
        if sig.get("key") != expected or sig.get("alg") != ALGORITHM:
            problems.append((event.line, f"event {event.seq} is signed with key {sig.get('key')}, not {agent}'s roster key {expected}"))
            continue
        if not _valid(public, sig.get("value", ""), event.id):
            problems.append((event.line, f"event {event.seq}: the signature does not match the event (forged or altered)"))
            continue
        counts[(agent, expected)] = counts.get((agent, expected), 0) + 1
    return problems, [(agent, key, n) for (agent, key), n in sorted(counts.items())]


def _public_key(line: str):  # type: ignore[no-untyped-def]
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: PLC0415

    try:
        key = serialization.load_ssh_public_key(line.encode())
    except (ValueError, TypeError, Exception) as exc:  # cryptography raises several kinds
        raise ValueError(str(exc)) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 key")
    return key


def _valid(public, value: str, event_id: str) -> bool:  # type: ignore[no-untyped-def]
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    try:
        public.verify(base64.b64decode(value, validate=True), event_id.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
