"""`byline.toml`: languages, the roster of people, the publication policy, checks.

Loading validates everything once, at the edge, and reports a problem with the
file, the key and the fix; the rest of byline sees immutable named tuples
(CONTRIBUTING.md, "Keep start-up fast", says why not dataclasses).
"""

from __future__ import annotations

import json
import os
from collections import namedtuple
from collections.abc import Mapping
from pathlib import Path

from workflow.cachefile import CACHE_DIR, settled, signature, write_quietly
from workflow.errors import ConfigError, UnknownPersonError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

CONFIG_NAME = "byline.toml"
# byline.toml as parsed, beside its stat signature: importing tomllib and
# parsing costs more than most editor commands' own work.
PARSED_NAME = "config.json"


class Person(namedtuple("Person", "id name roles key organization since", defaults=(None, None, None))):
    """Someone on the roster: the id used with --by and in the ledger.

    `since` (ISO 8601 text) is when their key was enrolled: their events from
    then on must be signed, earlier unsigned ones still verify (docs/security.md).
    """

    __slots__ = ()
    id: str
    name: str
    roles: tuple[str, ...]
    key: str | None
    organization: str | None
    since: str | None


DEFAULT_CREDIT_LINE = "Translated by {translators}. Edited by {editors}."
DEFAULT_MT_NOTE = "machine translation"


DEFAULT_MAY_WAIVE = ("editor", "desk")
DEFAULT_MAY_APPROVE = {"edit": ("editor",), "approve": ("editor", "desk")}
# A stage that `may_approve` does not name is approved by editors.
DEFAULT_APPROVERS = ("editor",)


class Policy(namedtuple("Policy", "required_stages min_editors credit_line require_signatures"
                                  " disclose_machine_translation machine_translation_note may_waive may_approve",
                        defaults=(DEFAULT_MAY_WAIVE, DEFAULT_MAY_APPROVE))):
    """What publication requires, and who may approve and waive (DESIGN.md, `[policy]`)."""

    __slots__ = ()
    required_stages: tuple[str, ...]
    min_editors: int
    credit_line: str
    require_signatures: str  # none | publish | all
    disclose_machine_translation: bool
    machine_translation_note: str
    may_waive: tuple[str, ...]  # roles that may waive policy and content findings
    may_approve: Mapping[str, tuple[str, ...]]  # stage -> roles that may approve it

    def approvers(self, stage: str) -> tuple[str, ...]:
        """The roles that may approve `stage`."""
        return self.may_approve.get(stage, DEFAULT_APPROVERS)


class Config(namedtuple("Config", "path source_lang target_lang organization people policy checks")):
    """A workspace's whole configuration."""

    __slots__ = ()
    path: Path
    source_lang: str
    target_lang: str
    organization: str | None
    people: tuple[Person, ...]
    policy: Policy
    checks: dict[str, Any]

    def person(self, who: str) -> Person:
        """Find a person by roster id or full name (case-insensitive for names)."""
        for person in self.people:
            if who == person.id:
                return person
        for person in self.people:
            if who.casefold() == person.name.casefold():
                return person
        known = ", ".join(p.id for p in self.people) or "nobody yet"
        raise UnknownPersonError(
            f"{self.path}: no person {who!r} on the roster (known: {known}); "
            f'add them as [people.<id>] with name = "…" and roles = ["…"]'
        )

    def person_by_name(self, name: str) -> Person | None:
        """The roster entry whose full name (or id) is `name`, if any."""
        for person in self.people:
            if name.casefold() in (person.name.casefold(), person.id.casefold()):
                return person
        return None


_ROLES_HINT = 'roles = ["translator"] (a list of strings)'


def load_config(path: Path) -> Config:
    """Read and validate `byline.toml`."""
    return _parse(path, _parsed(path))


def _parsed(path: Path) -> dict[str, Any]:
    """The TOML of `byline.toml`: from the cache while the file is unchanged, else parsed (and cached when settled)."""
    try:
        st = os.stat(path)
    except (FileNotFoundError, NotADirectoryError):
        return _parse_toml(path)  # which says what is missing
    cache = os.path.join(path.parent, CACHE_DIR, PARSED_NAME)
    try:
        with open(cache, encoding="utf-8") as handle:
            stored = json.load(handle)
        if stored["signature"] == signature(st) and isinstance(stored["data"], dict):
            return stored["data"]
    except (OSError, ValueError, KeyError, TypeError, RecursionError):  # no cache yet, or a damaged one: parse
        pass
    data = _parse_toml(path)
    if settled(st):
        try:
            text = json.dumps({"signature": signature(st), "data": data}, ensure_ascii=False)
        except (TypeError, ValueError):  # TOML dates and times have no JSON form: such a file is parsed every time
            return data
        write_quietly(cache, text)
    return data


def _parse_toml(path: Path) -> dict[str, Any]:
    import tomllib  # only when byline.toml changed

    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, NotADirectoryError) as exc:
        raise ConfigError(f"{path}: not found; run `byline init` to make a workspace") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text ({exc.reason}); save it as UTF-8") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    except RecursionError as exc:
        raise ConfigError(f"{path}: values nested too deeply to read; flatten the arrays or tables") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror}); check the file") from exc


def _parse(path: Path, data: dict[str, Any]) -> Config:
    workspace = _table(path, data, "workspace")
    people = tuple(_person(path, pid, entry) for pid, entry in _table(path, data, "people").items())
    policy_data = _table(path, data, "policy")
    known_policy = set(Policy._fields)
    for key in policy_data:
        if key not in known_policy:
            raise ConfigError(f"{path}: [policy] has unknown key {key!r}; "
                              f"known keys: {', '.join(sorted(known_policy))}")
    policy = Policy(
        required_stages=tuple(_strings(path, "policy.required_stages",
                                       policy_data.get("required_stages", ["translate", "edit"]))),
        min_editors=_int(path, "policy.min_editors", policy_data.get("min_editors", 1)),
        credit_line=_template(path, policy_data.get("credit_line", DEFAULT_CREDIT_LINE)),
        require_signatures=_choice(path, "policy.require_signatures", policy_data.get("require_signatures", "none"),
                                   ("none", "publish", "all")),
        disclose_machine_translation=_bool(path, "policy.disclose_machine_translation",
                                           policy_data.get("disclose_machine_translation", False)),
        machine_translation_note=_str(path, "policy.machine_translation_note",
                                      policy_data.get("machine_translation_note", DEFAULT_MT_NOTE)),
        may_waive=tuple(_strings(path, "policy.may_waive", policy_data.get("may_waive", list(DEFAULT_MAY_WAIVE)))),
        may_approve=_approvers(path, policy_data.get("may_approve")),
    )
    checks = _table(path, data, "checks")
    return Config(
        path=path,
        source_lang=_str(path, "workspace.source_lang", workspace.get("source_lang", "ko")),
        target_lang=_str(path, "workspace.target_lang", workspace.get("target_lang", "en")),
        organization=_optional_str(path, "workspace.organization", workspace.get("organization")),
        people=people,
        policy=policy,
        checks=checks,
    )


def _table(path: Path, data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key, {})
    if not isinstance(value, dict):
        raise ConfigError(f"{path}: [{key}] must be a table, found {type(value).__name__}")
    return value


def _person(path: Path, pid: str, entry: Any) -> Person:
    from workflow.slug import ID_PATTERN

    if not ID_PATTERN.fullmatch(pid):
        raise ConfigError(f"{path}: [people.{pid}]: ids are lower-case letters, digits, '-' or '_'; rename it")
    if not isinstance(entry, dict):
        raise ConfigError(f"{path}: [people.{pid}] must be a table with name and roles")
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ConfigError(f'{path}: [people.{pid}] needs name = "Full Name"')
    roles = entry.get("roles", [])
    if not isinstance(roles, list) or not all(isinstance(r, str) for r in roles):
        raise ConfigError(f"{path}: [people.{pid}].roles must be {_ROLES_HINT}")
    key = entry.get("key")
    if key is not None and not isinstance(key, str):
        raise ConfigError(f'{path}: [people.{pid}].key must be a string like "ssh-ed25519 AAAA…"')
    organization = _optional_str(path, f"people.{pid}.organization", entry.get("organization"))
    return Person(pid, name.strip(), tuple(roles), key, organization, _since(path, pid, entry.get("since")))


def _since(path: Path, pid: str, value: Any) -> str | None:
    """A key's enrolment: a TOML date or date-time, or the same as text; kept as ISO 8601 text."""
    if value is None:
        return None
    import datetime  # only for rosters that use `since`

    if isinstance(value, datetime.datetime):
        moment = value if value.tzinfo else value.replace(tzinfo=datetime.UTC)
        return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        try:
            if len(value) == 10:
                return datetime.date.fromisoformat(value).isoformat()
            moment = datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
            if moment.tzinfo is not None:
                return moment.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        except ValueError:
            pass
    raise ConfigError(f'{path}: [people.{pid}].since must be a date like 2026-12-01 or a UTC time like '
                      f'"2026-12-01T09:00:00Z" (when their key was enrolled), found {value!r}')


def _approvers(path: Path, value: Any) -> Mapping[str, tuple[str, ...]]:
    if value is None:
        return DEFAULT_MAY_APPROVE
    if not isinstance(value, dict):
        raise ConfigError(f'{path}: [policy] may_approve must be a table like {{ '
                          'edit = ["editor"], approve = ["editor", "desk"] }}')
    return {**DEFAULT_MAY_APPROVE, **{stage: tuple(_strings(path, f"policy.may_approve.{stage}", roles))
                                      for stage, roles in value.items()}}


def _template(path: Path, value: Any) -> str:
    """The credit line template: text with {translators} and {editors} fields only."""
    import string

    template = _str(path, "policy.credit_line", value)
    try:
        fields = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
    except ValueError as exc:
        fields = [f"({exc})"]
    unknown = [f for f in fields if f not in ("translators", "editors")]
    if unknown:
        raise ConfigError(f"{path}: policy.credit_line may use {{translators}} and {{editors}} only, found "
                          f"{unknown[0]!r}; e.g. \"{DEFAULT_CREDIT_LINE}\"")
    return template


def _optional_str(path: Path, key: str, value: Any) -> str | None:
    return None if value is None else _str(path, key, value)


def _bool(path: Path, key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ConfigError(f"{path}: {key} must be true or false, found {value!r}")
    return value


def _str(path: Path, key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ConfigError(f"{path}: {key} must be a string, found {value!r}")
    return value


def _int(path: Path, key: str, value: Any) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ConfigError(f"{path}: {key} must be a whole number >= 0, found {value!r}")
    return value


def _strings(path: Path, key: str, value: Any) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{path}: {key} must be a list of strings, found {value!r}")
    return value


def _choice(path: Path, key: str, value: Any, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise ConfigError(f"{path}: {key} must be one of {', '.join(choices)}, found {value!r}")
    return value


TEMPLATE = """\
# byline workspace: languages, people, publication policy and checks.
# Every command finds this file by searching upward from where it runs.

[workspace]
source_lang = "ko"
target_lang = "en"
# organization = "Radio Free Asia"      # people act on its behalf in provenance reports

# The roster: one table a person. The table name is the id used with --by
# (a full name works too) and in the ledger.
#
# [people.cslee]
# name = "Claire Shinyoung Oh Lee"
# roles = ["translator"]
# key = "ssh-ed25519 AAAA…"             # optional: their events must then be signed
# since = "2026-12-01"                  # with key: enrolled then; their earlier unsigned events still verify
#
# [people.ewhong]
# name = "Eugene Whong"
# roles = ["editor"]

[policy]
required_stages = ["translate", "edit"]  # stages recorded before publication
min_editors = 1                          # distinct editors other than the translator
credit_line = "Translated by {translators}. Edited by {editors}."
# require_signatures = "none"            # none | publish | all
# Who may sign off and waive (roles from the roster). Nobody waives an integrity finding
# (BL4xx), and nobody approves or waives on a translation of their own. These are the defaults:
# may_approve = { edit = ["editor"], approve = ["editor", "desk"] }   # other stages: editors
# may_waive = ["editor", "desk"]         # who may waive policy and content findings
#
# Credit: "Edited by" names the people who recorded a change to the English
# (an edit, a correction, a revert) since the current translation, the
# translators aside, in the order of their first change; approvals, waivers
# and publications are not editing.
# disclose_machine_translation = false   # require a disclosure when MT words survive

[checks]
ignore = []                              # rule codes switched off, e.g. ["BL204"]
# select = []                            # only these rules (empty: all)
# severity = { BL104 = "error" }         # per-rule severity
# glossary: glossary.tsv beside this file, "Korean term<TAB>English" a line (alternatives a|b), checked by BL207
"""
