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
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from workflow.errors import ConfigError, InputError
from workflow.ledger import Event
from workflow.ledger import now as now_stamp
from workflow.workspace import Workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

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
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{path}: cannot read the signing key ({exc.strerror}); "
                         "check --sign-with / BYLINE_SIGNING_KEY") from exc
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise InputError(f"{path}: not an unencrypted OpenSSH private key "
                         f"({exc}); make one with `ssh-keygen -t ed25519 -N ''`") from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise InputError(f"{path}: byline signs with Ed25519 keys only; make one with `ssh-keygen -t ed25519`")
    public = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    key_print = fingerprint(public)

    def sign(event_id: str) -> dict[str, str]:
        value = base64.b64encode(key.sign(event_id.encode("ascii"))).decode()
        return {"key": key_print, "alg": ALGORITHM, "value": value}

    return sign


def verify_signatures(
    ws: Workspace, slug: str, events: Sequence[Event]
) -> tuple[list[tuple[int, str]], list[tuple[str, str, int]]]:
    """Problems (line, message), and which key signed how many events of whom.

    An event is signed for the person accountable for it (`signer`): its
    agent, or the operator of a software agent, never another field. A roster
    `key` may hold several public keys, one a line: after a key change the old
    key stays listed so that earlier events still verify, and the per-key
    counts show where the change happened; a key removed (stolen) fails what
    it signed.
    """
    rules = Rules(ws)
    history = History(events, rules)
    problems: list[tuple[int, str]] = []
    counts: dict[tuple[str, str], int] = {}
    for index, event in enumerate(events):
        signer, message = rules.check(event, history, index)
        if message:
            problems.append((event.line, message))
        elif event.data.get("sig") and signer:
            key = (signer, event.data["sig"]["key"])
            counts[key] = counts.get(key, 0) + 1
    return problems, [(agent, key, n) for (agent, key), n in sorted(counts.items())]


def signature_status(ws: Workspace, events: Sequence[Event],
                     index: int) -> tuple[str, str | None, str | None, str | None]:
    """How the signature of the event at `index` stands, as `verify` judges it (`byline show`).

    (status, signer, key, problem): status "signed" (by `signer`, with the
    key fingerprint `key`), "unsigned", or "invalid" (signed, but not so that
    verify accepts it); `problem` is verify's message when it refuses the
    event (an unsigned event whose author must sign included), else None.
    """
    rules = Rules(ws)
    event = events[index]
    signer, problem = rules.check(event, History(events, rules), index)
    sig = event.data.get("sig")
    if sig is None:
        return "unsigned", signer, None, problem
    return ("invalid" if problem else "signed"), signer, sig.get("key"), problem


def vet(ws: Workspace, events: Sequence[Event], data: Mapping[str, Any]) -> None:
    """Refuse, before it is written, an event that `verify` would reject; say whose key it needs and how to give it."""
    rules = Rules(ws)
    new = Event(len(events) + 1, data)
    # What came before, as far as the new event's rules need it: no earlier signature is re-verified.
    history = History([*events, new], rules)
    signer, message = rules.check(new, history, len(events))
    if not message:
        return
    if signer is not None and new.data.get("sig") is None:
        raise InputError(f"{message.split(';')[0]}: {signer} must sign it; give their private key with "
                         f"--sign-with FILE (or BYLINE_SIGNING_KEY); nothing recorded")
    raise InputError(f"{message}; nothing recorded")


def needs_signature(ws: Workspace, person_id: str, event_type: str) -> bool:
    """Whether an event of this type by this person, recorded now, must be signed (asked before any work is done)."""
    rules = Rules(ws)
    if rules.policy_requires(event_type):
        return True
    if not rules.keys.get(person_id):
        return False
    since, at = rules.since.get(person_id), ledger_time(now_stamp())
    return since is None or at is None or at >= since


class History:
    """What the rules for an unsigned event need of the rest of the ledger: who signed where, and the times before it.

    An unsigned event by a keyed person holds (as one from before their key's
    `since`) only if every event they signed follows it. In a ledger that
    never branched that is "no signed event of theirs before it"; in one that
    desks merged, an event on a side branch can sit early in the file's order
    while no signature of theirs follows it — exactly what an unsigned event
    dated back and merged in later would look like — so the graph decides.
    """

    def __init__(self, events: Sequence[Event], rules: Rules) -> None:
        from workflow import graph

        self.latest: list[datetime | None] = []  # the latest `at` of the events before each one in the file
        latest: datetime | None = None
        for event in events:
            self.latest.append(latest)
            at = ledger_time(event.at)
            if at is not None and (latest is None or at > latest):
                latest = at
        signed: dict[str, list[int]] = {}  # person -> the positions of the events signed for them
        for index, event in enumerate(events):
            if event.data.get("sig"):
                signer = rules.signer(event)[0]
                if signer is not None:
                    signed.setdefault(signer, []).append(index)
        self._chain = graph.is_chain([event.data for event in events])
        self._first = {person: found[0] for person, found in signed.items()}
        self._common: dict[str, int] = {}  # person -> the events that every event they signed follows (bit mask)
        if not self._chain and signed:
            ancestors = graph.ancestor_masks([event.data for event in events])
            for person, found in signed.items():
                common = -1
                for index in found:
                    common &= ancestors[index]
                self._common[person] = common

    def followed_by_every_signature(self, person: str, index: int) -> bool:
        """Whether every event signed for `person` follows the event at `index` (true when they signed none)."""
        if person not in self._first:
            return True
        if self._chain:
            return index < self._first[person]
        return bool(self._common[person] >> index & 1)


class Rules:
    """The roster's keys and `since` dates and the policy: who must sign which event, with which key."""

    def __init__(self, ws: Workspace) -> None:
        config = ws.config
        self.keys = roster_keys(ws)
        self.people = {p.id: p for p in config.people}
        self.since = {p.id: since_time(p.since) for p in config.people if p.since is not None}
        self.policy = config.policy.require_signatures

    def policy_requires(self, event_type: str) -> bool:
        return self.policy == "all" or (self.policy == "publish" and event_type == "publish")

    def check(self, event: Event, history: History, index: int) -> tuple[str | None, str | None]:
        """Whose key the event (at `index` in the file) is signed for, and why it fails (None when it holds)."""
        signer, problem = self.signer(event)
        if problem or signer is None:
            return signer, problem
        what = f"event {event.seq} ({event.type} by {event.agent})"
        at = ledger_time(event.at)
        if at is None:
            return signer, (f"{what}: at {event.at!r} is not a UTC date-time like 2026-11-27T09:14:03Z; "
                            "the line was altered")
        return signer, self._signature_problem(event, signer, at, history, index, what)

    def signer(self, event: Event) -> tuple[str | None, str | None]:
        """The person accountable for the event: its agent, or the operator who ran a software agent."""
        agent = event.data["agent"]
        operator = event.data.get("operator")
        what = f"event {event.seq} ({event.type} by {event.agent})"
        if agent.get("type") == "software":
            if operator is None:
                return None, f"{what}: a software agent's event must name its operator, the person who ran it"
            if operator["id"] not in self.people:
                return None, f"{what}: its operator {operator['id']!r} is not on the roster"
            return operator["id"], None
        if operator is None:
            return event.agent, None
        if self._legacy_import(event):
            return operator["id"], None
        return None, (f"{what} names operator {operator['id']!r}, but its agent is a person: only a software agent's "
                      f"event has an operator, and {event.agent} signs their own events")

    def _legacy_import(self, event: Event) -> bool:
        """A Word import made before `imported_by` (v1): signed, if at all, by who imported it, as it was then.

        Accepted only where the author's own key does not apply, so that it can
        never stand in for a keyed person's signature.
        """
        if event.type not in ("edit", "correct") or event.data.get("v") != 1 or "imported_by" in event.data:
            return False
        if not self.keys.get(event.agent):
            return True
        since, at = self.since.get(event.agent), ledger_time(event.at)
        return since is not None and at is not None and at < since

    def _signature_problem(self, event: Event, signer: str, at: datetime, history: History, index: int,
                           what: str) -> str | None:
        keys = self.keys.get(signer, {})
        sig = event.data.get("sig")
        if sig is None:
            if self.policy_requires(event.type):
                return (f'{what} is not signed; [policy] require_signatures = "{self.policy}" asks for a signature '
                        "here (--sign-with)")
            return self._unsigned_with_key(signer, at, history, index, what) if keys else None
        if not keys:
            return (f"{what} is signed with {sig['key']} but {signer} has no key on the roster; "
                    f"add their public key as [people.{signer}].key")
        public = keys.get(sig["key"])
        if public is None or sig["alg"] != ALGORITHM:
            roster = ", ".join(keys)
            return f"{what} is signed with {sig['alg']} key {sig['key']}, not a roster key of {signer} ({roster})"
        if not _valid(public, sig["value"], event.id):
            return f"{what}: the signature does not match the event (forged or altered)"
        return None

    def _unsigned_with_key(self, signer: str, at: datetime, history: History, index: int, what: str) -> str | None:
        """An unsigned event by a keyed person holds only as one from before their key's `since`."""
        since = self.since.get(signer)
        base = f"{what} is not signed; {signer} has a key on the roster"
        if since is None:
            return (f"{base}, so their events must be signed (--sign-with); if the key was enrolled after this "
                    f"event, give it `since = <date>` in [people.{signer}]")
        if at >= since:
            return f"{base} since {stamp(since)}, so their events from then on must be signed (--sign-with)"
        if not history.followed_by_every_signature(signer, index):
            return (f"{base} and an event of theirs that does not follow this one is signed, so this one cannot be "
                    "from before their key (an unsigned event dated back, or merged in from a branch after they "
                    "began signing)")
        latest = history.latest[index]
        if latest is not None and at < latest:
            return f"{base} and it is dated {stamp(at)}, before an earlier event (times never go back along the ledger)"
        return None


_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:\d{2})")


def ledger_time(value: object) -> datetime | None:
    """An event's `at` as a UTC datetime, or None when it is not an ISO 8601 date-time with its zone."""
    if not isinstance(value, str) or not _STAMP.fullmatch(value):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        return None


def since_time(value: str) -> datetime:
    """A roster `since` (as config keeps it: `YYYY-MM-DD` or a date-time) as a UTC datetime; a date is its midnight."""
    moment = ledger_time(value)
    if moment is not None:
        return moment
    day = date.fromisoformat(value)
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def stamp(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


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


def _public_key(line: str):
    from cryptography.exceptions import UnsupportedAlgorithm
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_ssh_public_key(line.strip().encode())
    except (ValueError, TypeError, UnsupportedAlgorithm) as exc:
        raise ValueError(str(exc) or type(exc).__name__) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("not an Ed25519 key")
    return key


def _valid(public, value: str, event_id: str) -> bool:
    """Whether `value` is the canonical base64 of a good signature of `event_id`."""
    from cryptography.exceptions import InvalidSignature

    try:
        raw = base64.b64decode(value, validate=True)
        # base64 lets a few strings decode to the same bytes; only the canonical one counts
        if base64.b64encode(raw).decode() != value:
            return False
        public.verify(raw, event_id.encode("ascii"))
    except (InvalidSignature, ValueError):
        return False
    return True
