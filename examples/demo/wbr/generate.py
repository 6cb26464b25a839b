"""Generate the demo's daily data: Rivertown Coffee Roasters, an online coffee roaster.

Run once; the output (``daily.csv``, ``annotations.csv``) is committed, so the demo needs no
generation step. Re-running with the same seed gives the same files byte for byte:

    python examples/demo/wbr/generate.py

The story the WBR deck tells (week ending Saturday 21 November 2026, week 47):
- demand grows ~20% a year with a holiday peak (gift boxes) and a summer dip;
- a new espresso blend lifted orders in October;
- the regional carrier's depot problems slowed fulfilment in the last two weeks (on-time
  shipping falls, fulfilment hours rise);
- a batch of faulty grinder burrs sent returns up last week;
- revenue runs slightly behind plan; subscriptions keep growing.
"""

from __future__ import annotations

import csv
import math
import random
from datetime import date, timedelta
from pathlib import Path

SEED = 20261121
FIRST_DAY = date(2024, 1, 1)
LAST_ACTUAL = date(2026, 11, 21)  # the week ending of the demo deck
LAST_PLAN = date(2026, 12, 31)  # targets run through the fiscal year end
HERE = Path(__file__).resolve().parent

COLUMNS = [
    "Date",
    "Sessions",
    "Orders",
    "Revenue",
    "RevenuePlan",
    "NewSubscribers",
    "ActiveSubscribers",
    "ReturnRequests",
    "Shipments",
    "ShippedOnTime",
    "FulfilmentHours",
    "SupportContacts",
]


def seasonality(day: date) -> float:
    """Holiday peak in late Nov-Dec, a summer dip, and a January hangover."""
    doy = day.timetuple().tm_yday
    summer = -0.10 * math.exp(-(((doy - 200) / 35) ** 2))
    holiday = 0.45 * math.exp(-(((doy - 350) / 16) ** 2)) + 0.15 * math.exp(
        -(((doy - 330) / 10) ** 2)
    )
    january = -0.08 * math.exp(-(((doy - 12) / 10) ** 2))
    return 1.0 + summer + holiday + january


WEEKDAY = [0.97, 0.98, 1.0, 1.0, 0.96, 1.06, 1.03]  # Mon..Sun: weekend browsing


def trend(day: date) -> float:
    years = (day - FIRST_DAY).days / 365.25
    return 1.20**years


def rows(rng: random.Random) -> list[dict[str, str]]:
    out = []
    subscribers = 1800.0
    day = FIRST_DAY
    while day <= LAST_PLAN:
        base = trend(day) * seasonality(day) * WEEKDAY[day.weekday()]
        actual = day <= LAST_ACTUAL
        plan_revenue = 5200 * trend(day) * seasonality(day) * 1.12
        row: dict[str, str] = {"Date": day.isoformat(), "RevenuePlan": f"{plan_revenue:.2f}"}
        if actual:
            sessions = 6200 * base * rng.uniform(0.93, 1.07)
            conversion = 0.021 * rng.uniform(0.95, 1.05)
            if date(2026, 10, 13) <= day:  # the new espresso blend
                conversion *= 1.06
            orders = sessions * conversion
            aov = 38.5 * (1 + 0.03 * (day - FIRST_DAY).days / 365.25) * rng.uniform(0.96, 1.04)
            if day.month == 12:
                aov *= 1.12  # gift boxes
            revenue = orders * aov
            new_subs = max(0.0, orders * 0.09 * rng.uniform(0.8, 1.2))
            subscribers = subscribers + new_subs - subscribers * 0.0028 * rng.uniform(0.8, 1.2)
            returns_rate = 0.014 * rng.uniform(0.8, 1.2)
            if date(2026, 11, 15) <= day <= LAST_ACTUAL:  # faulty grinder burrs
                returns_rate *= 2.1
            shipments = orders * rng.uniform(0.97, 1.03)
            on_time = 0.962 * rng.uniform(0.985, 1.01)
            hours = 20.0 * rng.uniform(0.9, 1.1)
            if date(2026, 11, 8) <= day <= LAST_ACTUAL:  # carrier depot problems
                on_time -= 0.07 if day >= date(2026, 11, 15) else 0.035
                hours *= 1.45 if day >= date(2026, 11, 15) else 1.2
            contacts = orders * 0.06 * rng.uniform(0.85, 1.15) + orders * returns_rate * 0.8
            row.update(
                Sessions=str(round(sessions)),
                Orders=str(round(orders)),
                Revenue=f"{revenue:.2f}",
                NewSubscribers=str(round(new_subs)),
                ActiveSubscribers=str(round(subscribers)),
                ReturnRequests=str(round(orders * returns_rate)),
                Shipments=str(round(shipments)),
                ShippedOnTime=str(round(shipments * min(on_time, 1.0))),
                FulfilmentHours=f"{hours:.1f}",
                SupportContacts=str(round(contacts)),
            )
        else:
            for name in COLUMNS:
                row.setdefault(name, "")
        out.append(row)
        day += timedelta(days=1)
    return out


ANNOTATIONS = [
    ("2026-10-13", "Orders", "Launched the Harbour espresso blend; featured on the home page"),
    ("2026-11-09", "FulfilmentHours", "Regional carrier depot understaffed; pickups late"),
    ("2026-11-16", "ShippedOnTimeRate", "Carrier depot backlog peaked; 2-day delay on pickups"),
    ("2026-11-17", "ReturnRate", "Faulty burr batch in the Hand Grinder; recall started 11-19"),
    ("2025-11-15", "Revenue", "Holiday gift boxes went on sale"),
]


def main() -> None:
    rng = random.Random(SEED)
    data = rows(rng)
    with (HERE / "daily.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    with (HERE / "annotations.csv").open("w", newline="", encoding="utf-8") as f:
        writer2 = csv.writer(f, lineterminator="\n")
        writer2.writerow(["Date", "MetricName", "EventDescription"])
        writer2.writerows(ANNOTATIONS)
    print(f"wrote {len(data)} days to {HERE / 'daily.csv'} and {HERE / 'annotations.csv'}")


if __name__ == "__main__":
    main()
