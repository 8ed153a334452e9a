"""Ed25519 signatures on events, with the OpenSSH keys people already have.

An event's `sig` holds the key's fingerprint (as `ssh-keygen -l` prints it),
the algorithm, and the signature over the event `id`. The roster says which
keys belong to whom (one or more `ssh-ed25519` lines); verify checks each
signature against the keys of the event's agent. cryptography is imported only
when a key is used.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

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
    from cryptography.exceptions import UnsupportedAlgorithm  # noqa: PLC0415
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: PLC0415

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the signing key ({exc.strerror}); check --sign-with / BYLINE_SIGNING_KEY") from exc
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InputError(f"{path}: not an unencrypted OpenSSH private key ({exc}); make one with `ssh-keygen -t ed25519 -N ''`") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{path}: byline signs with Ed25519 keys only; make one with `ssh-keygen -t ed25519`")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    key_print = fingerprint(public)

    def sign(event_id: str) -> dict[str, str]:
        value = base64.b64encode(key.sign(event_id.encode("ascii"))).decode()
        return {"key": key_print, "alg": ALGORITHM, "value": value}

    return sign


def verify_signatures(ws: Workspace, slug: str, events: Sequence[Event]) -> tuple[list[tuple[int, str]], list[tuple[str, str, int]]]:
    """Problems (line, message), and which key signed how many events of whom.

    A roster `key` may hold several public keys, one a line: after a key
    change the old key stays listed so that earlier events still verify, and
    the per-key counts show where the change happened.
    """
    keys = roster_keys(ws)
    policy = ws.config.policy.require_signatures
    problems: list[tuple[int, str]] = []
    counts: dict[tuple[str, str], int] = {}
    for event in events:
        agent = signer_id(event)
        message = _check_event(event, agent, keys.get(agent, {}), policy)
        if message:
            problems.append((event.line, message))
        elif event.data.get("sig"):
            key = (agent, event.data["sig"]["key"])
            counts[key] = counts.get(key, 0) + 1
    return problems, [(agent, key, n) for (agent, key), n in sorted(counts.items())]


def signer_id(event: Event) -> str:
    """Whose key must sign the event: the agent, or the operator of a machine translation."""
    operator = event.data.get("operator")
    return operator["id"] if isinstance(operator, dict) else event.agent


def roster_keys(ws: Workspace) -> dict[str, dict[str, object]]:
    """Each person's accepted public keys, by fingerprint."""
    config = ws.config
    keys: dict[str, dict[str, object]] = {}
    for person in config.people:
        for line in (person.key or "").splitlines():
            if not line.strip():
                continue
            try:
                keys.setdefault(person.id, {})[fingerprint(line)] = _public_key(line)
            except ValueError as exc:
                raise ConfigError(
                    f"{config.path}: [people.{person.id}].key is not a valid ssh-ed25519 public key ({exc}); "
                    "paste the whole line of the .pub file"
                ) from exc
    return keys


def _check_event(event: Event, agent: str, keys: dict[str, object], policy: str) -> str | None:
    """Why the event's signature (or its absence) fails, or None when it holds."""
    sig = event.data.get("sig")
    what = f"event {event.seq} ({event.type} by {agent})"
    if sig is None:
        required = bool(keys) or policy == "all" or (policy == "publish" and event.type == "publish")
        return f"{what} is not signed; {_why_required(keys, policy)}" if required else None
    if not keys:
        return (f"{what} is signed with {sig['key']} but {agent} has no key on the roster; "
                f"add their public key as [people.{agent}].key")
    public = keys.get(sig["key"])
    if public is None or sig["alg"] != ALGORITHM:
        return f"{what} is signed with {sig['alg']} key {sig['key']}, not a roster key of {agent} ({', '.join(keys)})"
    if not _valid(public, sig["value"], event.id):
        return f"{what}: the signature does not match the event (forged or altered)"
    return None


def _why_required(keys: dict[str, object], policy: str) -> str:
    if keys:
        return "its author has a key on the roster, so their events must be signed (--sign-with)"
    return f'[policy] require_signatures = "{policy}" asks for a signature here (--sign-with)'


def _public_key(line: str):  # type: ignore[no-untyped-def]
    from cryptography.exceptions import UnsupportedAlgorithm  # noqa: PLC0415
    from cryptography.hazmat.primitives import serialization  # noqa: PLC0415
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey  # noqa: PLC0415

    try:
        key = serialization.load_ssh_public_key(line.strip().encode())
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 key")
    return key


def _valid(public, value: str, event_id: str) -> bool:  # type: ignore[no-untyped-def]
    """Whether `value` is the canonical base64 of a good signature of `event_id`."""
    from cryptography.exceptions import InvalidSignature  # noqa: PLC0415

    try:
        raw = base64.b64decode(value, validate=True)
        # base64 lets a few strings decode to the same bytes; only the canonical one counts
        if base64.b64encode(raw).decode() != value:
            return False
        public.verify(raw, event_id.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
