"""Atheris (libFuzzer) target: the assumptions-workbook importer (zip pre-scan, XML, openpyxl, values).

Any input must import as a scenario or be refused with a WorkbenchError whose message is one
line under 400 characters with no control characters. See tools/fuzz/README.md.
"""
import os
import sys
import tempfile

import atheris
from refusal import check_refusal  # beside this script

with atheris.instrument_imports():
    from workbench.core.errors import WorkbenchError
    from workbench.io.excel_assumptions import import_assumptions, read_assumptions
    from workbench.session import open_session

SESSION = open_session()
FOLDER = tempfile.mkdtemp(prefix="fuzz-workbook-")
PATH = os.path.join(FOLDER, "input.xlsx")


def test_one_input(data: bytes) -> None:
    with open(PATH, "wb") as out:
        out.write(data)
    try:
        book = read_assumptions(PATH, SESSION.catalogue)
        import_assumptions(SESSION.project, SESSION.catalogue, book, "Fuzzed")
    except WorkbenchError as exc:
        check_refusal(exc)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
