"""Atheris (libFuzzer) target: the project-file loader, for hours rather than the suite's seconds.

Any input must load as a project or be refused with a ProjectFileError whose message is one
line under 400 characters with no control characters; anything else is a crash libFuzzer keeps.
See tools/fuzz/README.md for how to run it.
"""
import sys

import atheris

with atheris.instrument_imports():
    from workbench.core.errors import ProjectFileError
    from workbench.core.text import UNSAFE
    from workbench.io.project_file import parse_project
    from workbench.session import open_session

CATALOGUE = open_session().catalogue


def test_one_input(data: bytes) -> None:
    try:
        parse_project(data, CATALOGUE, "fuzz.wbproj")
    except ProjectFileError as exc:
        message = str(exc)
        if "\n" in message or len(message) >= 400 or UNSAFE.search(message):
            raise AssertionError(f"unsafe message: {message[:200]!r}") from None


if __name__ == "__main__":
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
