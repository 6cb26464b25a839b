"""Synthetic daily metrics: trend, weekly and yearly seasonality, AR(1) noise, a step effect."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np

FIRST = dt.date(2024, 1, 1)
WEEKDAY = (0.97, 0.98, 1.0, 1.0, 0.96, 1.06, 1.03)  # Mon..Sun


def daily_metric(
    seed: int,
    *,
    effect: float = 0.0,
    days: int = 3 * 365,
    post: int = 70,
    noise: float = 0.04,
    ar: float = 0.3,
    level: float = 1000.0,
) -> tuple[list[dt.date], list[float], dt.date]:
    """``days`` days of a metric growing 20 % a year with a summer dip and a holiday peak,
    multiplied by ``1 + effect`` from the launch, ``post`` days before the end."""
    rng = np.random.default_rng(seed)
    t = np.arange(days)
    dates = [FIRST + dt.timedelta(days=int(i)) for i in t]
    weekday = np.array([WEEKDAY[d.weekday()] for d in dates])
    doy = np.array([d.timetuple().tm_yday for d in dates], dtype=float)
    season = (
        1 - 0.10 * np.exp(-(((doy - 200) / 35) ** 2)) + 0.30 * np.exp(-(((doy - 350) / 16) ** 2))
    )
    trend = 1.2 ** (t / 365.25)
    shocks = rng.normal(0.0, noise, days)
    e = np.empty(days)
    e[0] = shocks[0] / math.sqrt(1 - ar**2)
    for i in range(1, days):
        e[i] = ar * e[i - 1] + shocks[i]
    launch_index = days - post
    step = np.where(t >= launch_index, 1 + effect, 1.0)
    values = level * trend * season * weekday * (1 + e) * step
    return dates, values.tolist(), dates[launch_index]
