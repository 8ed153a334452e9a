"""The workspace on disk: where it is, its paths, locking and atomic writes.

Every file byline writes goes through `write_atomic` (temporary file, fsync,
rename) so that a crash never leaves half a file; ledger appends go through
`Ledger.append` under `article_lock`.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import stat
from collections.abc import Iterator
from functools import cached_property
from pathlib import Path

from workflow.cachefile import read_up_to
from workflow.config import CONFIG_NAME, Config, load_config
from workflow.errors import InputError, WorkspaceError, WriteError
from workflow.slug import SLUG_PATTERN, check_slug

LEDGER_NAME = "provenance.jsonl"  # each article's ledger, in translations/<slug>/


class Workspace:
    """A folder with `byline.toml`, `sources/` and `translations/`; its configuration is read when first used."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __repr__(self) -> str:
        return f"Workspace({str(self.root)!r})"

    @cached_property
    def config(self) -> Config:
        return load_config(self.root / CONFIG_NAME)

    def source_dir(self, slug: str) -> Path:
        return self.root / "sources" / check_slug(slug)

    def translation_dir(self, slug: str) -> Path:
        return self.root / "translations" / check_slug(slug)

    def source_file(self, slug: str) -> Path:
        return self.source_dir(slug) / f"{self.config.source_lang}.md"

    def target_file(self, slug: str) -> Path:
        return self.translation_dir(slug) / f"{self.config.target_lang}.md"

    def po_file(self, slug: str) -> Path:
        return self.translation_dir(slug) / f"{self.config.target_lang}.po"

    def ledger_file(self, slug: str) -> Path:
        return self.translation_dir(slug) / LEDGER_NAME

    def file_templates(self) -> tuple[str, str, str, str]:
        """An article's ledger, source, English and en.po as path templates to format with its slug.

        The check cache and the archive index sign and hash an article by these
        four files in this order, and the index looks findings up in the check
        cache by what its workers took (`checks.cache.Index.load`): both take
        them from here. Plain strings, not pathlib: a warm run stats thousands.
        """
        root, source, target = self.root, self.config.source_lang, self.config.target_lang
        return (f"{root}/translations/{{}}/{LEDGER_NAME}", f"{root}/sources/{{}}/{source}.md",
                f"{root}/translations/{{}}/{target}.md", f"{root}/translations/{{}}/{target}.po")

    def articles(self) -> list[str]:
        """Every article with a ledger, in name order."""
        base = f"{self.root}/translations"
        try:
            entries = os.scandir(base)
        except (FileNotFoundError, NotADirectoryError):
            return []
        with entries:  # strings, not pathlib: `check --all` lists thousands of articles on every run
            return sorted(e.name for e in entries
                          if SLUG_PATTERN.fullmatch(e.name) and os.path.exists(f"{base}/{e.name}/{LEDGER_NAME}"))

    def require_article(self, slug: str) -> str:
        """`slug` if the article exists, else an input error listing the known ones."""
        if not self.ledger_file(slug).exists():
            known = ", ".join(self.articles()) or "none yet"
            raise WorkspaceError(
                f"{self.root}: no article {slug!r} (known: {known}); record "
                f"its source with `byline ingest FILE --article {slug}`"
            )
        return slug

    def relative(self, path: Path) -> str:
        """`path` relative to the workspace root, for messages and reports."""
        return _relative(self.root, path)


def find_workspace(start: Path | None = None, explicit: Path | None = None) -> Workspace:
    """The workspace named by --workspace, or the nearest folder upward with byline.toml."""
    if explicit is not None:
        root = explicit.resolve()
        if not (root / CONFIG_NAME).is_file():
            raise WorkspaceError(f"{root}: no {CONFIG_NAME} here; run `byline init {explicit}` first")
        return Workspace(root)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_NAME).is_file():
            return Workspace(folder)
    raise WorkspaceError(
        f"{here}: not inside a byline workspace (no {CONFIG_NAME} "
        "here or above); run `byline init` or pass --workspace DIR"
    )


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write a whole file or nothing: temporary file in the same folder, fsync, rename.

    The temporary file is created with the usual permissions (0666 less the
    umask), or the replaced file's, so readers such as CI see a normal file.
    A place that cannot be written is a WriteError naming it.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{os.urandom(4).hex()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except OSError as exc:
        raise WriteError(f"{path}: cannot write here ({exc.strerror}); choose a folder you can write to") from exc
    try:
        with os.fdopen(fd, "wb") as handle:
            with contextlib.suppress(FileNotFoundError):
                os.fchmod(handle.fileno(), stat.S_IMODE(os.stat(path).st_mode))
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise WriteError(f"{path}: writing failed ({exc.strerror}); nothing was changed there") from exc
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextlib.contextmanager
def article_lock(folder: Path) -> Iterator[None]:
    """Hold the article's exclusive lock: one recorder at a time, others wait."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd = os.open(folder / ".provenance.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise WriteError(f"{folder}: cannot take the article's lock here ({exc.strerror}); nothing was recorded — "
                         "record from a copy you can write to") from exc
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


# The largest working file byline reads (as for any article file, formats.MAX_BYTES).
WORKING_FILE_LIMIT = 20 * 1024 * 1024


def read_working(root: Path, path: Path, limit: int = WORKING_FILE_LIMIT) -> bytes | None:
    """A working file's bytes (None when absent), read only if it is a regular file inside the workspace.

    A symbolic link (git carries them: one hostile commit could point en.md at
    a private key), a FIFO (which would hang), a device such as /dev/zero
    (which never ends), a folder, or a file over `limit` is an input error
    before a byte is read. The file is opened without following links and
    without blocking, and checked again once open.
    """
    rel = _relative(root, path)
    try:
        st = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError as exc:
        raise InputError(f"{rel}: cannot be read ({exc.strerror})") from exc
    _check_regular(rel, st, limit)
    if not _plainly_inside(root, path) and not os.path.realpath(path).startswith(
            os.path.realpath(root).rstrip(os.sep) + os.sep):
        raise InputError(f"{rel}: lies outside the workspace (a folder on its path is a symbolic link); "
                         "working files must be regular files inside the workspace")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as exc:
        raise InputError(f"{rel}: cannot be read ({exc.strerror}); working files must be regular files") from exc
    try:
        opened = os.fstat(fd)
        _check_regular(rel, opened, limit)
        data = read_up_to(fd, limit + 1, opened.st_size)
    finally:
        os.close(fd)
    if len(data) > limit:
        raise InputError(f"{rel}: over the {limit} byte limit for a working file")
    return data


def _below(root: Path, path: Path) -> str | None:
    """`path` relative to `root` when its text continues root's with a separator (pathlib's relative_to there)."""
    base, full = os.fspath(root), os.fspath(path)
    prefix = base if base.endswith(os.sep) else base + os.sep
    rest = full[len(prefix) :] if full.startswith(prefix) else ""
    return rest if rest and not rest.startswith(os.sep) else None  # "//a" is not below "/" for pathlib


def _plainly_inside(root: Path, path: Path) -> bool:
    """Whether `path` is `root` joined with folder names none of which is a link (then it resolves inside root).

    realpath resolves `root` to the same place either way and each folder
    below it to itself, so such a path passes the realpath test above; this
    costs an lstat per folder under the workspace instead of one per folder
    from `/` twice (a tenth of verifying an article). Anything else, a `..`
    or a link to a folder inside the workspace included, takes that test.
    """
    below = _below(root, path)
    if below is not None:
        parts: tuple[str, ...] = tuple(below.split(os.sep))
    else:
        try:
            parts = path.relative_to(root).parts
        except ValueError:
            return False
    if not parts or ".." in parts:
        return False
    folder = os.fspath(root)
    for name in parts[:-1]:
        folder = os.path.join(folder, name)
        try:
            if stat.S_ISLNK(os.lstat(folder).st_mode):
                return False
        except OSError:
            return False
    return True


def _check_regular(rel: str, st: os.stat_result, limit: int) -> None:
    if stat.S_ISLNK(st.st_mode):
        raise InputError(f"{rel}: is a symbolic link; byline does not follow it — working files must be regular files "
                         "inside the workspace (replace the link with the file)")
    if not stat.S_ISREG(st.st_mode):
        kind = "folder" if stat.S_ISDIR(st.st_mode) else "FIFO" if stat.S_ISFIFO(st.st_mode) else "device or socket"
        raise InputError(f"{rel}: is a {kind}, not a regular file; working "
                         "files must be regular files inside the workspace")
    if st.st_size > limit:
        raise InputError(f"{rel}: {st.st_size} bytes is over the {limit} byte limit for a working file")


def _relative(root: Path, path: Path) -> str:
    """`path` relative to `root` as text (a path not below it as it is); without pathlib where the text shows it."""
    below = _below(root, path)
    if below is not None:
        return below
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)
