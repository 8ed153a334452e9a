"""Writers for check findings: text, JSON, JUnit XML, SARIF 2.1.0 and GitHub workflow annotations.

Each format's writer (WRITERS) takes the findings, in article order as
`workflow.checks.runner.each_checked` gives them, the articles checked, a
function giving the rules that ran and where and when the run happened
(`Run`), and yields the output a line (or a JUnit suite) at a time, so that
`check --all` writes findings as articles are checked instead of holding an
archive's worth; RENDERERS join them into one string. JUnit gives each suite a
share of the whole run's time, known only once every article is checked, so
its writer sets the findings aside in a temporary file (`workflow.checks.spool`)
and writes the suites after. The rules come through a function because only
JUnit and SARIF list them, and loading the rule modules is most of the cost of
a warm check.
"""

from __future__ import annotations

import json
import time
from collections import namedtuple
from collections.abc import Callable, Iterable, Iterator, Sequence

from workflow import __version__
from workflow.problems import Problem

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (CONTRIBUTING.md: Keep start-up fast)
if TYPE_CHECKING:
    from workflow.checks.registry import Rule

    RulesThatRan = Callable[[], Sequence[Rule]]
    Writer = Callable[[Iterable[Problem], Sequence[str], RulesThatRan, "Run"], Iterator[str]]


class Run(namedtuple("Run", "root started clock docs_url", defaults=("", None, None))):
    """Where and when the check ran: what JUnit and SARIF say beside the findings.

    `root` is the workspace folder (SARIF resolves file paths against it),
    `started` the UTC start (`YYYY-MM-DDTHH:MM:SS`), `clock` the run's start on
    `time.perf_counter` (None: a run that took no time), `docs_url` where the
    workspace publishes byline's docs (`[checks] docs_url`), for links to each
    rule's section.
    """

    __slots__ = ()
    root: str
    started: str
    clock: float | None
    docs_url: str | None

    def seconds(self) -> float:
        """The run's wall time so far: its whole time once every article is checked."""
        return 0.0 if self.clock is None else time.perf_counter() - self.clock


_NO_RUN = Run(".")
DOCS_URN = "urn:byline:docs:"  # names the docs page and section when the workspace publishes no docs URL


def render_text(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan, run: Run = _NO_RUN) -> str:
    """One line per finding (`file:line: severity CODE name unit: message`) and a summary line."""
    return "\n".join(text_lines(findings, articles, rules, run))


def text_lines(findings: Iterable[Problem], articles: Sequence[str], rules: RulesThatRan,
               run: Run = _NO_RUN) -> Iterator[str]:
    """`render_text`'s lines, one at a time: a large archive's findings are written as they are found."""
    errors = warnings = waived = 0
    for f in findings:
        level = "waived" if f.waived else f.severity
        unit = f" {f.unit}" if f.unit else ""
        yield f"{f.where}: {level} {f.rule} {f.name}{unit}: {f.message}"
        if f.waived:
            waived += 1
        elif f.severity == "error":
            errors += 1
        elif f.severity == "warning":
            warnings += 1
    yield f"{len(articles)} article(s) checked: {errors} error(s), {warnings} warning(s), {waived} waived"


def render_json(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan, run: Run = _NO_RUN) -> str:
    """`{"findings": [{"rule", "severity", "article", "unit", "file", "line", "message", …}]}` (DESIGN.md).

    One finding a line: as easy to read as indented JSON, and written by the
    json module's C encoder, which `indent=` swaps for its pure-Python one (on
    a large archive's findings that took a sixth of a warm check's time).
    """
    return "\n".join(json_lines(findings, articles, rules, run))


def json_lines(findings: Iterable[Problem], articles: Sequence[str], rules: RulesThatRan,
               run: Run = _NO_RUN) -> Iterator[str]:
    """`render_json`'s lines, one at a time."""
    encode = json.JSONEncoder(ensure_ascii=False).encode
    previous = None
    for f in findings:
        if previous is None:
            yield '{\n  "findings": ['
        else:
            yield previous + ","
        previous = "    " + encode(f.to_json())
    if previous is None:
        yield '{\n  "findings": []\n}'
    else:
        yield previous + "\n  ]\n}"


def render_junit(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan, run: Run = _NO_RUN) -> str:
    """JUnit XML in the strict Ant form, as one string (`junit_lines`); the findings in any order, those of
    articles not checked left out."""
    place = {article: number for number, article in enumerate(articles)}
    ordered = sorted((f for f in findings if f.article in place), key=lambda f: place[str(f.article)])
    return "".join(junit_lines(ordered, articles, rules, run))


def junit_lines(findings: Iterable[Problem], articles: Sequence[str], rules: RulesThatRan,
                run: Run = _NO_RUN) -> Iterator[str]:
    """JUnit XML in the strict Ant form: a suite per article, a test case per rule, errors as failures.

    A rule's findings on several units are one `<failure>` listing them all;
    warnings and waived findings go to the suite's `system-out`. Times: the
    articles are checked together (in worker processes, many from the cache),
    so each suite is given the run's wall time shared evenly, and a test case
    (a rule, run over every unit at once) the suite's share by rule. That time
    is known once every finding is in, so the findings (in article order) are
    set aside on disk first and read back an article at a time; the pieces
    are the document's declaration and root, each suite, and the root's end,
    to be joined with nothing between them.
    """
    import socket
    from xml.etree import ElementTree as ET

    from workflow.checks.spool import Spool

    ran = rules()
    with Spool() as spool:
        spool.extend(findings)
        share = run.seconds() / len(articles) if articles else 0.0
        if not articles:
            yield ET.tostring(ET.Element("testsuites"), encoding="unicode", xml_declaration=True)
            return
        yield "<?xml version='1.0' encoding='utf-8'?>\n<testsuites>"
        hostname = socket.gethostname() or "localhost"
        for number, (article, found) in enumerate(spool.by_article(articles)):
            by_rule: dict[str, list[Problem]] = {}
            for f in found:
                by_rule.setdefault(str(f.rule), []).append(f)
            failed = sum(1 for r in ran if any(f.blocking for f in by_rule.get(r.code, [])))
            suite = ET.Element("testsuite", name=article, package="byline", id=str(number),
                               timestamp=run.started or _now(), hostname=hostname, tests=str(len(ran)),
                               failures=str(failed), errors="0", time=f"{share:.3f}")
            properties = ET.SubElement(suite, "properties")
            ET.SubElement(properties, "property", name="byline.version", value=__version__)
            ET.SubElement(properties, "property", name="byline.article", value=article)
            notes = []
            for r in ran:
                case = ET.SubElement(suite, "testcase", name=f"{r.code} {r.name}", classname=f"byline.{article}",
                                     time=f"{share / len(ran):.3f}")
                failing = []
                for f in by_rule.get(r.code, []):
                    text = f"{f.where}: {f.unit + ': ' if f.unit else ''}{f.message}"
                    if f.blocking:
                        failing.append((f, text))
                    else:
                        notes.append(f"{r.code} {'waived' if f.waived else f.severity}: {text}")
                if failing:
                    message = failing[0][0].message + (f" (and {len(failing) - 1} more)" if len(failing) > 1 else "")
                    failure = ET.SubElement(case, "failure", type=r.code, message=message)
                    failure.text = "\n".join(text for _, text in failing)
            ET.SubElement(suite, "system-out").text = "\n".join(notes)
            ET.SubElement(suite, "system-err").text = ""
            yield ET.tostring(suite, encoding="unicode")
        yield "</testsuites>"


def _now() -> str:
    from workflow.ledger import now

    return now().rstrip("Z")


def render_sarif(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan, run: Run = _NO_RUN) -> str:
    """SARIF 2.1.0 as one string (`sarif_lines`)."""
    return "\n".join(sarif_lines(findings, articles, rules, run))


def sarif_lines(findings: Iterable[Problem], articles: Sequence[str], rules: RulesThatRan,
                run: Run = _NO_RUN) -> Iterator[str]:
    """SARIF 2.1.0: one run, the rules as the driver's rules, waived findings as external suppressions.

    File paths are relative to `WORKSPACE`, the workspace folder's absolute
    `file:` URI (SARIF wants the top-level base absolute). Each rule carries its
    documentation (summary, full description, help in text and Markdown) so
    code scanning can show it without fetching anything. The log is the one
    `json.dumps(log, indent=2)` writes, in pieces: what comes before the
    results, each result as it is found, and what comes after them.
    """
    from pathlib import Path

    ran = rules()
    index = {r.code: i for i, r in enumerate(ran)}
    docs = run.docs_url.rstrip("/") + "/" if run.docs_url else DOCS_URN
    driver = {"name": "byline", "version": __version__, "semanticVersion": __version__,
              "informationUri": docs + ("README.md" if run.docs_url else "readme"),
              "rules": [_descriptor(r, docs) for r in ran]}
    root = Path(run.root).resolve().as_uri().rstrip("/") + "/"

    def log(results: list[object]) -> str:
        return json.dumps({"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0",
                           "runs": [{"tool": {"driver": driver}, "results": results,
                                     "originalUriBaseIds": {"WORKSPACE": {"uri": root}}}]},
                          ensure_ascii=False, indent=2)

    # The log around one placeholder result: the lines before it, its indentation and the lines after it.
    around = log([_PLACEHOLDER]).split("\n")
    at = next(number for number, line in enumerate(around) if _PLACEHOLDER in line)
    indent = around[at][: len(around[at]) - len(around[at].lstrip())]
    previous = None
    for f in findings:
        if previous is None:
            yield "\n".join(around[:at])
        else:
            yield previous + ","
        previous = "\n".join(indent + line for line in json.dumps(_result(f, index), ensure_ascii=False,
                                                                    indent=2).split("\n"))
    if previous is None:
        yield log([])
    else:
        yield previous
        yield "\n".join(around[at + 1 :])


_PLACEHOLDER = "byline:results"  # a result no finding is: it marks where the results go in the log


def _result(f: Problem, index: dict[str, int]) -> dict[str, object]:
    """A finding as a SARIF result; `index` maps rule codes to their place among the driver's rules."""
    location: dict[str, object] = {"artifactLocation": {"uri": f.file, "uriBaseId": "WORKSPACE"}}
    if f.line:
        location["region"] = {"startLine": f.line}
    result: dict[str, object] = {
        "ruleId": f.rule, "level": f.severity, "message": {"text": _sentence(f.message)},
        "locations": [{"physicalLocation": location}],
        "properties": {"article": f.article, "unit": f.unit},
    }
    if f.rule in index:
        result["ruleIndex"] = index[f.rule]
    if f.waived:
        result["suppressions"] = [{"kind": "external", "status": "accepted",
                                   "justification": "waived by a recorded `byline waive` event"}]
    return result


def _descriptor(r: Rule, docs: str) -> dict[str, object]:
    """A SARIF reportingDescriptor from a rule and its docstring (summary, *Why:*, *Example:*)."""
    import inspect

    body = inspect.cleandoc(r.check.__doc__ or r.name)
    rest = body.split("\n", 1)[1].strip() if "\n" in body else ""
    full = " ".join(rest.split("\n\n", 1)[0].split()) if rest else r.summary
    anchor = f"{r.code.lower()}-{r.name}"
    help_uri = f"{docs}checks.md#{anchor}" if docs != DOCS_URN else f"{DOCS_URN}checks#{anchor}"
    return {"id": r.code, "name": _pascal(r.name), "shortDescription": {"text": _sentence(r.summary)},
            "fullDescription": {"text": _sentence(full)},
            "help": {"text": " ".join(body.split()), "markdown": body},
            "helpUri": help_uri, "defaultConfiguration": {"level": r.severity},
            "properties": {"family": r.family, "tags": [r.family], "kebabName": r.name}}


def _sentence(text: str) -> str:
    """SARIF messages end with a full stop (the Multitool's SARIF2001 asks for one)."""
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def _pascal(name: str) -> str:
    """SARIF rule names are identifiers in Pascal case (SARIF2012): `stale-unit` -> `StaleUnit`."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("-"))


def _escape(value: str, *, prop: bool = False) -> str:
    """GitHub workflow-command escaping (properties also escape ':' and ',')."""
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if prop else value


def render_github(findings: Sequence[Problem], articles: Sequence[str], rules: RulesThatRan, run: Run = _NO_RUN) -> str:
    """`::error file=…,line=…,title=…::message` annotations; waived findings are notices."""
    return "\n".join(github_lines(findings, articles, rules, run))


def github_lines(findings: Iterable[Problem], articles: Sequence[str], rules: RulesThatRan,
                 run: Run = _NO_RUN) -> Iterator[str]:
    """`render_github`'s lines, one at a time (none when nothing was found)."""
    for f in findings:
        level = "notice" if f.waived else f.severity
        props = [f"file={_escape(str(f.file), prop=True)}"]
        if f.line:
            props.append(f"line={f.line}")
        title = f"{f.rule} {f.name}" + (f" {f.unit}" if f.unit else "") + (" (waived)" if f.waived else "")
        props.append(f"title={_escape(title, prop=True)}")
        yield f"::{level} {','.join(props)}::{_escape(f.message)}"


RENDERERS: dict[str, Callable[[Sequence[Problem], Sequence[str], RulesThatRan, Run], str]] = {
    "text": render_text, "json": render_json, "junit": render_junit, "sarif": render_sarif, "github": render_github,
}
# Each format's pieces as articles are checked, and what joins them into RENDERERS' output.
WRITERS: dict[str, tuple[Writer, str]] = {
    "text": (text_lines, "\n"), "json": (json_lines, "\n"), "junit": (junit_lines, ""),
    "sarif": (sarif_lines, "\n"), "github": (github_lines, "\n"),
}
