"""Options shared by many commands, and how commands print."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

import click

from workflow.config import Person
from workflow.errors import InputError
from workflow.workspace import Workspace, find_workspace

workspace_option = click.option(
    "--workspace", "workspace_dir", type=click.Path(file_okay=False, path_type=Path),
    help="Workspace folder (default: the nearest folder upward with byline.toml).",
)
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
by_option = click.option("--by", "who", required=True, help="Who did this: a roster id or a full name.")
note_option = click.option("--note", help="A short note kept with the event.")
stage_option = click.option("--stage", default="edit", show_default=True, help="The workflow stage (edit, copyedit, fact-check, …).")
sign_option = click.option(
    "--sign-with", "sign_with", type=click.Path(dir_okay=False, path_type=Path), envvar="BYLINE_SIGNING_KEY",
    help="OpenSSH Ed25519 private key to sign the event with (or BYLINE_SIGNING_KEY).",
)


def open_workspace(workspace_dir: Path | None) -> Workspace:
    return find_workspace(explicit=workspace_dir)


def person(ws: Workspace, who: str) -> Person:
    return ws.config.person(who)


def signer(ws: Workspace, who: Person, key_path: Path | None) -> Callable[[str], dict[str, str]] | None:
    """A signing function for the event id, when a key was given.

    A key that is not one of the person's roster keys is refused now, before
    anything is recorded, rather than found later by `verify`.
    """
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
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))
