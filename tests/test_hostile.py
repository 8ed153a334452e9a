"""Hostile files are refused before they are expanded, cleanly.

Exit 2, one line, nothing written, the ledger untouched.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import invoke

from workflow.formats import MAX_BYTES
from workflow.formats.safezip import MAX_ENTRIES

XLIFF_HEAD = '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="ko" trgLang="en">'
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10 if i > 1 else "&lol;" * 10}">\n' for i in range(1, 10)
    )
    + "]>\n"
)


def _xxe(path: Path) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n{XLIFF_HEAD}'
        '<file id="f"><unit id="s5"><segment><source>x</source><target>&secret;</target></segment></unit>'
        '</file></xliff>'
    ).encode()


def _laughs_xliff(path: Path) -> bytes:
    return (LAUGHS + f'{XLIFF_HEAD}<file id="f"><unit id="s5"><segment><source>x</source>'
            '<target>&lol9;</target></segment></unit></file></xliff>').encode()


def _laughs_tmx(path: Path) -> bytes:
    return (LAUGHS + '<tmx version="1.4"><header srclang="ko"/><body><tu tuid="s5"><tuv xml:lang="en"><seg>&lol9;</seg>'
            "</tuv></tu></body></tmx>").encode()


def _xxe_utf16(path: Path) -> bytes:
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>\n'
        + '<!-- padding -->\n' * 4000
        + f'<!DOCTYPE xliff [<!ENTITY secret SYSTEM "file:///etc/passwd">]>\n{XLIFF_HEAD}'
        '<file id="f"><unit id="s5"><segment><source>x</source><target>&secret;</target></segment></unit>'
        '</file></xliff>'
    )
    return text.encode("utf-16")


def _deep(path: Path) -> bytes:
    return (f'{XLIFF_HEAD}<file id="f"><unit id="s5"><segment><source>x</source><target>' + '<mrk id="m">' * 100000
            + "x" + "</mrk>" * 100000 + "</target></segment></unit></file></xliff>").encode()


def _docx(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xxe_docx(path: Path) -> bytes:
    document = ('<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                "<w:body><w:p><w:r><w:t>&x;</w:t></w:r></w:p></w:body></w:document>")
    return _docx({"word/document.xml": document.encode()})


def _zip_bomb(path: Path) -> bytes:
    return _docx({"word/document.xml": b" " * (30 * 1024 * 1024)})


def _dotdot(path: Path) -> bytes:
    return _docx({"word/document.xml": b"<x/>", "../../evil.sh": b"echo owned"})


def _absolute(path: Path) -> bytes:
    return _docx({"word/document.xml": b"<x/>", "/etc/cron.d/evil": b"* * * * * root true"})


def _many_entries(path: Path) -> bytes:
    return _docx({f"word/media/{i}.bin": b"" for i in range(MAX_ENTRIES + 1)})


def _xxe_odt(path: Path) -> bytes:
    content = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{path}">]><x>&e;</x>'
    return _docx({"content.xml": content.encode()})


def _xxe_docx_properties(path: Path) -> bytes:
    custom = f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{path}">]><Properties>&e;</Properties>'
    return _docx({"word/document.xml": b"<x/>", "docProps/custom.xml": custom.encode()})


def _not_a_zip(path: Path) -> bytes:
    return b"PK\x03\x04 this is not really a zip"


HOSTILE: list[tuple[str, str, Callable[[Path], bytes], str]] = [
    ("xxe-xliff", ".xlf", _xxe, "entities"),
    ("xxe-utf16-after-padding", ".xlf", _xxe_utf16, "entities"),
    ("billion-laughs-xliff", ".xlf", _laughs_xliff, "entities"),
    ("billion-laughs-tmx", ".tmx", _laughs_tmx, "entities"),
    ("deep-nesting", ".xlf", _deep, "depth"),
    ("xxe-docx", ".docx", _xxe_docx, "entities"),
    ("zip-bomb", ".docx", _zip_bomb, "zip bomb"),
    ("dotdot-entry", ".docx", _dotdot, "path-like"),
    ("absolute-entry", ".docx", _absolute, "path-like"),
    ("too-many-entries", ".docx", _many_entries, "limit"),
    ("not-a-zip", ".docx", _not_a_zip, "not a ZIP"),
    ("xxe-docx-properties", ".docx", _xxe_docx_properties, "entities"),
    ("xxe-odt", ".odt", _xxe_odt, "entities"),
    ("zip-bomb-odt", ".odt", _zip_bomb, "zip bomb"),
    ("xxe-sdlxliff", ".sdlxliff", _xxe, "entities"),
]


def _snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the workspace's article folders, byte for byte."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
            and not p.name.startswith("hostile")}


def _assert_refused(root: Path, path: Path, command: str, expect: str) -> None:
    before = _snapshot(root)
    if command == "record":
        result = invoke("record", "nk", "--from", str(path), "--by", "ewhong", "--workspace", str(root))
    else:
        result = invoke("translate", "nk", "--from", str(path), "--by", "cslee", "--workspace", str(root))
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("byline: error: "), result.stderr
    assert expect in lines[0]
    assert "Traceback" not in result.output
    assert _snapshot(root) == before


@pytest.mark.parametrize("command", ["record", "translate"])
@pytest.mark.parametrize("name, suffix, build, expect", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_file_is_refused(workspace: Path, name: str, suffix: str, build: Callable[[Path], bytes],
                                 expect: str, command: str) -> None:
    path = workspace / f"hostile-{name}{suffix}"
    path.write_bytes(build(path))
    _assert_refused(workspace, path, command, expect)


@pytest.mark.parametrize("suffix", [".md", ".xlf", ".docx", ".po"])
def test_oversized_file_is_refused_before_reading(workspace: Path, suffix: str) -> None:
    path = workspace / f"hostile-big{suffix}"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)  # sparse: the size check must come before any read
    _assert_refused(workspace, path, "record", "limit")


def test_ingest_of_hostile_source_writes_nothing(empty_workspace: Path) -> None:
    path = empty_workspace / "hostile-source.docx"
    path.write_bytes(_zip_bomb(path))
    result = invoke("ingest", str(path), "--article", "nk", "--by", "reporter", "--workspace", str(empty_workspace))
    assert result.exit_code == 2 and "zip bomb" in result.stderr, result.output
    assert not (empty_workspace / "translations" / "nk" / "provenance.jsonl").exists()
    assert not (empty_workspace / "sources" / "nk").exists() or not any((empty_workspace / "sources" / "nk").iterdir())


def test_external_dtd_is_never_fetched(workspace: Path) -> None:
    path = workspace / "hostile-external.xlf"
    fifo = workspace / "hostile-fifo.dtd"
    os.mkfifo(fifo)  # opening this would block forever: the test hangs if the DTD is loaded
    path.write_text(f'<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "{fifo}">\n{XLIFF_HEAD}<file id="f"><unit id="s5">'
                    "<segment><source>x</source><target>Three residents were arrested.</target></segment></unit>"
                    "</file></xliff>", encoding="utf-8")
    result = invoke("record", "nk", "--from", str(path), "--by", "ewhong", "--workspace", str(workspace))
    assert result.exit_code == 0, result.output
    assert "nothing changed" in result.output
