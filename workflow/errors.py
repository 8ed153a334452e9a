"""One exception tree for every failure byline reports to a person.

The CLI maps each of these to exit code 2 (input) or 1 (integrity) in one place;
anything else is a bug: exit code 3, one line, the traceback with BYLINE_DEBUG=1.
"""

from __future__ import annotations


class BylineError(Exception):
    """A failure that a person can act on; its message names the place and the fix."""

    exit_code = 2


class InputError(BylineError):
    """A file, argument or option that byline cannot use as given."""


class FormatError(InputError):
    """A file whose content does not parse in the format it claims."""

    def __init__(self, path: object, line: int | None, cause: str) -> None:
        self.path = str(path)
        self.line = line
        self.cause = cause
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {cause}")


class UnknownFormatError(InputError):
    """A file or --format name that no reader or writer handles."""


class ConfigError(InputError):
    """A byline.toml that is missing, malformed or inconsistent."""


class UnknownPersonError(ConfigError):
    """A --by name that the roster does not hold."""


class WorkspaceError(InputError):
    """No workspace where one is needed, or an article that is not in it."""


class WriteError(BylineError):
    """A file byline could not write: a read-only or missing place, or a full disk."""


class ConflictError(BylineError):
    """The text changed under a command between reading and recording."""


class PublishBlockedError(BylineError):
    """Publication refused because the checks found unwaived errors."""

    exit_code = 1


class LedgerError(BylineError):
    """A ledger that cannot be read or appended to as it stands."""


class TornLedgerError(LedgerError):
    """A ledger whose last line is incomplete; `byline repair` sets it aside."""


class IntegrityError(LedgerError):
    """A ledger whose chain, ids or signatures do not hold."""

    exit_code = 1
