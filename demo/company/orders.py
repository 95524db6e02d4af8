"""Shopify orders: created → fulfilled (in transit) → delivered, or cancelled. Each location is run by one
delivery team. Generated month by month so memory stays flat at any company size."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator

import numpy as np
import pyarrow as pa
import pandas as pd

from demo.company import columns as col
from demo.company import volumes
from demo.company.activity import q4_uplift
from demo.company.fx import CURRENCIES, FxRates, currency_index
from demo.company.org import Org
from demo.company.patterns import params_of
from demo.company.timing import (
    MS_PER_DAY, MS_PER_HOUR, NEVER, any_hour_ms, days_in_months, horizon_ms, month_index, month_start_days,
    office_hours_ms,
)
from demo.company.versions import Versions, expand

FINANCIAL = ("paid", "refunded")
SHIPMENT = ("in_transit", "delivered")
ORDER_ID_BASE = 5_500_000_000_000
FULFILLMENT_ID_BASE = 4_800_000_000_000
LOCATION_ID_BASE = 76_000_000_000


@dataclass(frozen=True)
class Locations:
    team: np.ndarray       # team number per location
    heads: np.ndarray
    load: np.ndarray       # months × locations: order volume per head relative to normal
    on_time: np.ndarray    # months × locations: share delivered by the promised date
    currency: np.ndarray

    def table(self, org: Org) -> dict:
        teams = org.teams
        return {"id": LOCATION_ID_BASE + np.arange(len(self.team), dtype=np.int64),
                "name": col.text([f"{a} Fulfilment Centre" for a in teams["team"].to_numpy()[self.team]]),
                "team_id": col.text(teams["team_id"].to_numpy()[self.team])}


def build_locations(org: Org, rng: np.random.Generator) -> Locations:
    teams = org.teams[org.teams["kind"] == "delivery"]
    months = len(month_start_days()) - 1
    count = len(teams)
    load = np.tile(rng.uniform(0.85, 1.15, count), (months, 1)) * q4_uplift()[:, None]
    on_time = np.tile(rng.uniform(0.88, 0.93, count), (months, 1)) + rng.normal(0, 0.004, (months, count))
    params = params_of("overloaded_delivery_team")
    hot = int(np.flatnonzero(teams.index.to_numpy() == org.planted.overloaded_team)[0])
    from_month = int(month_index(np.array([np.datetime64(params["decline_from"] + "-01", "D").astype(np.int64)]))[0])
    steps = np.maximum(np.arange(months) - from_month + 1, 0)
    load[:, hot] = (params["load_factor"] + params["load_growth"] * steps) * q4_uplift()
    on_time[:, hot] = np.where(steps > 0, params["on_time_start"] - params["monthly_decline"] * (steps - 1),
                               on_time[:, hot].clip(0.9, 0.93))
    return Locations(team=teams.index.to_numpy(), heads=teams["size"].to_numpy(), load=load,
                     on_time=np.clip(on_time, 0.05, 0.99), currency=currency_index(teams["currency"].to_numpy()))


def order_chunks(locations: Locations, fx: FxRates, rng: np.random.Generator) -> Iterator[tuple[dict, pd.DataFrame]]:
    """Per history month: the shop_orders columns of orders created that month, and their delivery facts."""
    numbered = 0
    for month in range(len(month_start_days()) - 1):
        orders = _month_orders(locations, fx, month, rng)
        orders["number"] = numbered + np.arange(len(orders))
        numbered += len(orders)
        events = [orders[c].to_numpy() for c in ("created_ms", "cancel_ms", "fulfil_ms", "deliver_ms")]
        versions = expand(events, horizon_ms())
        yield _columns(orders, versions, locations), _facts(orders, locations)


def _month_orders(locations: Locations, fx: FxRates, month: int, rng: np.random.Generator) -> pd.DataFrame:
    expected = volumes.ORDERS_PER_DELIVERY_HEAD_MONTH * locations.heads * locations.load[month]
    counts = rng.poisson(expected)
    location = np.repeat(np.arange(len(counts)), counts)
    n = len(location)
    created_ms = any_hour_ms(days_in_months(np.full(n, month), rng), rng)
    order = np.argsort(created_ms, kind="stable")
    location, created_ms = location[order], created_ms[order]
    created_day = created_ms // MS_PER_DAY
    cancelled = rng.random(n) < volumes.ORDER_CANCEL_SHARE
    late = _stratified_late(location, cancelled, 1 - locations.on_time[month], rng)
    sla = rng.integers(2, 6, n)
    promised = created_day + sla
    early = np.minimum(rng.integers(0, 3, n), sla - 1)
    delivered_day = np.where(late, promised + rng.geometric(0.4, n), promised - early)
    deliver_ms = office_hours_ms(delivered_day, rng)
    fulfil_ms = created_ms + np.maximum(np.round(rng.uniform(0.15, 0.6, n) * (deliver_ms - created_ms)),
                                        MS_PER_HOUR // 2).astype(np.int64) + rng.integers(0, 1000, n)
    currency = locations.currency[location]
    price = np.round(rng.lognormal(np.log(70), 0.6, n) / fx.to_eur(np.full(n, month), currency), 2)
    return pd.DataFrame({
        "location": location, "created_ms": created_ms, "created_day": created_day,
        "processed_ms": created_ms + rng.integers(0, 60_000, n),
        "cancel_ms": np.where(cancelled, created_ms + rng.integers(MS_PER_HOUR, 36 * MS_PER_HOUR, n), NEVER),
        "fulfil_ms": np.where(cancelled, NEVER, fulfil_ms), "deliver_ms": np.where(cancelled, NEVER, deliver_ms),
        "delivered_day": delivered_day, "promised_day": promised, "price": price, "currency": currency,
        "cancelled": cancelled,
    })


def _stratified_late(location: np.ndarray, cancelled: np.ndarray, late_share: np.ndarray,
                     rng: np.random.Generator) -> np.ndarray:
    """Exactly round(share × orders) late orders per location, so monthly on-time rates follow the plan."""
    keys = rng.random(len(location)) + np.where(cancelled, 2.0, 0.0)
    order = np.lexsort((keys, location))
    first = np.searchsorted(location[order], location[order], side="left")
    rank = np.arange(len(order)) - first
    active = np.bincount(location[~cancelled], minlength=len(late_share))
    quota = np.round(late_share * active).astype(np.int64)
    late = np.zeros(len(location), bool)
    late[order] = rank < quota[location[order]]
    return late & ~cancelled


def _columns(orders: pd.DataFrame, v: Versions, locations: Locations) -> dict:
    r, step = v.record, v.step
    number = orders["number"].to_numpy()[r]
    fulfilled = step >= 2
    cancelled = step == 1
    order_id = ORDER_ID_BASE + number
    return {
        "record_id": col.numbered("", order_id), "version_at": col.instants(v.version_at),
        "valid_to": col.instants(v.valid_to), "is_deleted": v.is_deleted, "id": order_id,
        "name": col.numbered("#", 1001 + number), "created_at": col.instants(orders["created_ms"].to_numpy()[r]),
        "processed_at": col.instants(orders["processed_ms"].to_numpy()[r]),
        "cancelled_at": col.instants(np.where(cancelled, orders["cancel_ms"].to_numpy()[r], NEVER)),
        "financial_status": col.labels(cancelled.astype(int), FINANCIAL),
        "fulfillment_status": col.labels(np.zeros(len(r)), ["fulfilled"], missing=~fulfilled),
        "total_price": orders["price"].to_numpy()[r],
        "currency": col.pick(CURRENCIES, orders["currency"].to_numpy()[r]),
        "location_id": LOCATION_ID_BASE + orders["location"].to_numpy()[r].astype(np.int64),
        "promised_date": col.dates(orders["promised_day"].to_numpy()[r]),
        "fulfillment_id": col.optional(FULFILLMENT_ID_BASE + number, ~fulfilled, pa.int64()),
        "fulfillment_created_at": col.instants(np.where(fulfilled, orders["fulfil_ms"].to_numpy()[r], NEVER)),
        "fulfillment_status_detail": col.labels(np.zeros(len(r)), ["success"], missing=~fulfilled),
        "shipment_status": col.labels((step == 3).astype(int), SHIPMENT, missing=~fulfilled),
        "delivered_at": col.instants(np.where(step == 3, orders["deliver_ms"].to_numpy()[r], NEVER)),
    }


def _facts(orders: pd.DataFrame, locations: Locations) -> pd.DataFrame:
    """Per (team, month): orders created, and deliveries completed with their timeliness (ground truth)."""
    team = locations.team[orders["location"].to_numpy()]
    created = pd.DataFrame({"team": team, "month": month_index(orders["created_day"].to_numpy()), "created": 1,
                            "delivered": 0, "on_time": 0, "late": 0, "delay_days": 0})
    done = (~orders["cancelled"].to_numpy()) & (orders["deliver_ms"].to_numpy() <= horizon_ms())
    delay = (orders["delivered_day"] - orders["promised_day"]).to_numpy()[done]
    delivered = pd.DataFrame({"team": team[done], "month": month_index(orders["delivered_day"].to_numpy()[done]),
                              "delivered": 1, "on_time": (delay <= 0).astype(np.int64),
                              "late": (delay > 0).astype(np.int64),
                              "delay_days": np.maximum(delay, 0)})
    delivered["created"] = 0
    both = pd.concat([created, delivered], ignore_index=True)
    return both.groupby(["team", "month"], as_index=False).sum()
