"""Technologies in stacking order, their names and colours, and scenario colours: the same in every
chart of the window and in the Excel brief."""
from __future__ import annotations

# Bottom of a dispatch stack first: what runs all the time, then the merit order, then renewables.
TECHNOLOGIES = ("nuclear", "bagasse", "local_coal", "imported_coal", "local_gas", "rlng", "rfo", "import", "hydro",
                "wind", "solar")
TECHNOLOGY_LABELS = {"hydro": "Hydro", "nuclear": "Nuclear", "local_coal": "Thar coal", "local_gas": "Local gas",
                     "imported_coal": "Imported coal", "rlng": "RLNG", "rfo": "Furnace oil", "wind": "Wind",
                     "solar": "Solar", "bagasse": "Bagasse", "import": "Iran import"}
TECHNOLOGY_COLOURS = {"nuclear": "7030A0", "bagasse": "A9D18E", "local_coal": "7F6000", "imported_coal": "404040",
                      "local_gas": "F4B183", "rlng": "ED7D31", "rfo": "C00000", "import": "A5A5A5",
                      "hydro": "2E75B6", "wind": "70AD47", "solar": "FFC000"}
# Series that are not a technology.
DEMAND, NEW_LOADS, SHEDDING, MARGINAL_COST = "000000", "00B0F0", "E7298A", "262626"
BEFORE, AFTER = "9DC3E6", "1F4E79"  # without and with the new loads
# Scenarios take these in the order the project lists them.
SCENARIO_COLOURS = ("1F4E79", "C55A11", "548235", "7030A0", "BF9000", "00B0F0", "C00000", "7F7F7F", "FF66CC",
                    "375623")


def scenario_colour(names: list[str], name: str) -> str:
    return SCENARIO_COLOURS[names.index(name) % len(SCENARIO_COLOURS)] if name in names else "7F7F7F"
