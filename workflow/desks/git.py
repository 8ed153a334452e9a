"""The little of git that byline needs: where the work tree is, its config, and blobs of commits.

byline never needs git to read its own files (a ledger verifies on its own);
git is consulted only to install the merge driver, by the driver to find the
two sides' ledgers, and by `verify` to check a merge commit kept both sides.
Everything runs the `git` command, so byline follows the user's git exactly.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterable, Sequence
from pathlib import Path

from workflow.errors import InputError


class Git:
    """One git work tree, found from a folder inside it."""

    def __init__(self, top: Path) -> None:
        self.top = top

    @staticmethod
    def find(start: Path) -> Git | None:
        """The work tree holding `start`, or None outside any (or when git is not installed)."""
        folder = start.resolve()
        for candidate in (folder, *folder.parents):
            if (candidate / ".git").exists():
                break
        else:
            return None
        try:
            top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True)
        except OSError:
            return None
        if top.returncode != 0:
            return None
        return Git(Path(top.stdout.strip()))

    def run(self, *args: str, data: bytes | None = None, check: bool = True) -> subprocess.CompletedProcess[bytes]:
        result = subprocess.run(["git", *args], cwd=self.top, input=data, capture_output=True)
        if check and result.returncode != 0:
            message = result.stderr.decode("utf-8", "replace").strip().splitlines()
            raise InputError(f"git {args[0]}: {message[-1] if message else f'exit {result.returncode}'}")
        return result

    def text(self, *args: str) -> str:
        return self.run(*args).stdout.decode("utf-8", "replace").strip()

    def config(self, key: str) -> str | None:
        """A value of this clone's own git config (`--local`), or None where unset."""
        result = self.run("config", "--local", "--get", key, check=False)
        return result.stdout.decode("utf-8", "replace").rstrip("\n") if result.returncode == 0 else None

    def set_config(self, key: str, value: str) -> None:
        self.run("config", "--local", key, value)

    def path(self, file: Path) -> str:
        """A file's path as git names it: relative to the top of the work tree, with slashes."""
        return file.resolve().relative_to(self.top.resolve()).as_posix()

    @property
    def git_dir(self) -> Path:
        return Path(self.text("rev-parse", "--absolute-git-dir"))

    def blob_ids(self, specs: Sequence[str]) -> list[str | None]:
        """The blob id of each `REV:PATH`, or None where it does not exist (one `git cat-file` for all)."""
        if not specs:
            return []
        lines = self.run("cat-file", "--batch-check", data="".join(f"{s}\n" for s in specs).encode()).stdout
        result: list[str | None] = []
        for line in lines.decode("utf-8", "replace").splitlines():
            fields = line.split()
            result.append(fields[0] if len(fields) == 3 and fields[1] == "blob" else None)
        return result

    def blob(self, spec: str) -> bytes | None:
        """The content of `REV:PATH`, or None where it does not exist (a missing object in a shallow clone too)."""
        result = self.run("cat-file", "blob", spec, check=False)
        return result.stdout if result.returncode == 0 else None

    def hash_blob(self, data: bytes) -> str:
        """The id git gives `data` as a blob, in this repository's object format."""
        algorithm = "sha256" if self.text("rev-parse", "--show-object-format") == "sha256" else "sha1"
        return hashlib.new(algorithm, b"blob %d\0" % len(data) + data).hexdigest()

    def commit_parents(self, rev: str = "HEAD") -> list[str]:
        """The parents a commit object names (present even where a shallow clone lacks the parents)."""
        result = self.run("cat-file", "commit", rev, check=False)
        if result.returncode != 0:
            return []
        header = result.stdout.split(b"\n\n", 1)[0].decode("ascii", "replace")
        return [line.split()[1] for line in header.splitlines() if line.startswith("parent ")]

    def merge_candidates(self) -> list[str]:
        """Commits a running merge may be taking 'theirs' from, likeliest first.

        `git merge` and `git pull` name the commit being merged in GITHEAD_*
        variables; a rebase or cherry-pick lists its current pick in the
        sequencer's `done` file; failing those, any ref or recent head.
        """
        found = [name[len("GITHEAD_") :] for name in sorted(os.environ) if name.startswith("GITHEAD_")]
        git_dir = self.git_dir
        for done in (git_dir / "rebase-merge" / "done", git_dir / "sequencer" / "done"):
            try:
                lines = done.read_text(encoding="utf-8").split("\n")
            except OSError:
                continue
            picks = [
                line.split()[1]
                for line in lines
                if line.split()[:1] in (["pick"], ["p"], ["edit"], ["e"], ["reword"], ["r"])
            ]
            found.extend(reversed(picks[-1:]))
        for name in ("MERGE_HEAD", "CHERRY_PICK_HEAD", "REBASE_HEAD", "FETCH_HEAD", "ORIG_HEAD"):
            try:
                found.extend(
                    line.split()[0]
                    for line in (git_dir / name).read_text(encoding="utf-8").splitlines()
                    if line.strip()
                )
            except OSError:
                continue
        refs = self.run("for-each-ref", "--format=%(objectname)", check=False).stdout.decode().split()
        found.extend(refs)
        return list(dict.fromkeys(found))

    def find_commit(self, path: str, content: bytes, candidates: Iterable[str]) -> str | None:
        """The first candidate commit whose blob at `path` is `content`."""
        wanted = self.hash_blob(content)
        candidates = list(candidates)
        for candidate, blob in zip(candidates, self.blob_ids([f"{c}:{path}" for c in candidates]), strict=True):
            if blob == wanted:
                return candidate
        return None
