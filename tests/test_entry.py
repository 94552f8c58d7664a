"""What people type into the editors, read as catalogue values, and values written back as text."""
import pytest

from workbench.core import entry
from workbench.core.dataset import MONTHS


def test_numbers_accept_separators_and_their_unit_and_keep_the_catalogue_bounds(catalogue):
    p = catalogue["rooftop_solar_mw"]
    assert entry.parse(p, " 6,800 ") == 6800.0
    assert entry.parse(p, "6800 MW") == 6800.0
    with pytest.raises(ValueError, match="above the maximum 60,000 MW"):
        entry.parse(p, "70000")
    with pytest.raises(ValueError, match="'six thousand' is not a number"):
        entry.parse(p, "six thousand")
    assert entry.parse(catalogue["study_first_fy"], "2027") == 2027
    with pytest.raises(ValueError, match="whole number"):
        entry.parse(catalogue["study_first_fy"], "2027.5")


def test_confirming_an_editor_unchanged_gives_back_the_exact_value(catalogue):
    p = catalogue["hydrology_factor"]
    for value in (0.1 + 0.2, 1 / 3, 0.95, 1.6):  # 0.30000000000000004 must not come back as 0.3
        assert entry.parse(p, entry.edit_text(p, value)) == value
    assert entry.edit_text(catalogue["rooftop_solar_mw"], 6800.0) == "6800"


def test_choices_read_codes_or_words_and_show_words(catalogue):
    p = catalogue["shedding_priority"]
    assert entry.parse(p, "Protect households") == entry.parse(p, "protect_households") == "protect_households"
    assert entry.display(p, "pro_rata") == "Pro rata"
    with pytest.raises(ValueError, match="not one of: Protect households, Pro rata, Protect large loads"):
        entry.parse(p, "households first")
    assert entry.parse(catalogue["include_pipeline"], "No") is False


def test_optional_rules_are_off_when_empty(catalogue):
    p = catalogue.load_fields["curtail_below_headroom_mw"]
    assert entry.parse(p, "") is None and entry.parse(p, "off") is None
    assert entry.display(p, None) == "off" and entry.parse(p, "2,000") == 2000.0


@pytest.mark.parametrize("typed, codes", [
    ("May-Sep", ["jul", "aug", "sep", "may", "jun"]),  # stored in fiscal-year order, July first
    ("november to february", ["nov", "dec", "jan", "feb"]),
    ("Dec, Jan", ["dec", "jan"]),
    ("jun and jul", ["jul", "jun"]),
    ("", []),
    ("all year", list(MONTHS)),
])
def test_months_read_names_and_ranges_and_show_calendar_ranges(catalogue, typed, codes):
    p = catalogue.load_fields["curtail_months"]
    assert entry.parse(p, typed) == codes
    assert entry.parse(p, entry.edit_text(p, codes)) == codes  # what the editor shows reads back the same


def test_month_text_compresses_runs_across_december():
    assert entry.month_text(["may", "jun", "jul", "aug", "sep"]) == "May-Sep"
    assert entry.month_text(["nov", "dec", "jan", "feb", "jun"]) == "Jun, Nov-Feb"
    assert entry.month_text(["jan", "mar"]) == "Jan, Mar" and entry.month_text([]) == "none"
    with pytest.raises(ValueError, match="'smarch' is not a month"):
        entry.months("Smarch")
