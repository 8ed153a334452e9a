"""The git integration `byline init` installs: the merge driver in the clone's config, byline's .gitattributes lines.

The driver is registered per clone (git never takes drivers from the
repository itself, so a clone must be set up once); the attributes are lines
in the workspace's `.gitattributes`, committed with it, naming the ledgers and
the working files replay renders. Installing twice changes nothing, and no
tracked file other than `.gitattributes` is touched.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from workflow.config import Config
from workflow.desks.git import Git
from workflow.errors import WriteError
from workflow.workspace import write_atomic

DRIVER = "byline"
HEADER = "# byline: ledgers merge as a union of their events; working files are rendered from the merged ledger"


def attribute_lines(config: Config) -> list[str]:
    """The .gitattributes lines that hand byline's files to its merge driver."""
    return [
        f"translations/*/provenance.jsonl merge={DRIVER}",
        f"translations/*/{config.target_lang}.md merge={DRIVER}",
        f"translations/*/{config.target_lang}.po merge={DRIVER}",
        f"sources/*/{config.source_lang}.md merge={DRIVER}",
    ]


def driver_command() -> str:
    """The command git runs for each file it merges: this byline, by the interpreter it runs on."""
    return f"{shlex.quote(sys.executable)} -m workflow merge-driver %O %A %B %P"


def install(root: Path, config: Config) -> list[str]:
    """Install what is missing; say what was installed (nothing, when all of it was there)."""
    done = []
    added = _attributes(root / ".gitattributes", attribute_lines(config))
    if added:
        done.append(f".gitattributes: added {added} line(s) handing ledgers, en.md and en.po to byline's merge driver")
    git = Git.find(root)
    if git is not None:
        wanted = {
            f"merge.{DRIVER}.name": "byline: ledgers as the union of their events, working files from replay",
            f"merge.{DRIVER}.driver": driver_command(),
        }
        changed = [key for key, value in wanted.items() if git.config(key) != value]
        for key in changed:
            git.set_config(key, wanted[key])
        if changed:
            done.append(
                f"git: the merge driver `{DRIVER}` in this clone's config ({git.git_dir / 'config'}): "
                f"{wanted[f'merge.{DRIVER}.driver']}"
            )
    return done


def _attributes(path: Path, lines: list[str]) -> int:
    """Append the missing lines to .gitattributes (with byline's comment); how many were added."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise WriteError(f"{path}: cannot be read ({exc}); add these lines by hand: {'; '.join(lines)}") from exc
    present = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in present]
    if not missing:
        return 0
    block = ([HEADER] if HEADER not in present else []) + missing
    write_atomic(path, text + ("\n" if text and not text.endswith("\n") else "") + "\n".join(block) + "\n")
    return len(missing)
