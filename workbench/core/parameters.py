"""The parameter catalogue: the one declarative list of every scenario parameter.

Validation, the command line, the GUI form and the brief's assumptions sheet all read it.
A default either comes from the data set (``data_key``) or is a workbench setting (``default``).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Any, Iterator, Mapping

from workbench.core.dataset import MONTHS, DataSet
from workbench.core.errors import DataSetError
from workbench.core.gates import STATUS_LABELS
from workbench.core.text import has_unsafe, number_text, safe_text

NUMBER, INTEGER, CHOICE, FLAG, TEXT, MONTH_SET = "number", "integer", "choice", "flag", "text", "months"
WORKBENCH_SOURCE = "Workbench setting"
# Words for every enumerated value (zones, policies, schemes, flexibility, hashprice source, ...): the
# window, the brief and the command line show these, never the codes.
CHOICE_LABELS = {
    "single": "One bus (no transfer limit)", "north_south": "North and South, with the transfer limit",
    "protect_households": "Protect households", "pro_rata": "Pro rata",
    "protect_large_loads": "Protect large loads",
    "pass_through": "Pass cost through", "held_at_notified": "Held at notified (gap is subsidy)",
    "given": "Given", "btc_price_and_hashrate": "From BTC price and network hashrate",
    "crypto_mining": "Bitcoin mining", "ai_data_centre": "AI data centre", "other": "Other industry",
    "state_mining": "State mining (into the bitcoin reserve)",
    "north": "North", "south": "South",
    "transmission": "Transmission", "distribution": "Distribution (DISCO)",
    "firm": "Firm", "curtailable": "Curtailable by rule", "price_responsive": "Price-responsive",
    "flat_pkr": "Flat PKR/kWh", "usd": "USD/kWh", "marginal_plus": "Marginal cost + adder",
    "time_of_use": "Time of use", "take_or_pay": "Take-or-pay",
    **STATUS_LABELS,  # a gate's status, edited in the same delegate
}


CALENDAR = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def month_text(codes: list[str]) -> str:
    """Months as calendar ranges, wrapping past December: ["may", ..., "sep"] is "May-Sep"."""
    chosen = sorted({CALENDAR.index(m) for m in codes})
    if not chosen:
        return "none"
    if len(chosen) == 12:
        return "all year"
    start = next(m for m in chosen if (m - 1) % 12 not in chosen)  # a month that begins a run
    order = [(start + k) % 12 for k in range(12) if (start + k) % 12 in chosen]
    runs: list[list[int]] = []
    for m in order:
        if runs and (runs[-1][-1] + 1) % 12 == m:
            runs[-1].append(m)
        else:
            runs.append([m])
    names = [CALENDAR[r[0]].capitalize() + (f"-{CALENDAR[r[-1]].capitalize()}" if len(r) > 2 else
             f", {CALENDAR[r[-1]].capitalize()}" if len(r) == 2 else "") for r in runs]
    return ", ".join(names)



@dataclass(frozen=True)
class Parameter:
    key: str
    label: str
    unit: str
    group: str
    kind: str = NUMBER
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()
    default: Any = None
    data_key: str | None = None  # default taken from this data-set value
    source: str = WORKBENCH_SOURCE
    help: str = ""
    optional: bool = False  # None (JSON null) allowed: "rule off"
    year: str = ""  # of the data-set value behind the default
    confidence: str = ""  # high / medium / low, from the data set
    basis: str = ""  # sourced / derived / estimate, from the data set
    quote: str = ""  # the source's words that state the default (or its inputs, when derived)
    formula: str = ""  # how a derived default is computed
    address: str = ""  # where to follow the source: its address, or document, page and date
    reason: str = ""  # the data set's note: an estimate's reason, a derived value's explanation

    def validate(self, value: Any) -> Any:
        """Return the value in canonical form or raise ValueError with a user-facing reason."""
        if value is None:
            if self.optional:
                return None
            raise ValueError("a value is required")
        if self.kind in (NUMBER, INTEGER):
            # bool is an int in Python; a JSON true is never a number here.
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                raise ValueError(f"expected a number ({self.unit}), got {_describe(value)}")
            if isinstance(value, float) and not math.isfinite(value):
                raise ValueError("NaN and infinity are not allowed")
            if self.kind == INTEGER:
                if isinstance(value, float) and not value.is_integer():
                    raise ValueError(f"expected a whole number, got {value}")
                value = int(value)
            else:
                value = float(value)
            if self.minimum is not None and value < self.minimum:
                raise ValueError(f"{format_number(value)} is below the minimum "
                                 f"{format_number(self.minimum)} {self.unit}".rstrip())
            if self.maximum is not None and value > self.maximum:
                raise ValueError(f"{format_number(value)} is above the maximum "
                                 f"{format_number(self.maximum)} {self.unit}".rstrip())
            return value
        if self.kind == CHOICE:
            if value not in self.choices:
                raise ValueError(f"'{safe_text(value)}' is not one of: {', '.join(self.choices)}")
            return value
        if self.kind == FLAG:
            if not isinstance(value, bool):
                raise ValueError(f"expected true or false, got {_describe(value)}")
            return value
        if self.kind == TEXT:
            if not isinstance(value, str):
                raise ValueError(f"expected text, got {_describe(value)}")
            if self.maximum is not None and len(value) > self.maximum:
                raise ValueError(f"text is longer than {int(self.maximum)} characters")
            if not value.strip():
                raise ValueError("must not be empty")
            if has_unsafe(value):
                raise ValueError(f"'{safe_text(value)}' holds a control or invisible formatting character; "
                                 f"names must be plain text")
            return value
        if self.kind == MONTH_SET:
            if not isinstance(value, list) or not all(isinstance(m, str) for m in value):
                raise ValueError("expected a list of month codes such as [\"dec\", \"jan\"]")
            unknown = [m for m in value if m not in MONTHS]
            if unknown:
                raise ValueError(f"unknown month '{safe_text(unknown[0])}'; use {', '.join(MONTHS)}")
            return sorted(set(value), key=MONTHS.index)
        raise AssertionError(self.kind)

    def provenance(self) -> list[tuple[str, str]]:
        """Where the default comes from, as (label, text) pairs for tooltips, the brief and the docs."""
        rows = [("Source", self.source), ("Year", self.year), ("Basis", self.basis),
                ("Confidence", self.confidence), ("Formula", self.formula),
                ("Quote", f"\u201c{self.quote}\u201d" if self.quote else ""), ("Address", self.address)]
        if self.reason not in self.source:  # a modelling choice's reason is already part of its source
            rows.insert(4, ("Note" if self.basis != "estimate" else "Reason", self.reason))
        return [(label, text) for label, text in rows if text]

    def format(self, value: Any) -> str:
        """A value as a reader sees it, with its unit."""
        if value is None:
            return "off"
        if self.kind == NUMBER:
            return f"{format_number(value)} {self.unit}".rstrip()
        if self.kind == INTEGER and self.unit == "hour":
            return f"{int(value):02d}:00"  # a time of day, as a reader writes it ("17:00", not "17 hour")
        if self.kind == INTEGER:
            return f"{value} {self.unit}".rstrip() if self.unit not in ("", "FY") else f"{self.unit}{value}"
        if self.kind == FLAG:
            return "yes" if value else "no"
        if self.kind == MONTH_SET:
            return month_text(value)
        if self.kind == CHOICE:
            return self.choice_label(value)
        return str(value)

    def choice_label(self, code: Any) -> str:
        """The words for one of this parameter's choices."""
        return CHOICE_LABELS.get(code, str(code))


def override_text(scenario: str, notes: str, limit: int = 200) -> str:
    """How a value set in a scenario explains itself: the scenario, then its note."""
    return f"Set in scenario '{scenario}'" + (f": {safe_text(' '.join(notes.split()), limit)}" if notes.strip()
                                              else " (no note)")


format_number = number_text


def _describe(value: Any) -> str:
    return {bool: "true/false", str: "text", list: "a list", dict: "an object"}.get(type(value), type(value).__name__) \
        if not isinstance(value, str) else f"text '{safe_text(value)}'"


P = Parameter
STUDY, DEMAND, SUPPLY, FUEL, GRID, FINANCE, MINERS, RESERVE, PLANTS = (
    "Study", "Demand", "Supply", "Fuel prices", "Grid operation", "Finance and tariffs", "Miners",
    "Bitcoin reserve", "Plants")

# The static scalar parameters, in the order a reader meets them.
SCALARS: tuple[Parameter, ...] = (
    P("study_first_fy", "First fiscal year", "FY", STUDY, INTEGER, 2025, 2045, default=2026,
      help="FY2026 runs July 2025 to June 2026. FY2025 reproduces the published base year."),
    P("study_years", "Years in the horizon", "years", STUDY, INTEGER, 1, 15, default=1,
      help="Each year is dispatched hour by hour with growth, fuel paths and the capacity pipeline."),
    P("zones", "Grid zones", "", STUDY, CHOICE, choices=("single", "north_south"), default="north_south",
      help="north_south adds the south-north transfer limit; single treats the grid as one bus."),
    P("include_pipeline", "Add the IGCEP capacity pipeline", "", STUDY, FLAG, default=True,
      help="Adds and retires capacity in the years given in the data set's pipeline."),
    P("demand_growth_pct", "Demand growth", "%/yr", DEMAND, NUMBER, -10, 20, data_key="demand.growth_pct_per_yr",
      help="Growth of grid consumers' energy per year from FY2025."),
    P("summer_demand_uplift_pct", "Suppressed summer demand", "%", DEMAND, NUMBER, 0, 40, default=0.0,
      help="Extra demand May-September that load shedding now suppresses (about 6% lifts the peak to 27 GW)."),
    P("rooftop_solar_mw", "Rooftop (net-metered) solar in FY2026", "MW", DEMAND, NUMBER, 0, 60000,
      data_key="solar.rooftop_mw_sep2025",
      help="Behind-the-meter solar; grows by the growth rate each year after FY2026. FY2025 demand "
           "already reflects 2,813 MW."),
    P("rooftop_growth_mw_per_yr", "Rooftop solar growth", "MW/yr", DEMAND, NUMBER, 0, 20000,
      data_key="solar.rooftop_growth_mw_per_yr"),
    P("hydrology_factor", "Hydrology (1 = FY2025)", "x FY25", SUPPLY, NUMBER, 0.3, 1.6, default=1.0,
      help="Scales every month's hydel energy; 0.8 is a dry year."),
    P("rlng_take_or_pay_mw", "RLNG take-or-pay floor", "MW", SUPPLY, NUMBER, 0, 15000,
      data_key="plant.rlng_ccgt.min_output_mw",
      help="LNG cargoes bought under take-or-pay keep RLNG plants running at least this much."),
    P("rlng_price_usd_per_mmbtu", "RLNG price", "USD/MMBtu", FUEL, NUMBER, 1, 60, data_key="fuel.rlng.price"),
    P("coal_price_usd_per_t", "Imported coal price (delivered)", "USD/t", FUEL, NUMBER, 20, 600,
      data_key="fuel.imported_coal.price"),
    P("rfo_price_usd_per_mmbtu", "Furnace oil price", "USD/MMBtu", FUEL, NUMBER, 1, 80, data_key="fuel.rfo.price"),
    P("local_gas_price_pkr_per_mmbtu", "Local gas price", "PKR/MMBtu", FUEL, NUMBER, 100, 10000,
      data_key="fuel.local_gas.price"),
    P("thar_fuel_cost_pkr_per_kwh", "Thar lignite fuel cost", "PKR/kWh", FUEL, NUMBER, 0, 40,
      data_key="fuel.thar_lignite.price", help="Disputed: Rs 4.8 (Sindh) to Rs 13.0 (AHL)."),
    P("fuel_escalation_pct", "Fuel price escalation", "%/yr", FUEL, NUMBER, -20, 50,
      data_key="fuel.escalation_pct_per_yr", help="Fuel prices are FY2026 levels; they escalate each year after."),
    P("operating_reserve_mw", "Operating reserve", "MW", GRID, NUMBER, 0, 10000, data_key="grid.operating_reserve_mw"),
    P("transfer_limit_mw", "South-north transfer limit", "MW", GRID, NUMBER, 0, 30000,
      data_key="grid.transfer_limit_south_north_mw"),
    P("voll_pkr_per_kwh", "Value of lost load", "PKR/kWh", GRID, NUMBER, 1, 5000, data_key="grid.voll_pkr_per_kwh"),
    P("shedding_priority", "When shedding is unavoidable", "", GRID, CHOICE,
      choices=("protect_households", "pro_rata", "protect_large_loads"), default="pro_rata",
      help="How firm large loads rank against other consumers; curtailable loads are always cut first."),
    P("pkr_per_usd", "Exchange rate", "PKR/USD", FINANCE, NUMBER, 50, 2000, data_key="finance.pkr_per_usd"),
    P("disco_losses_pct", "DISCO T&D losses", "%", FINANCE, NUMBER, 0, 60, data_key="losses.disco_td_pct"),
    P("allowed_losses_pct", "Allowed T&D losses", "%", FINANCE, NUMBER, 0, 60, data_key="losses.disco_allowed_pct"),
    P("transmission_losses_pct", "Transmission losses", "%", FINANCE, NUMBER, 0, 20,
      data_key="losses.transmission_pct"),
    P("recovery_ratio_pct", "Bill recovery ratio", "%", FINANCE, NUMBER, 0, 100, data_key="finance.recovery_ratio_pct"),
    P("capacity_payments_pkr_bn", "Capacity payments", "PKR bn", FINANCE, NUMBER, 0, 10000,
      data_key="finance.capacity_payments_fy26_pkr_bn", help="Fixed payments owed whether plants run or not."),
    P("distribution_margin_pkr_bn", "Distribution margin", "PKR bn", FINANCE, NUMBER, 0, 5000,
      data_key="finance.distribution_margin_pkr_bn"),
    P("debt_service_surcharge_pkr_per_kwh", "Debt service surcharge", "PKR/kWh", FINANCE, NUMBER, 0, 50,
      data_key="finance.debt_service_surcharge_pkr_per_kwh"),
    P("tmo_charge_pkr_per_kwh", "Transmission and market-operator charge", "PKR/kWh", FINANCE, NUMBER, 0, 50,
      data_key="finance.tmo_charge_pkr_per_kwh"),
    P("out_of_merit_cost_pkr_bn", "Out-of-merit and part-load costs", "PKR bn", FINANCE, NUMBER, 0, 2000,
      data_key="finance.out_of_merit_costs_pkr_bn",
      help="Energy costs that merit-order dispatch does not see (constraints, part-load); fixed."),
    P("other_approved_costs_pkr_bn", "Other approved costs", "PKR bn", FINANCE, NUMBER, -2000, 2000, default=0.0,
      help="Prior-year adjustments and other items NEPRA allows in the revenue requirement."),
    P("tariff_policy", "Consumer tariffs", "", FINANCE, CHOICE, choices=("pass_through", "held_at_notified"),
      default="pass_through",
      help="pass_through: tariffs move with cost; held_at_notified: the gap becomes budget subsidy."),
    P("tds_pkr_bn", "Tariff differential subsidy (pass-through)", "PKR bn", FINANCE, NUMBER, 0, 5000,
      data_key="finance.tds_in_uniform_tariff_pkr_bn",
      help="Budget subsidy kept at this amount when costs pass through to consumers."),
    P("notified_average_tariff_pkr_per_kwh", "Notified average tariff", "PKR/kWh", FINANCE, NUMBER, 1, 200,
      data_key="finance.uniform_tariff_after_tds_fy26_pkr_per_kwh",
      help="The schedule's average; category tariffs keep their notified ratios to it."),
    P("hashprice_usd_per_ph_day", "Bitcoin hashprice", "USD/PH/day", MINERS, NUMBER, 1, 1000,
      data_key="bitcoin.hashprice_usd_per_ph_day"),
    P("fleet_efficiency_j_per_th", "Miners' fleet efficiency", "J/TH", MINERS, NUMBER, 5, 100,
      data_key="bitcoin.fleet_efficiency_j_per_th",
      help="Typical machine; the fleet mixes newer (0.65x) and older (1.41x) machines around it."),
    P("hashprice_source", "Hashprice from", "", MINERS, CHOICE, choices=("given", "btc_price_and_hashrate"),
      default="given"),
    P("btc_price_usd", "Bitcoin price", "USD", MINERS, NUMBER, 1000, 10_000_000, data_key="bitcoin.btc_price_usd"),
    P("network_hashrate_eh_s", "Network hashrate", "EH/s", MINERS, NUMBER, 1, 100_000,
      data_key="bitcoin.network_hashrate_eh_s"),
    P("block_reward_btc", "Bitcoin per block", "BTC/block", MINERS, NUMBER, 0.01, 50,
      data_key="bitcoin.block_reward_btc",
      help="The block subsidy (3.125 since April 2024); add average fees to include them."),
    P("hashprice_stress_pct", "Hashprice fall for revenue at risk", "%", MINERS, NUMBER, 0, 100, default=30.0),
    # Read only when a large load is of kind state_mining (models/reserve.py); the price and the
    # network above are its starting points.
    P("network_hashrate_growth_pct", "Network hashrate growth", "%/yr", RESERVE, NUMBER, -50, 300,
      data_key="bitcoin.network_hashrate_growth_pct_per_yr",
      help="The rest of the network grows from the network hashrate above, counted from the study's first month."),
    P("fee_share_pct", "Transaction fees", "% of the subsidy", RESERVE, NUMBER, 0, 200,
      data_key="bitcoin.fee_share_pct",
      help="Fees paid to miners on top of the block subsidy, which halves at each halving."),
    P("btc_price_growth_pct", "Bitcoin price change for valuing the reserve", "%/yr", RESERVE, NUMBER, -90, 500,
      default=0.0, help="The price path: the bitcoin price above in the study's first month, then this change a "
                        "year. 0 values every month at today's price (no forecast)."),
    P("btc_price_fall_pct", "Bitcoin price fall for the fiscal exposure", "%", RESERVE, NUMBER, 0, 100, default=50.0,
      help="The reserve's value and net position are also shown after the price falls by this much."),
)

LOAD_KINDS = ("crypto_mining", "ai_data_centre", "other", "state_mining")
FLEXIBILITY = ("firm", "curtailable", "price_responsive")
TARIFF_SCHEMES = ("flat_pkr", "usd", "marginal_plus", "time_of_use", "take_or_pay")
LOAD = "Large load"

# Fields of one large load; a scenario holds any number of loads.
LARGE_LOAD_FIELDS: tuple[Parameter, ...] = (
    P("name", "Name", "", LOAD, TEXT, maximum=120),
    P("kind", "Kind", "", LOAD, CHOICE, choices=LOAD_KINDS, default="crypto_mining"),
    P("mw", "Contracted demand (IT load for data centres)", "MW", LOAD, NUMBER, 0, 20000,
      help="Data centres draw IT load x PUE from the grid."),
    P("start_month", "Start (months after the study start)", "months", LOAD, INTEGER, 0, 180, default=0),
    P("ramp_months", "Ramp to full demand", "months", LOAD, INTEGER, 0, 60, default=0),
    P("load_factor", "Load factor", "fraction", LOAD, NUMBER, 0, 1, default=0.9),
    P("zone", "Zone", "", LOAD, CHOICE, choices=("north", "south"), default="south"),
    P("connection", "Connection", "", LOAD, CHOICE, choices=("transmission", "distribution"), default="transmission",
      help="Transmission-connected loads avoid DISCO losses."),
    P("flexibility", "Flexibility", "", LOAD, CHOICE, choices=FLEXIBILITY, default="firm"),
    P("curtail_below_headroom_mw", "Curtail when headroom is below", "MW", LOAD, NUMBER, 0, 30000, optional=True),
    P("curtail_above_marginal_cost_pkr_per_kwh", "Curtail when marginal cost is above", "PKR/kWh", LOAD, NUMBER,
      0, 1000, optional=True),
    P("curtail_window_start_hour", "Daily curtailment window from", "hour", LOAD, INTEGER, 0, 23, optional=True),
    P("curtail_window_end_hour", "Daily curtailment window to (exclusive)", "hour", LOAD, INTEGER, 0, 24,
      optional=True),
    P("curtail_window_months", "Daily window applies in months", "", LOAD, MONTH_SET, default=[],
      help="Empty: the daily window applies all year."),
    P("curtail_months", "Off for whole months", "", LOAD, MONTH_SET, default=[],
      help="Months with no supply at all, e.g. a winter-only allocation."),
    P("tariff_scheme", "Tariff scheme", "", LOAD, CHOICE, choices=TARIFF_SCHEMES, default="flat_pkr"),
    P("tariff_pkr_per_kwh", "Tariff", "PKR/kWh", LOAD, NUMBER, 0, 500, data_key="tariff.proposed_marginal_cost"),
    P("tariff_usd_per_kwh", "Tariff in dollars", "USD/kWh", LOAD, NUMBER, 0, 2, default=0.082),
    P("tariff_adder_pkr_per_kwh", "Adder over marginal cost", "PKR/kWh", LOAD, NUMBER, -100, 500, default=2.0),
    P("tou_peak_pkr_per_kwh", "Time-of-use peak tariff", "PKR/kWh", LOAD, NUMBER, 0, 500, default=40.0),
    P("take_or_pay_share", "Take-or-pay minimum", "fraction of contracted energy", LOAD, NUMBER, 0, 1, default=0.7),
    P("payment_recovery_pct", "Payment recovery", "%", LOAD, NUMBER, 0, 100, default=100.0),
    P("pue", "Power usage effectiveness (data centres)", "ratio", LOAD, NUMBER, 1, 3, data_key="datacentre.pue"),
    # State mining: the state's own machines on the load's power (models/reserve.py); the tariff
    # fields above then price the same energy sold instead.
    P("machine_efficiency_j_per_th", "Machine efficiency (state mining)", "J/TH", LOAD, NUMBER, 5, 100,
      data_key="bitcoin.new_machine_efficiency_j_per_th", help="New machines bought for the reserve."),
    P("machine_price_usd_per_th", "Machine price (state mining)", "USD/TH", LOAD, NUMBER, 0, 500,
      data_key="bitcoin.machine_price_usd_per_th", help="Installed cost of a TH/s of hashing capacity."),
    P("machine_life_years", "Machine life (state mining)", "years", LOAD, NUMBER, 0.5, 15,
      data_key="bitcoin.machine_life_years",
      help="Machines are written off straight-line over their life and renewed at the same price."),
    P("operations_usd_per_mwh", "Operations (state mining)", "USD/MWh", LOAD, NUMBER, 0, 500,
      data_key="bitcoin.operations_usd_per_mwh", help="Everything but the electricity: staff, cooling, upkeep."),
)

def load_problem(load: Mapping[str, Any]) -> tuple[str, str] | None:
    """A large load's fields that are valid one by one but not together: (field, problem)."""
    if not str(load.get("name", "")).strip():
        return "name", "must not be empty"
    start, end = load.get("curtail_window_start_hour"), load.get("curtail_window_end_hour")
    if (start is None) != (end is None):
        field = "curtail_window_end_hour" if end is None else "curtail_window_start_hour"
        return field, "a daily curtailment window needs both its start and its end hour (or neither)"
    if load.get("kind") == "ai_data_centre" and load.get("flexibility", "firm") != "firm":
        return "flexibility", "AI data centres are firm (reliability-critical): set flexibility to firm"
    if load.get("kind") == "state_mining" and load.get("flexibility", "firm") == "price_responsive":
        return "flexibility", ("state mining runs by rule, not by a miner's price: set flexibility to firm or "
                               "curtailable")
    return None


PLANT_FIELDS = (("capacity_mw", "capacity", "MW", 0, 100000), ("availability", "availability", "fraction", 0, 1))


@dataclass(frozen=True)
class Catalogue:
    """Parameters keyed by name, with defaults resolved against one data set."""

    parameters: Mapping[str, Parameter]
    load_fields: Mapping[str, Parameter]
    dataset_identity: Mapping[str, str] = field(default_factory=dict)

    def __iter__(self) -> Iterator[Parameter]:
        return iter(self.parameters.values())

    def __contains__(self, key: object) -> bool:
        return key in self.parameters

    def __getitem__(self, key: str) -> Parameter:
        return self.parameters[key]

    def defaults(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.parameters.items()}

    def load_defaults(self) -> dict[str, Any]:
        return {k: p.default for k, p in self.load_fields.items() if k not in ("name", "mw")}


def _with_data_default(param: Parameter, dataset: DataSet) -> Parameter:
    if param.data_key is None:
        return param
    datum = dataset.datum(param.data_key)
    if isinstance(datum.value, str):
        raise DataSetError(f"parameter {param.key}: data-set value {param.data_key} is not a number")
    default = int(datum.value) if param.kind == INTEGER else float(datum.value)
    estimate = " [Estimate]" if datum.is_estimate else ""
    note = f": {datum.note}" if datum.note and datum.source == "WORKBENCH" else ""
    source = f"{dataset.citation(datum)} ({datum.year}){estimate}{note}"
    return replace(param, default=param.validate(default), source=source, year=datum.year,
                   confidence=datum.confidence, basis=datum.basis, quote=datum.quote, formula=datum.formula,
                   address=dataset.addresses(datum), reason=datum.note)


# How the plant blocks of the data set are named in the window, the brief and the CLI; a block
# not listed here is named from its id with its acronyms kept ("rfo_x" -> "RFO x").
PLANT_NAMES = {
    "hydro": "Hydro", "nuclear_chashma": "Nuclear, Chashma", "nuclear_karachi": "Nuclear, Karachi",
    "thar_coal": "Thar coal", "coal_sahiwal": "Imported coal, Sahiwal", "coal_port_qasim": "Imported coal, Port Qasim",
    "coal_china_hub": "Imported coal, China Hub", "coal_jamshoro": "Imported coal, Jamshoro",
    "rlng_ccgt": "RLNG combined cycle", "local_gas": "Local gas", "rfo_genco_steam": "Furnace oil, GENCO steam",
    "rfo_ipp_engines": "Furnace oil, IPP engines", "iran_import": "Iran import", "wind": "Wind",
    "solar_utility": "Utility solar", "bagasse": "Bagasse",
}
ACRONYMS = {"rlng": "RLNG", "rfo": "RFO", "ccgt": "CCGT", "ipp": "IPP", "genco": "GENCO", "lng": "LNG"}


def plant_name(plant_id: str) -> str:
    if plant_id in PLANT_NAMES:
        return PLANT_NAMES[plant_id]
    words = [ACRONYMS.get(w, w) for w in plant_id.split("_")]
    return " ".join(words)[:1].upper() + " ".join(words)[1:]


def _plant_parameters(dataset: DataSet) -> list[Parameter]:
    out = []
    for pid in dataset.plant_ids():
        label = plant_name(pid)
        for attr, word, unit, lo, hi in PLANT_FIELDS:
            out.append(P(f"plant.{pid}.{attr}", f"{label}: {word}", unit, PLANTS, NUMBER, lo, hi,
                         data_key=f"plant.{pid}.{attr}", help=dataset.datum(f"plant.{pid}.technology").note))
    return out


def build_catalogue(dataset: DataSet) -> Catalogue:
    params = [_with_data_default(p, dataset) for p in (*SCALARS, *_plant_parameters(dataset))]
    fields = [_with_data_default(p, dataset) for p in LARGE_LOAD_FIELDS]
    return Catalogue({p.key: p for p in params}, {p.key: p for p in fields}, dict(dataset.identity))
