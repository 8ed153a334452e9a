"""The workspace glossary, `glossary.tsv`: Korean terms and the English they require (rule BL207)."""

from __future__ import annotations

from pathlib import Path

from workflow.errors import ConfigError

GLOSSARY_NAME = "glossary.tsv"


def load_glossary(path: Path) -> tuple[tuple[str, tuple[str, ...], int], ...]:
    """`glossary.tsv`: Korean term TAB required English (alternatives split by `|`); `#` starts a comment."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return ()
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 ({exc.reason}); save it as UTF-8") from exc
    terms = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        parts = line.split("\t")
        if len(parts) != 2 or not parts[0].strip() or not parts[1].strip():
            raise ConfigError(f"{path}:{number}: expected 'Korean term<TAB>English' "
                              f"(alternatives as a|b), found {raw!r}")
        english = tuple(e.strip() for e in parts[1].split("|") if e.strip())
        terms.append((parts[0].strip(), english, number))
    return tuple(terms)
