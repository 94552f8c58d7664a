"""Atheris (libFuzzer) target: the project-file loader, for hours rather than the suite's seconds.

Any input must load as a project or be refused with a ProjectFileError whose message is one
line under 400 characters with no control characters; anything else is a crash libFuzzer keeps.
See tools/fuzz/README.md for how to run it.
"""
import sys

import atheris
from refusal import check_refusal  # beside this script

with atheris.instrument_imports():
    from workbench.core.errors import ProjectFileError
    from workbench.io.project_file import parse_project
    from workbench.session import open_session

CATALOGUE = open_session().catalogue


def test_one_input(data: bytes) -> None:
    try:
        parse_project(data, CATALOGUE, "fuzz.wbproj")
    except ProjectFileError as exc:
        check_refusal(exc)


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
