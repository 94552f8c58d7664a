"""The bundled data set: provenance on every number, and the calibration targets of the profiles."""
import numpy as np

from workbench.core.dataset import MONTHS
from workbench.docgen import data_markdown
from workbench.io.dataset_loader import load_dataset

PUBLISHED_FY25_GWH = {"jul": 14880, "aug": 13180, "sep": 12487, "oct": 10262, "nov": 8032, "dec": 7800,
                      "jan": 8152, "feb": 6945, "mar": 8409, "apr": 10513, "may": 12755, "jun": 13744}


def test_every_value_has_unit_year_source_confidence(dataset):
    for d in dataset.values.values():
        assert d.unit and d.year and d.source and d.confidence in {"high", "medium", "low"}, d.key
        assert d.basis in {"sourced", "derived", "estimate"}, d.key
        for sid in d.source.split(";"):
            assert sid in dataset.sources, (d.key, sid)


def test_estimates_say_so(dataset):
    assert dataset.datum("grid.transfer_limit_south_north_mw").is_estimate
    assert dataset.datum("plant.rlng_ccgt.capacity_mw").is_estimate  # thermal split is not published
    assert not dataset.datum("demand.generation_gwh.aug").is_estimate


def test_identity_is_stable_and_content_addressed(dataset, tmp_path):
    from workbench.io.dataset_loader import read_dataset, resources_dir
    again = read_dataset(resources_dir())  # a fresh read, past the cache
    assert again.identity == dataset.identity
    assert len(dataset.content_hash) == 64
    # A one-byte change to a data file changes the hash.
    import shutil
    copy = tmp_path / "res"
    shutil.copytree(resources_dir(), copy)
    values = copy / "data" / "values.csv"
    values.write_text(values.read_text().replace("Jhimpir-Gharo corridor", "Jhimpir-Gharo corridor."))
    assert load_dataset(copy).content_hash != dataset.content_hash


def test_the_bundled_data_set_is_read_once_however_it_is_named(dataset):
    from workbench.io.dataset_loader import resources_dir
    assert load_dataset() is dataset
    assert load_dataset(resources_dir()) is dataset
    assert load_dataset(str(resources_dir() / ".." / "resources")) is dataset


def test_hourly_demand_reproduces_published_monthly_generation(dataset):
    hourly = dataset.hourly
    monthly_gwh = hourly.groupby("month")["demand_fy25_mw"].sum() / 1000
    for month, published in PUBLISHED_FY25_GWH.items():
        assert abs(monthly_gwh[month] / published - 1) < 0.02, month
    assert abs(hourly["demand_fy25_mw"].sum() / 1000 / 127159 - 1) < 0.001


def test_hourly_demand_reproduces_summer_and_winter_peaks(dataset):
    h = dataset.hourly
    summer = h[h.month.isin(["may", "jun", "jul", "aug", "sep"])]["demand_fy25_mw"].max()
    winter = h[h.month.isin(["dec", "jan", "feb"])]["demand_fy25_mw"].max()
    assert abs(summer - 25516) < 0.01 * 25516  # record served peak, 21 Aug 2023
    assert abs(winter - 14000) < 0.01 * 14000  # model default winter peak
    # Evening peaks: the daily maximum falls after sunset in both seasons.
    for month in ("jul", "jan"):
        by_hour = h[h.month == month].groupby("hour_of_day")["demand_fy25_mw"].mean()
        assert 17 <= by_hour.idxmax() <= 22, month


def test_renewable_profiles_match_their_capacity_factors(dataset):
    h = dataset.hourly
    assert abs(h.wind_cf.mean() - 0.238) < 1e-3
    assert abs(h.solar_cf.mean() - 0.20) < 1e-3
    assert (h.solar_cf[h.hour_of_day.isin([0, 1, 2, 3, 22, 23])] == 0).all()  # no sun at night
    wind_by_month = h.groupby("month").wind_cf.mean()
    assert wind_by_month["jul"] > 2 * wind_by_month["dec"]  # monsoon winds


def test_hydro_monthly_energy_adds_to_fy25_hydel(dataset):
    total = sum(dataset.monthly("hydro.energy_gwh"))
    assert abs(total - 39979) < 1  # 31.44% of 127,159 GWh
    assert len(MONTHS) == 12


def test_capacity_payments_by_plant_add_to_nepra_fy25_actual(dataset):
    total = sum(float(dataset.plant(p, "capacity_payment")) for p in dataset.plant_ids())
    assert abs(total - 1806.2) < 0.5


def test_fuel_prices_reproduce_observed_fuel_costs(dataset):
    fx = dataset.number("finance.pkr_per_usd")
    rlng = dataset.number("plant.rlng_ccgt.heat_rate") * 1e-6 * dataset.number("fuel.rlng.price") * fx
    coal = (dataset.number("plant.coal_sahiwal.heat_rate") * 1e-6 / dataset.number("fuel.imported_coal.heat_content")
            * dataset.number("fuel.imported_coal.price") * fx)
    assert abs(rlng - 24.26) < 0.2  # AHL, April 2025
    assert abs(coal - 15.2) < 0.1  # AHL FY25 midpoint


def test_data_docs_are_current(dataset):
    from workbench.docgen import DOCS
    assert (DOCS / "data.md").read_text(encoding="utf-8") == data_markdown(dataset), \
        "docs/data.md is stale: run `python main.py docs`"


def test_pipeline_totals_revised_igcep(dataset):
    additions = dataset.pipeline[dataset.pipeline.capacity_mw > 0].capacity_mw.sum()
    assert abs(additions - 7017) / 7017 < 0.02  # revised IGCEP: 7,017 MW
    assert np.isin(dataset.pipeline.zone, ["north", "south"]).all()


def test_example_projects_record_the_bundled_data_set(dataset, catalogue):
    from workbench.session import EXAMPLE_PROJECT
    from workbench.io.project_file import load_project
    for path in EXAMPLE_PROJECT.parent.glob("*.wbproj"):
        assert dict(load_project(path, catalogue).dataset) == dataset.identity, \
            f"{path.name}: run `python tools/restamp_examples.py`"
