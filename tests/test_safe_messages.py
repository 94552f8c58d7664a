"""Messages are safe to print: text from a hostile file is escaped and capped, numbers are short,
and names with control or bidi characters (even escaped in JSON) are refused."""
import copy
import json
import re

import pytest

from workbench.cli import EXIT_USER_ERROR, main
from workbench.core.text import number_text, safe_text
from workbench.session import EXAMPLE_PROJECT

BASE = json.loads(EXAMPLE_PROJECT.read_text(encoding="utf-8"))
ESC, BIDI = "\x1b[31m", "\u202e"
RAW_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b\u200e\u200f\u2028-\u202e\u2060-\u2069\ufeff]")


def variant(edit):
    doc = copy.deepcopy(BASE)
    edit(doc)
    return doc


def first(doc):
    return doc["scenarios"][0]


CASES = {  # name: (edit of the example, field named in the message, text that must appear escaped)
    "unknown parent": (lambda d: d["scenarios"][1].update(parent="x" + ESC + "red" + BIDI),
                       "scenarios[1].parent", "x\\x1b[31mred\\u202e"),
    "duplicate name": (lambda d: [s.update(name=ESC + "dup") for s in d["scenarios"][:2]],
                       "scenarios[0].name", "\\x1b[31mdup"),
    "format": (lambda d: d.update(format="\x1b]0;owned\x07" + BIDI), "format", "\\x1b]0;owned\\x07\\u202e"),
    "unknown field": (lambda d: first(d).update({ESC + "field" + BIDI: 1}), "scenarios[0].\\x1b[31mfield\\u202e",
                      "unknown field"),
    "unknown top-level field": (lambda d: d.update({"\x9b2J": 1}), "\\x9b2J", "unknown field"),
    "escaped NUL in a name": (lambda d: [first(d).update(name="No\u0000allocation"),
                                         d["scenarios"][1].update(parent="No\u0000allocation")],
                              "scenarios[0].name", "No\\x00allocation"),
    "bidi override in a load name": (lambda d: d["scenarios"][1]["large_loads"][0].update(name="exe." + BIDI + "txt"),
                                     "scenarios[1].large_loads[0].name", "exe.\\u202etxt"),
}


def check_line(err):
    assert err.endswith("\n") and err.count("\n") == 1, err
    assert len(err) < 400, len(err)
    assert not RAW_CONTROL.search(err.rstrip("\n")), repr(err)


@pytest.mark.parametrize("case", CASES)
def test_text_from_the_file_is_escaped_in_the_message(tmp_path, capsys, case):
    edit, field, shown = CASES[case]
    path = tmp_path / "hostile.wbproj"
    path.write_text(json.dumps(variant(edit)), encoding="utf-8")  # json escapes \u0000 as the 6 characters
    assert main(["validate", str(path)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    check_line(err)
    assert f": {field}: " in err and shown in err, err


def test_a_one_megabyte_key_gives_a_short_line_with_a_marker(tmp_path, capsys):
    key = "k" * 1_000_000
    path = tmp_path / "big-key.wbproj"
    path.write_text(json.dumps(variant(lambda d: first(d)["overrides"].update({key: 1}))), encoding="utf-8")
    assert main(["validate", str(path)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    check_line(err)
    # The field is capped at 120 characters; the rest of the key is counted, not printed.
    field = "scenarios[0].overrides." + key
    assert f"... (+{len(field) - 120:,} characters): unknown parameter" in err, err


@pytest.mark.parametrize("value, shown", [(1e300, "1e+300"), (-1e300, "-1e+300"), (10 ** 400, "1.00000e+400"),
                                          (123456789.0, "123,456,789")])
def test_numbers_print_in_shortest_form(tmp_path, capsys, value, shown):
    path = tmp_path / "huge.wbproj"
    text = json.dumps(variant(lambda d: first(d)["overrides"].update(pkr_per_usd="@")))
    path.write_text(text.replace('"@"', str(int(value)) if isinstance(value, int) else repr(value)), encoding="utf-8")
    assert main(["validate", str(path)]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    check_line(err)
    assert "scenarios[0].overrides.pkr_per_usd: " in err
    if isinstance(value, int):
        assert "too large" in err  # a 401-digit integer never becomes a float
    else:
        assert f"{shown} is " in err, err


def test_a_long_name_list_in_a_message_is_capped(tmp_path, capsys):
    doc = variant(lambda d: None)
    doc["scenarios"] = [{**first(doc), "name": f"{'n' * 100} {i}"} for i in range(60)]
    path = tmp_path / "many.wbproj"
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert main(["run", str(path), "--scenario", "missing" + ESC]) == EXIT_USER_ERROR
    err = capsys.readouterr().err
    check_line(err)
    assert "no scenario named 'missing\\x1b[31m'" in err and "characters)" in err


def test_safe_text_escapes_caps_and_is_idempotent():
    assert safe_text("a\x1bb\u202ec") == "a\\x1bb\\u202ec"
    assert safe_text(safe_text("a\x1bb\u202ec")) == "a\\x1bb\\u202ec"  # a backslash is left as it is
    assert safe_text("x" * 50, 10) == "x" * 10 + "... (+40 characters)"
    # An escape is never cut in half: it is kept whole or left to the marker.
    assert safe_text("abcdefgh\x1b", 10) == "abcdefgh... (+1 characters)"
    assert safe_text(1e300) == "1e+300" and safe_text(0.1) == "0.1"
    # Urdu needs the zero-width non-joiner; it is not hidden text and stays as it is.
    assert safe_text("\u0645\u06cc\u200c\u06ba") == "\u0645\u06cc\u200c\u06ba"


def test_number_text_reads_as_a_user_writes_numbers():
    assert [number_text(x) for x in (0, 3, 2000.0, 12345.678, 0.5, 1e-7, 1e15, 1e300)] == \
        ["0", "3", "2,000", "12,345.7", "0.5", "1e-07", "1e+15", "1e+300"]


def test_names_in_urdu_are_plain_text_and_load(tmp_path, capsys):
    name = "\u0628\u0646\u06cc\u0627\u062f\u06cc \u200c\u0645\u0646\u0638\u0631"  # with a ZWNJ
    doc = variant(lambda d: None)
    doc["scenarios"] = [{**first(doc), "name": name}]
    path = tmp_path / "urdu.wbproj"
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert name in capsys.readouterr().out
