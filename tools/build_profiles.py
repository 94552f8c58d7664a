"""Build resources/data/hourly_profiles.csv from resources/data/values.csv.

No hourly NTDC load or plant data are public, so the hourly series are synthesised from
published monthly totals and estimated daily shapes (see docs/data.md):

* demand: the summer/winter daily shapes (blended in shoulder months) x a day factor
  (Sunday dip, seeded weather noise) scaled so that every month's energy equals the FY25
  published generation exactly; the summer weather amplitude and the winter shape amplitude
  are calibrated so that the summer peak equals the record served peak (25,516 MW) and the
  winter peak equals the 14,000 MW model default;
* wind: monthly capacity factors typical of the Jhimpir-Gharo corridor (monsoon maximum),
  an afternoon/evening sea-breeze shape and seeded day-to-day noise, scaled to the FY25 mean;
* solar (utility at Bahawalpur, rooftop at Lahore): clear-sky sun geometry x monthly
  clearness (monsoon cloud, winter fog) x seeded daily cloudiness, scaled to the mean CF.

Deterministic: the same values.csv always gives byte-identical output.
Run: python tools/build_profiles.py
"""
from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "resources" / "data"
MONTHS = ["jul", "aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun"]
DAYS = [31, 31, 30, 31, 30, 31, 31, 28, 31, 30, 31, 30]  # FY25, no leap day
FIRST_WEEKDAY = 0  # 1 Jul 2024 was a Monday (0 = Monday)
SUMMER_WEIGHT = [1.0, 1.0, 1.0, 0.6, 0.0, 0.0, 0.0, 0.0, 0.3, 0.6, 1.0, 1.0]
SUMMER_MONTHS = {"may", "jun", "jul", "aug", "sep"}
WINTER_MONTHS = {"dec", "jan", "feb"}
# [Estimate] Jhimpir-Gharo wind: strong south-west monsoon winds May-Aug, calm winter.
WIND_MONTHLY_CF = [0.45, 0.40, 0.28, 0.12, 0.10, 0.10, 0.11, 0.13, 0.16, 0.22, 0.35, 0.45]
# [Estimate] clearness: monsoon cloud (Jul-Aug) and winter fog in Punjab (Dec-Jan).
SOLAR_CLEARNESS = [0.72, 0.72, 0.85, 0.92, 0.88, 0.72, 0.70, 0.82, 0.88, 0.92, 0.92, 0.85]


def read_values() -> dict[str, str]:
    with open(DATA / "values.csv", newline="", encoding="utf-8") as f:
        return {row["key"]: row["value"] for row in csv.DictReader(f)}


def calendar() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Month index, day of year, hour of day and weekday for each of the 8,760 hours."""
    month = np.repeat(np.arange(12), np.array(DAYS) * 24)
    day = np.repeat(np.arange(365), 24)
    hour = np.tile(np.arange(24), 365)
    weekday = (day + FIRST_WEEKDAY) % 7
    return month, day, hour, weekday


def ar1(rng: np.random.Generator, n: int, rho: float) -> np.ndarray:
    """Unit-variance AR(1) noise: weather persists for a few days."""
    e = rng.standard_normal(n)
    x = np.empty(n)
    x[0] = e[0]
    for i in range(1, n):
        x[i] = rho * x[i - 1] + np.sqrt(1 - rho**2) * e[i]
    return x


def demand(v: dict[str, str], summer_amp: float, winter_amp: float) -> np.ndarray:
    month, day, hour, weekday = calendar()
    summer = np.array([float(v[f"demand.shape.summer.h{h:02d}"]) for h in range(24)])
    winter = np.array([float(v[f"demand.shape.winter.h{h:02d}"]) for h in range(24)])
    summer /= summer.mean()
    winter = 1 + winter_amp * (winter / winter.mean() - 1)
    w = np.array(SUMMER_WEIGHT)[month]
    shape = w * summer[hour] + (1 - w) * winter[hour]
    rng = np.random.default_rng(2025)
    weather = ar1(rng, 365, 0.7)
    amp = np.where(np.isin(np.array(MONTHS)[month[::24]], list(SUMMER_MONTHS)), summer_amp, 0.02)
    day_factor = (1 + amp * weather) * np.where(weekday[::24] == 6, 0.94, 1.0)
    load = shape * day_factor[day]
    gwh = np.array([float(v[f"demand.generation_gwh.{m}"]) for m in MONTHS])
    month_sum = np.bincount(month, weights=load)
    return load * (gwh * 1000 / month_sum)[month]


def calibrated_demand(v: dict[str, str]) -> np.ndarray:
    """Bisect the two amplitudes so the summer and winter peaks hit their targets."""
    month, *_ = calendar()
    names = np.array(MONTHS)[month]
    summer_mask = np.isin(names, list(SUMMER_MONTHS))
    winter_mask = np.isin(names, list(WINTER_MONTHS))
    summer_target = float(v["demand.peak_served_record_mw"])
    winter_target = float(v["demand.winter_peak_mw"])

    def solve(fn, target, lo, hi):
        for _ in range(60):
            mid = (lo + hi) / 2
            lo, hi = (mid, hi) if fn(mid) < target else (lo, mid)
        return (lo + hi) / 2

    winter_amp = solve(lambda a: demand(v, 0.0, a)[winter_mask].max(), winter_target, 0.0, 2.0)
    summer_amp = solve(lambda a: demand(v, a, winter_amp)[summer_mask].max(), summer_target, 0.0, 0.3)
    return demand(v, summer_amp, winter_amp)


def wind(v: dict[str, str]) -> np.ndarray:
    month, day, hour, _ = calendar()
    rng = np.random.default_rng(7)
    diurnal = 1 + 0.25 * np.cos(2 * np.pi * (hour - 18) / 24)  # sea breeze, evening maximum
    daily = np.exp(0.35 * ar1(rng, 365, 0.6) - 0.35**2 / 2)
    cf = np.clip(np.array(WIND_MONTHLY_CF)[month] * diurnal * daily[day], 0, 0.95)
    return scale_to_mean(cf, float(v["profile.wind.capacity_factor"]), 0.95)


def solar(v: dict[str, str], latitude: float, longitude: float, seed: int, key: str) -> np.ndarray:
    month, day, hour, _ = calendar()
    doy = (day + 182) % 365  # day 0 of the fiscal year is 1 July = day-of-year 182
    decl = np.radians(23.44) * np.sin(2 * np.pi * (doy - 80) / 365)
    solar_hour = hour + 0.5 - (75.0 - longitude) / 15  # PKT = UTC+5, meridian 75 E
    ha = np.radians(15 * (solar_hour - 12))
    lat = np.radians(latitude)
    cosz = np.sin(lat) * np.sin(decl) + np.cos(lat) * np.cos(decl) * np.cos(ha)
    rng = np.random.default_rng(seed)
    cloud = np.clip(1 - 0.12 * np.abs(ar1(rng, 365, 0.5)), 0.3, 1)
    cf = np.clip(cosz, 0, None) ** 1.2 * np.array(SOLAR_CLEARNESS)[month] * cloud[day]
    return scale_to_mean(cf, float(v[key]), 0.85)


def scale_to_mean(cf: np.ndarray, mean: float, cap: float) -> np.ndarray:
    """Scale to the target mean while never exceeding the cap (inverter or turbine rating)."""
    out = cf.copy()
    for _ in range(50):
        out = np.minimum(out * (mean / out.mean()), cap)
    return out


def main() -> None:
    v = read_values()
    month, day, hour, _ = calendar()
    columns = {
        "demand_fy25_mw": calibrated_demand(v),
        "wind_cf": wind(v),
        "solar_cf": solar(v, 29.4, 71.7, 11, "profile.solar.capacity_factor"),
        "rooftop_cf": solar(v, 31.5, 74.3, 13, "profile.rooftop.capacity_factor"),
    }
    out = DATA / "hourly_profiles.csv"
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["hour", "month", "day", "hour_of_day", *columns])
        for i in range(8760):
            w.writerow([i, MONTHS[month[i]], int(day[i]) + 1, int(hour[i]),
                        *(f"{columns[c][i]:.4f}" if c.endswith("cf") else f"{columns[c][i]:.1f}"
                          for c in columns)])
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
