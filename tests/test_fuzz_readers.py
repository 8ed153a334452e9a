"""Hostile input for every reader: each ends in a document or a clean BylineError, and writes nothing.

Bounded example counts keep CI fast; the adversarial vocabulary below steers
hypothesis towards the markup each reader cares about.
"""

from __future__ import annotations

import io
import warnings
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from workflow import formats
from workflow.config import load_config
from workflow.errors import BylineError, ConfigError, LedgerError
from workflow.ledger import read_events

pytestmark = pytest.mark.slow  # hundreds of hypothesis examples over every reader

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

TOKENS = [
    "<?xml version='1.0' encoding='UTF-8'?>", "<?xml version='1.0' encoding='UTF-16'?>",
    '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', "<!DOCTYPE html>", "&e;", "&amp;", "&#0;", "&#xD800;",
    "<![CDATA[", "]]>", "<!--", "-->", "<html>", "<body>", "<p>", "</p>", "<h1>", "<br/>", "<script>", "<article>",
    '<xliff version="2.1" xmlns="urn:oasis:names:tc:xliff:document:2.0" srcLang="ko" trgLang="en">',
    '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">', "<file id='f'>", "<unit id='s1'>",
    "<segment>", "<source>", "</source>", "<target>", "</target>", "<trans-unit id='s1'>", "</xliff>",
    '<tmx version="1.4">', "<header srclang='ko'/>", "<tu>", "<tuv xml:lang='ko'>", "<seg>",
    'msgctxt "s1"', 'msgid ""', 'msgstr ""', '"\\n"', "#, fuzzy", "#| msgid", "msgid_plural", "msgstr[0]", '"\\',
    "# ", "> ", "\n\n", "\n", "\r\n", "\r", "\t", " ", "\x00", "\ufeff", "\u2028", "\ud7a3",
    "한국어 문장이다.", "English.",
    "=", "[", "]", "{", "}", '"', "'",
]
markup = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=40).map("".join)
raw_text = st.one_of(markup.map(lambda s: s.encode("utf-8", "surrogatepass")), st.binary(max_size=600),
                     markup.map(lambda s: s.encode("utf-16", "surrogatepass")))

TEXT_FORMATS = [".md", ".txt", ".html", ".po", ".xlf", ".xliff", ".tmx"]

BILLION_LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
                  b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]><xliff>&c;</xliff>')


def _listing(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _read_cleanly(folder: Path, name: str, data: bytes) -> None:
    """Read `data` as file `name`: a document or a BylineError, and no other file appears or changes."""
    path = folder / name
    path.write_bytes(data)
    before = _listing(folder)
    try:
        document = formats.read(path)
    except BylineError as exc:
        assert str(exc) and "Traceback" not in str(exc)
    else:
        assert isinstance(document, formats.Document)
    assert _listing(folder) == before


@pytest.mark.parametrize("suffix", TEXT_FORMATS)
@FUZZ
@given(data=raw_text)
@example(data=BILLION_LAUGHS)
@example(data=b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://example.invalid/x.dtd"><xliff/>')
@example(data=b"\xef\xbb\xbf\xff\xfe")
def test_text_readers_fail_cleanly(tmp_path: Path, suffix: str, data: bytes) -> None:
    _read_cleanly(tmp_path, f"input{suffix}", data)


def _zip(entries: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w") as archive:
        warnings.simplefilter("ignore")  # duplicate names are part of the hostile input
        for name, content in entries:
            archive.writestr(name, content)
    return buffer.getvalue()


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
DOCX_XML = [
    f"<w:document {W}><w:body>", "</w:body></w:document>", "<w:p>", "</w:p>", "<w:r>", "</w:r>", "<w:t>", "</w:t>",
    "<w:ins w:author='a' w:date='2026-01-01T00:00:00Z'>", "</w:ins>", "<w:del w:author='b'>", "</w:del>",
    "<w:delText>", "</w:delText>", "<w:moveTo>", "<w:pStyle w:val='Heading1'/>", "<w:pPr>", "</w:pPr>", "<w:tab/>",
    "<w:br/>", "기사", "text", "&e;", '<!DOCTYPE d [<!ENTITY e "x">]>',
]
docx_xml = st.lists(st.sampled_from(DOCX_XML) | st.text(max_size=6), max_size=30).map(lambda s: "".join(s).encode())
names = st.sampled_from(["word/document.xml", "[Content_Types].xml", "word/styles.xml", "../evil.xml", "/abs.xml",
                         "C:/x.xml", "word\\..\\..\\x"])
docx = st.one_of(
    st.lists(st.tuples(names, docx_xml | st.binary(max_size=200)), max_size=4).map(_zip),
    st.binary(max_size=400),
    st.tuples(docx_xml, st.integers(0, 400), st.binary(min_size=1, max_size=8)).map(
        lambda t: (lambda z: z[: t[1]] + t[2] + z[t[1] + len(t[2]) :])(_zip([("word/document.xml", t[0])]))
    ),
)


@FUZZ
@given(data=docx)
@example(data=_zip([("word/document.xml", b"\x00" * 10), ("word/document.xml", b"<x/>")]))
def test_docx_reader_fails_cleanly(tmp_path: Path, data: bytes) -> None:
    _read_cleanly(tmp_path, "input.docx", data)


TOML_TOKENS = [
    "[workspace]", "[people.a]", "[people.B!]", "[people]", "[policy]", "[checks]", "name = ", "roles = ",
    "key = ", "require_signatures = ", "min_editors = ", "required_stages = ", "credit_line = ", "source_lang = ",
    '"x"', '"all"', '"ssh-ed25519 AAAA"', "[", "]", "[]", '["a"]', "{}", "-1", "1", "true", "1979-05-27", "'",
    '"""', "\n", " ", "#", "=", ".", "ignore = ", "unknown = 1",
]


@FUZZ
@given(data=st.one_of(st.lists(st.sampled_from(TOML_TOKENS), max_size=30).map(lambda s: "".join(s).encode()),
                      st.binary(max_size=300)))
@example(data=b'[people.a]\nname = "A"\nroles = "editor"\n')
@example(data=b'[policy]\nrequire_signatures = "some"\n')
def test_config_loader_fails_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "byline.toml"
    path.write_bytes(data)
    try:
        load_config(path)
    except ConfigError as exc:
        assert str(exc).startswith(str(path))
    assert _listing(tmp_path) == {"byline.toml": data}


@pytest.fixture
def sample_ledger(workspace_copy: Path) -> bytes:
    """The bytes of the sample article's ledger (ingest and translate)."""
    return (workspace_copy / "translations" / "nk" / "provenance.jsonl").read_bytes()


@FUZZ
@given(data=st.data())
def test_ledger_reader_fails_cleanly(tmp_path: Path, sample_ledger: bytes, data: st.DataObject) -> None:
    mutation = data.draw(st.sampled_from(["bytes", "splice", "lines"]), label="mutation")
    if mutation == "bytes":
        content = data.draw(st.binary(max_size=400))
    elif mutation == "splice":
        at = data.draw(st.integers(0, len(sample_ledger)))
        cut = data.draw(st.integers(0, 200))
        content = (
            sample_ledger[:at] + data.draw(st.binary(max_size=40) | markup.map(str.encode)) + sample_ledger[at + cut :]
        )
    else:
        lines = sample_ledger.split(b"\n")
        content = b"\n".join(data.draw(st.lists(st.sampled_from(lines), max_size=6)))
    folder = tmp_path / "fuzz"
    folder.mkdir(exist_ok=True)
    path = folder / "provenance.jsonl"
    path.write_bytes(content)
    try:
        events = read_events(path)
    except LedgerError as exc:
        assert "provenance.jsonl:" in str(exc)
    else:
        assert content == b"".join(line + b"\n" for line in sample_ledger.split(b"\n")[: len(events)])
    assert _listing(folder) == {"provenance.jsonl": content}


STEPS = [pytest.param("record", suffix, id=f"record-{suffix[1:]}") for suffix in (".md", ".html", ".po", ".xlf")] + [
    pytest.param("ingest", suffix, id=f"ingest-{suffix[1:]}") for suffix in (".md", ".html")
]


@pytest.mark.parametrize(("step", "suffix"), STEPS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=raw_text)
def test_recording_hostile_files_writes_nothing(workspace_copy: Path, step: str, suffix: str, data: bytes) -> None:
    """A hostile file given to `record --from` or `ingest`: recorded whole, or refused leaving the workspace as is."""
    from workflow.reading.verify import verify_article
    from workflow.steps.source import ingest
    from workflow.steps.target import record
    from workflow.workspace import Workspace

    incoming = workspace_copy.parent / f"incoming{suffix}"
    incoming.write_bytes(data)
    ws = Workspace(workspace_copy)
    before = _listing(workspace_copy)
    try:
        if step == "record":
            record(ws, "nk", ws.config.person("ewhong"), source=incoming)
        else:
            ingest(ws, incoming, "nk", ws.config.person("reporter"))
    except BylineError:
        assert _listing(workspace_copy) == before
    else:  # the chain is intact and the working files are what the ledger replays to
        assert verify_article(ws, "nk").problems == ()
