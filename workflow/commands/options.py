"""Options shared by many commands, and how commands print."""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from workflow.commands.command import arg
from workflow.config import Person
from workflow.errors import InputError
from workflow.workspace import Workspace, find_workspace

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from typing import Any

article_argument = arg("article", help="The article's slug, e.g. nk-laptops (`byline status` lists them).")
articles_argument = arg("articles", nargs="*", help="Article slugs (default: every article).")
workspace_option = arg(
    "--workspace", dest="workspace_dir", type=Path, metavar="DIR",
    help="Workspace folder (default: the nearest folder upward with byline.toml).",
)
json_option = arg("--json", dest="as_json", action="store_true", help="Print JSON instead of text.")
by_option = arg("--by", dest="who", required=True, metavar="WHO", help="Who did this: a roster id or a full name.")
note_option = arg("--note", metavar="TEXT", help="A short note kept with the event.")
stage_option = arg("--stage", default="edit", metavar="STAGE",
                   help="The workflow stage (edit, copyedit, fact-check, …; default: edit).")
sign_option = arg(
    "--sign-with", dest="sign_with", type=Path, metavar="FILE", action="append",
    help="OpenSSH Ed25519 private key to sign with (default: $BYLINE_SIGNING_KEY); once per author of a Word "
         "file's tracked changes.",
)


def open_workspace(workspace_dir: Path | None) -> Workspace:
    return find_workspace(explicit=workspace_dir)


def person(ws: Workspace, who: str) -> Person:
    return ws.config.person(who)


def _key_paths(key_paths: list[Path] | None) -> list[Path]:
    """The keys given with --sign-with (any number), else $BYLINE_SIGNING_KEY's."""
    if key_paths:
        return list(key_paths)
    return [Path(os.environ["BYLINE_SIGNING_KEY"])] if os.environ.get("BYLINE_SIGNING_KEY") else []


def signer(ws: Workspace, who: Person, key_paths: list[Path] | None) -> Callable[[str], dict[str, str]] | None:
    """The signing function for `who`'s event, from the keys given (or None when none was).

    A key that is not one of the person's roster keys is refused now, before
    anything is recorded, rather than found later by `verify`; whether an
    unsigned event may be recorded at all is decided when it is recorded.
    """
    paths = _key_paths(key_paths)
    if not paths:
        return None
    from workflow.signing import load_signer, roster_keys

    theirs = roster_keys(ws).get(who.id)
    loaded = [(path, load_signer(path)) for path in paths]
    if theirs is None:
        return loaded[0][1] if len(loaded) == 1 else None
    for _, sign in loaded:
        if sign("")["key"] in theirs:
            return sign
    path, sign = loaded[0]
    raise InputError(
        f"{path if len(loaded) == 1 else 'the keys given'}: {'key ' + sign('')['key'] if len(loaded) == 1 else 'none'} "
        f"is not on the roster for {who.id}; sign with one of their keys or add its .pub line to "
        f"[people.{who.id}].key in {ws.config.path}"
    )


def signers(ws: Workspace, key_paths: list[Path] | None) -> dict[str, Callable[[str], dict[str, str]]]:
    """Every key given, by the roster person it belongs to (Word files: one key per author of tracked changes)."""
    paths = _key_paths(key_paths)
    if not paths:
        return {}
    from workflow.signing import load_signer, roster_keys

    owners = {fingerprint: pid for pid, keys in roster_keys(ws).items() for fingerprint in keys}
    found: dict[str, Callable[[str], dict[str, str]]] = {}
    for path in paths:
        sign = load_signer(path)
        owner = owners.get(sign("")["key"])
        if owner is None:
            raise InputError(f"{path}: key {sign('')['key']} is on nobody's roster entry in {ws.config.path}; "
                             "add its .pub line to the person's key")
        found[owner] = sign
    return found


def emit_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def emit_json_items(key: str, items: Iterator[Any]) -> None:
    """Print `{key: [items…]}` exactly as emit_json would, one item at a time (an archive stays out of memory)."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        print(("{\n  " + json.dumps(key) + ": [\n    " if first else ",\n    ") + text, end="")
        first = False
    print("{\n  " + json.dumps(key) + ": []\n}" if first else "\n  ]\n}")
