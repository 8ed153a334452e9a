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
    "--sign-with", dest="sign_with", type=Path, metavar="FILE",
    help="OpenSSH Ed25519 private key to sign the event with (default: $BYLINE_SIGNING_KEY).",
)


def open_workspace(workspace_dir: Path | None) -> Workspace:
    return find_workspace(explicit=workspace_dir)


def person(ws: Workspace, who: str) -> Person:
    return ws.config.person(who)


def signer(ws: Workspace, who: Person, key_path: Path | None) -> Callable[[str], dict[str, str]] | None:
    """A signing function for the event id, when a key was given.

    Without --sign-with, the key named by $BYLINE_SIGNING_KEY signs. A key
    that is not one of the person's roster keys is refused now, before
    anything is recorded, rather than found later by `verify`.
    """
    if key_path is None and os.environ.get("BYLINE_SIGNING_KEY"):
        key_path = Path(os.environ["BYLINE_SIGNING_KEY"])
    if key_path is None:
        return None
    from workflow.signing import load_signer, roster_keys  # noqa: PLC0415

    sign = load_signer(key_path)
    theirs = roster_keys(ws).get(who.id)
    if theirs is not None:
        key = sign("")["key"]
        if key not in theirs:
            raise InputError(
                f"{key_path}: key {key} is not on the roster for {who.id}; "
                f"sign with one of their keys or add its .pub line to [people.{who.id}].key in {ws.config.path}"
            )
    return sign


def emit_json(value: Any) -> None:
    print(json.dumps(value, ensure_ascii=False, indent=2))


def emit_json_items(key: str, items: Iterator[Any]) -> None:
    """Print `{key: [items…]}` exactly as emit_json would, one item at a time (an archive's worth stays out of memory)."""
    first = True
    for item in items:
        text = json.dumps(item, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        print(("{\n  " + json.dumps(key) + ": [\n    " if first else ",\n    ") + text, end="")
        first = False
    print("{\n  " + json.dumps(key) + ": []\n}" if first else "\n  ]\n}")
