"""The brief as LibreOffice prints it (issue 12, part 7): pages, a new page for every sheet, and no
text that collides (lines overlapping, or a number touching the word in the next cell).

Skipped where LibreOffice or poppler's pdftotext is not installed (.ci/run installs both when it
can); tests/test_excel_layout.py checks the same cells by estimate everywhere.
"""
import shutil
import statistics
import subprocess

import pytest

from tests import pdf_check
from tests.test_excel_layout import example_brief  # noqa: F401 (the fixture)

SHEETS = ["Cover", "Key numbers", "Scenarios", "What changed", "Assumptions", "Large loads", "Tariffs", "Grid",
          "Charts", "Evidence", "Sources"]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")

pytestmark = pytest.mark.skipif(not SOFFICE or not shutil.which("pdftotext"),
                                reason="LibreOffice (soffice) and pdftotext are not installed")


@pytest.fixture(scope="module")
def rendered(example_brief, tmp_path_factory):  # noqa: F811
    _, results, _ = example_brief
    out = tmp_path_factory.mktemp("render")
    xlsx = out / "brief.xlsx"
    example_brief[0].save(xlsx)
    profile = out / "profile"  # its own profile: no clash with a LibreOffice the developer has open
    subprocess.run([SOFFICE, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(out), str(xlsx)], check=True, capture_output=True, timeout=240)
    pages, words = pdf_check.read(str(out / "brief.pdf"))
    return pages, words, results


def test_page_count_and_every_sheet_starts_a_page(rendered):
    pages, _, results = rendered
    sheets = [pdf_check.sheet_of(lines) for lines in pages]
    assert None not in sheets  # every page has its footer
    # Each sheet's pages are together, in the workbook's order, and each sheet starts a new page.
    order = [s for i, s in enumerate(sheets) if i == 0 or sheets[i - 1] != s]
    assert order == SHEETS
    # One page each for the cover and key numbers; each scenario adds about a page of Grid and one of
    # Charts; the assumptions, evidence and sources (about 16 pages) hardly depend on the scenarios.
    assert sheets.count("Cover") == 1 and sheets.count("Key numbers") == 1
    assert len(SHEETS) <= len(pages) <= 22 + 3 * len(results)
    for lines, sheet in zip(pages, sheets):
        footer = next(line.text for line in lines if pdf_check.FOOTER.match(line.text))
        assert footer.endswith(f"of {len(pages)}"), footer
        assert footer.startswith(sheet)


def test_every_page_prints_at_a_readable_size(rendered):
    """Fit to one page wide, a sheet with too many columns shrank to 4 pt type (the old Assumptions
    sheet, 20 columns with quotes and addresses). The median word on every page must be at least
    6 pt tall on paper (11 pt type printed at about 60 %)."""
    _, words, _ = rendered
    heights = [(i + 1, statistics.median(w.y1 - w.y0 for w in page)) for i, page in enumerate(words)]
    assert [(page, round(h, 1)) for page, h in heights if h < 6.0] == []


def test_a_scenario_block_on_the_grid_sheet_is_never_split_across_pages(rendered):
    """The surplus table used to run on to the next page without its month headers."""
    pages, _, _ = rendered
    for lines in pages:
        if pdf_check.sheet_of(lines) == "Grid":
            texts = [line.text for line in lines]
            hours = [t for t in texts if t[:3] in {f"{h:02d}:" for h in range(24)}]
            assert not hours or (any(t.startswith("Hour") for t in texts) and any(t.startswith("All hours")
                                                                                  for t in texts)), texts[:6]


def test_no_text_line_overlaps_another(rendered):
    pages, _, _ = rendered
    found = [(a.page, a.text[:40], b.text[:40]) for lines in pages for a, b in pdf_check.overlaps(lines)]
    assert found == []


def test_no_number_touches_the_word_beside_it(rendered):
    pages, words, _ = rendered
    found = [(i + 1, pdf_check.sheet_of(pages[i]), g) for i, page in enumerate(words) for g in pdf_check.glued(page)]
    assert found == []


def test_the_cover_shows_its_whole_guide(rendered):
    """The old cover cut its 'How to read this brief' paragraph after two lines."""
    pages, _, _ = rendered
    text = " ".join(line.text for line in pages[0])
    assert "Sources: last sheet." in text
