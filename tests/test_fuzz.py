"""Fuzzing in the suite: random damage to a project file and to an assumptions workbook never gets past the
loaders as anything but a clear refusal (ProjectFileError / WorkbenchError), never a crash of another kind.

Bounded in time: a fixed sample runs in the suite (derandomized, so CI is repeatable). To explore further:
    WORKBENCH_FUZZ_RANDOM=1 WORKBENCH_FUZZ_EXAMPLES=5000 python -m pytest tests/test_fuzz.py
and, for hours, the atheris targets in tools/fuzz/.
"""
import io
import json
import os
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.errors import ProjectFileError, WorkbenchError
from workbench.io.excel_assumptions import import_assumptions, read_assumptions, write_template
from workbench.io.project_file import parse_project
from workbench.session import EXAMPLE_PROJECT

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                derandomize=os.environ.get("WORKBENCH_FUZZ_RANDOM") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]")
EXAMPLE_BYTES = EXAMPLE_PROJECT.read_bytes()
SHEET1 = "xl/worksheets/sheet1.xml"


def assert_clean_refusal(exc: WorkbenchError) -> None:
    message = str(exc)
    assert "\n" not in message and len(message) < 400 and not UNSAFE.search(message), repr(message)


# --- project files -------------------------------------------------------------------------

@st.composite
def damaged_bytes(draw):
    """The example project with a few bytes deleted, inserted or overwritten."""
    data = bytearray(EXAMPLE_BYTES)
    for _ in range(draw(st.integers(1, 8))):
        at = draw(st.integers(0, len(data)))
        what = draw(st.sampled_from(["delete", "insert", "replace"]))
        chunk = draw(st.binary(min_size=1, max_size=8) | st.sampled_from(
            [b'"', b"{", b"}", b"[", b"]", b",", b":", b"\\u0000", b"\\ud800", b"1e999", b"-", b"NaN", b"null"]))
        if what == "delete":
            del data[at:at + len(chunk)]
        elif what == "insert":
            data[at:at] = chunk
        else:
            data[at:at + len(chunk)] = chunk
    return bytes(data)


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10 ** 30, 10 ** 30) | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=12)


def paths_of(doc, prefix=()):
    yield prefix
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths_of(value, (*prefix, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc):
            yield from paths_of(value, (*prefix, i))


EXAMPLE_DOC = json.loads(EXAMPLE_BYTES)
EXAMPLE_PATHS = list(paths_of(EXAMPLE_DOC))[1:]


@st.composite
def damaged_documents(draw):
    """The example project with a few of its values (anywhere in the tree) replaced by random JSON."""
    doc = json.loads(EXAMPLE_BYTES)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(EXAMPLE_PATHS))
        node = doc
        try:
            for step in path[:-1]:
                node = node[step]
            node[path[-1]] = draw(JSON_VALUES)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier replacement removed this branch
    return json.dumps(doc, ensure_ascii=draw(st.booleans())).encode("utf-8")


@FUZZ
@given(data=damaged_bytes() | damaged_documents())
def test_a_damaged_project_file_loads_or_is_refused_cleanly(catalogue, data):
    try:
        parse_project(data, catalogue, "fuzz.wbproj")
    except ProjectFileError as exc:
        assert_clean_refusal(exc)


# --- assumptions workbooks -----------------------------------------------------------------

@pytest.fixture(scope="module")
def template_bytes(tmp_path_factory, example_session):
    path = tmp_path_factory.mktemp("fuzz") / "template.xlsx"
    s = example_session
    write_template(s.project, "Government proposal", s.catalogue, s.dataset, str(path))
    return path.read_bytes()


def rezipped(book: bytes, part: str, data: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, data if info.filename == part else zin.read(info.filename))
    return out.getvalue()


@st.composite
def damaged_workbooks(draw, book: bytes):
    """The template with its sheet XML (or another part) damaged byte-wise, or its zip bytes damaged."""
    with zipfile.ZipFile(io.BytesIO(book)) as z:
        parts = z.namelist()
        part = draw(st.sampled_from([SHEET1, SHEET1, *parts]))
        xml = bytearray(z.read(part))
    target = xml if draw(st.integers(0, 4)) else bytearray(book)  # mostly the XML, sometimes the zip itself
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(target)))
        chunk = draw(st.binary(min_size=1, max_size=6) | st.sampled_from(
            [b"<", b">", b'"', b"&", b"<f>1/0</f>", b'<c r="E9" t="s"><v>99999</v></c>', b"&#0;", b"<!DOCTYPE x>",
             b'ref="A1:XFD1048576"', b"1e308", b"-0"]))
        if draw(st.booleans()):
            target[at:at] = chunk
        else:
            target[at:at + len(chunk)] = chunk
    return rezipped(book, part, bytes(xml)) if target is xml else bytes(target)


@settings(FUZZ, max_examples=max(EXAMPLES // 4, 10))
@given(data=st.data())
def test_a_damaged_workbook_imports_or_is_refused_cleanly(tmp_path, example_session, template_bytes, data):
    s = example_session
    path = tmp_path / "fuzz.xlsx"
    path.write_bytes(data.draw(damaged_workbooks(template_bytes)))
    try:
        book = read_assumptions(path, s.catalogue)
        import_assumptions(s.project, s.catalogue, book, "Fuzzed")
    except WorkbenchError as exc:
        assert_clean_refusal(exc)
