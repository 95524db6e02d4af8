"""Deals in Salesforce (most regions) and HubSpot (the acquired unit): created → maybe a stage change → closed."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pandas as pd

from demo.company import columns as col
from demo.company import names, volumes
from demo.company.activity import events_per_slot_month, q4_uplift, workdays_in
from demo.company.fx import FxRates, currency_index
from demo.company.identities import Accounts
from demo.company.org import SALES_REGIONS, Org
from demo.company.patterns import params_of
from demo.company.staffing import Staff
from demo.company.timing import MS_PER_DAY, MS_PER_HOUR, NEVER, horizon_ms, month_index, next_workday, office_hours_ms
from demo.company.versions import Versions, expand, slices

PRODUCT_LINES = ("Hardware", "Software", "Services")
PRODUCT_SHARES = (0.4, 0.35, 0.25)
PRODUCT_EUR = np.array([8000.0, 20000.0, 12000.0])
CHANNELS = ("Direct", "Partner", "Online")
CHANNEL_SHARES = (0.55, 0.3, 0.15)
REGIONS = tuple(r.name for r in SALES_REGIONS)
LEGAL_FORMS = {"DACH": ("GmbH", "AG"), "Nordics": ("AB", "AS"), "UK&I": ("Ltd", "plc"), "France": ("SA", "SAS"),
               "Benelux": ("BV", "NV"), "Iberia": ("SL", "SA"), "North America": ("Inc.", "LLC")}
SF_STAGES = ("Prospecting", "Qualification", "Proposal", "Negotiation", "Closed Won", "Closed Lost")
HS_PIPELINE = ("default", "Sales Pipeline")
HS_STAGES = (  # id, label, probability; the last two are closed
    ("appointmentscheduled", "Appointment Scheduled", 0.2), ("qualifiedtobuy", "Qualified To Buy", 0.4),
    ("presentationscheduled", "Presentation Scheduled", 0.6),
    ("decisionmakerboughtin", "Decision Maker Bought-In", 0.8), ("contractsent", "Contract Sent", 0.9),
    ("closedwon", "Closed Won", 1.0), ("closedlost", "Closed Lost", 0.0),
)
CHUNK_VERSIONS = 1_000_000


@dataclass(frozen=True)
class Deals:
    frame: pd.DataFrame  # one row per deal, everything the tables and the ground truth need
    versions: Versions


def build_deals(org: Org, staff: Staff, fx: FxRates, rng: np.random.Generator) -> Deals:
    sales_slots = np.flatnonzero(org.slots["kind"].to_numpy() == "sales")
    rate = np.where(org.slots["is_manager"].to_numpy()[sales_slots], volumes.MANAGER_ACTIVITY_SHARE, 1.0)
    slot, month = events_per_slot_month(staff, sales_slots, rate * volumes.DEALS_PER_REP_MONTH, rng, q4_uplift())
    deals = _describe(org, staff, fx, slot, month, rng)
    deals = deals.sort_values(["created_ms", "slot"], kind="stable").reset_index(drop=True)
    events = [deals["created_ms"].to_numpy(), deals["mid_ms"].to_numpy(), deals["close_ms"].to_numpy()]
    versions = expand(events, horizon_ms(), deals["deleted_ms"].to_numpy())
    return Deals(frame=_with_outcome(deals, fx), versions=versions)


def _describe(org: Org, staff: Staff, fx: FxRates, slot, month, rng: np.random.Generator) -> pd.DataFrame:
    n = len(slot)
    team = org.slots["team"].to_numpy()[slot]
    region_of_team = np.array([REGIONS.index(r) if r in REGIONS else -1 for r in org.teams["region"].to_numpy()])
    region = region_of_team[team]
    low = region == REGIONS.index(org.planted.low_region)
    created_day = workdays_in(month, rng)
    created_ms = office_hours_ms(created_day, rng)
    owner = staff.occupant(slot, created_day)
    skills = staff.persons
    product = rng.choice(3, n, p=PRODUCT_SHARES)
    home = np.array([SALES_REGIONS[r].home_currency_share for r in range(len(REGIONS))])[region]
    home_currency = currency_index([r.currency for r in SALES_REGIONS])[region]
    currency = np.where(rng.random(n) < home, home_currency, currency_index(["EUR"])[0])
    low_params, top = params_of("low_sales_region"), params_of("top_performer")
    amount_eur = (PRODUCT_EUR[product] * rng.lognormal(0.0, 0.45, n) * skills["skill_amount"].to_numpy()[owner]
                  * np.where(low, low_params["amount_factor"], 1.0))
    win = np.clip(volumes.DEAL_WIN_PROBABILITY * (1 + 0.08 * skills["skill_quality"].to_numpy()[owner]), 0.25, 0.5)
    win = np.where(low, win * low_params["win_factor"], win)
    win = np.where(slot == org.planted.top_performer_slot, top["win_probability"], win)
    length = np.clip(rng.lognormal(np.log(35), 0.5, n), 5, 150).astype(np.int64)
    close_day = next_workday(created_day + length)
    close_ms = np.maximum(office_hours_ms(close_day, rng), created_ms + MS_PER_HOUR)
    mid_ms = office_hours_ms(created_day + np.floor(rng.uniform(0.2, 0.8, n) * length).astype(np.int64), rng)
    has_mid = (rng.random(n) < 0.7) & (mid_ms > created_ms + 60_000) & (mid_ms < close_ms - 60_000)
    amount0 = np.maximum(np.round(amount_eur / fx.to_eur(month_index(created_day), currency), -1), 100.0)
    revised = np.where(rng.random(n) < 0.3, np.round(amount0 * rng.uniform(0.85, 1.15, n), -1), amount0)
    deleted = rng.random(n) < volumes.DEAL_DELETE_SHARE
    return pd.DataFrame({
        "slot": slot, "team": team, "region": region, "crm": org.teams["crm"].to_numpy()[team],
        "product": product, "channel": rng.choice(3, n, p=CHANNEL_SHARES), "currency": currency,
        "account": rng.integers(0, len(names.ACCOUNT_STEMS), n), "trade": rng.integers(0, len(names.ACCOUNT_TRADES), n),
        "legal": region * 2 + rng.integers(0, 2, n), "kind": rng.integers(0, len(names.DEAL_KINDS), n),
        "created_day": created_day, "created_ms": created_ms, "won": rng.random(n) < win,
        "open_stage": rng.integers(0, 2, n), "mid_stage": rng.integers(0, 3, n),
        "mid_ms": np.where(has_mid, mid_ms, NEVER), "close_day": close_day, "close_ms": close_ms,
        "planned_close_day": created_day + np.maximum(1, np.round(length * rng.uniform(0.6, 1.2, n))).astype(np.int64),
        "amount0": amount0, "amount_close": np.where(has_mid, revised, amount0),
        "hs_amount_missing": rng.random(n) < 0.1,
        "deleted_ms": np.where(deleted, created_ms + rng.integers(1, 21, n) * MS_PER_DAY, NEVER),
    })


def _with_outcome(deals: pd.DataFrame, fx: FxRates) -> pd.DataFrame:
    """Add the state at the horizon (what a complete, correct load would know)."""
    horizon = horizon_ms()
    deleted = deals["deleted_ms"].to_numpy() <= horizon
    closed = (deals["close_ms"].to_numpy() <= horizon) & (deals["close_ms"].to_numpy() < deals["deleted_ms"].to_numpy())
    currency = deals["currency"].to_numpy()
    amount = deals["amount_close"].to_numpy()
    return deals.assign(
        is_deleted=deleted, is_closed=closed,
        amount_eur_close=amount * fx.to_eur(month_index(deals["close_day"].to_numpy()), currency),
        amount_eur_created=amount * fx.to_eur(month_index(deals["created_day"].to_numpy()), currency),
    )


def owners_by_step(deals: Deals, staff: Staff) -> np.ndarray:
    """The deal owner (person) each version shows: the slot holder when that version's event happened."""
    frame = deals.frame
    slot = frame["slot"].to_numpy()
    per_step = [staff.occupant(slot, np.minimum(frame[c].to_numpy(), horizon_ms()) // MS_PER_DAY)
                for c in ("created_ms", "mid_ms", "close_ms")]
    return deals.versions.at_step(*per_step)


def deal_tables(deals: Deals, staff: Staff, accounts: Accounts):
    """Yield (table, columns) chunks for sf_opportunities and hs_deals."""
    frame = deals.frame
    owner = owners_by_step(deals, staff)
    ids = np.full(len(frame), "", dtype=object)
    for system in ("salesforce", "hubspot"):
        mine = np.flatnonzero(frame["crm"].to_numpy() == system)
        ids[mine] = (_sf_ids(np.arange(len(mine))) if system == "salesforce"
                     else [str(9_000_000_001 + i) for i in range(len(mine))])
    for part_start, part in _parts(deals.versions):
        rows = part.record
        in_sf = frame["crm"].to_numpy()[rows] == "salesforce"
        part_owner = owner[part_start: part_start + len(part)]
        yield "sf_opportunities", _sf_columns(frame, _subset(part, in_sf), ids, part_owner[in_sf], accounts)
        yield "hs_deals", _hs_columns(frame, _subset(part, ~in_sf), ids, part_owner[~in_sf], accounts)


def _parts(versions: Versions):
    start = 0
    for part in slices(versions, CHUNK_VERSIONS):
        yield start, part
        start += len(part)


def _subset(v: Versions, keep: np.ndarray) -> Versions:
    return Versions(record=v.record[keep], step=v.step[keep], version_at=v.version_at[keep],
                    valid_to=v.valid_to[keep], is_deleted=v.is_deleted[keep])


def _sf_ids(numbers: np.ndarray) -> list[str]:
    return [f"006Hs{i:010d}IAQ" for i in numbers]


def _common(frame: pd.DataFrame, v: Versions, ids: np.ndarray) -> dict:
    r = v.record
    record_ids = col.text(ids[r].astype(str))
    return {"record_id": record_ids, "version_at": col.instants(v.version_at), "valid_to": col.instants(v.valid_to),
            "is_deleted": v.is_deleted, "name": _deal_names(frame, r),
            "product": col.labels(frame["product"].to_numpy()[r], PRODUCT_LINES),
            "region": col.labels(frame["region"].to_numpy()[r], REGIONS),
            "channel": col.labels(frame["channel"].to_numpy()[r], CHANNELS),
            "currency": col.pick(("EUR", "SEK", "GBP", "USD"), frame["currency"].to_numpy()[r])}


def _deal_names(frame: pd.DataFrame, r: np.ndarray):
    legal = [form for region in REGIONS for form in LEGAL_FORMS[region]]
    return col.join(col.pick(names.ACCOUNT_STEMS, frame["account"].to_numpy()[r]), " ",
                    col.pick(names.ACCOUNT_TRADES, frame["trade"].to_numpy()[r]), " ",
                    col.pick(legal, frame["legal"].to_numpy()[r]), " – ",
                    col.pick(PRODUCT_LINES, frame["product"].to_numpy()[r]), " ",
                    col.pick(names.DEAL_KINDS, frame["kind"].to_numpy()[r]))


def _sf_columns(frame: pd.DataFrame, v: Versions, ids: np.ndarray, owner: np.ndarray, accounts: Accounts) -> dict:
    r, closing = v.record, v.step == 2
    common = _common(frame, v, ids)
    won = frame["won"].to_numpy()[r]
    stage = v.at_step(frame["open_stage"].to_numpy(), frame["mid_stage"].to_numpy().clip(0, 1) + 2,
                      np.where(frame["won"].to_numpy(), 4, 5))
    return {
        "record_id": common["record_id"], "version_at": common["version_at"], "valid_to": common["valid_to"],
        "is_deleted": common["is_deleted"], "Id": common["record_id"], "Name": common["name"],
        "Amount": v.at_step(frame["amount0"].to_numpy(), frame["amount_close"].to_numpy()),
        "CurrencyIsoCode": common["currency"], "StageName": col.labels(stage, SF_STAGES),
        "IsClosed": closing, "IsWon": closing & won,
        "CloseDate": col.dates(np.where(closing, frame["close_day"].to_numpy()[r],
                                        frame["planned_close_day"].to_numpy()[r])),
        "CreatedDate": col.instants(frame["created_ms"].to_numpy()[r]),
        "OwnerId": col.text(accounts.sf_user[owner]), "Product_Line__c": common["product"],
        "Region__c": common["region"], "Channel__c": common["channel"],
    }


def _hs_columns(frame: pd.DataFrame, v: Versions, ids: np.ndarray, owner: np.ndarray, accounts: Accounts) -> dict:
    r, closing = v.record, v.step == 2
    common = _common(frame, v, ids)
    stage = v.at_step(frame["open_stage"].to_numpy(), frame["mid_stage"].to_numpy() + 2,
                      np.where(frame["won"].to_numpy(), 5, 6))
    amount = v.at_step(frame["amount0"].to_numpy(), frame["amount_close"].to_numpy())
    amount_missing = (v.step == 0) & frame["hs_amount_missing"].to_numpy()[r]
    return {
        "record_id": common["record_id"], "version_at": common["version_at"], "valid_to": common["valid_to"],
        "is_deleted": common["is_deleted"], "id": common["record_id"], "dealname": common["name"],
        "amount": col.optional(amount, amount_missing, pa.float64()), "deal_currency_code": common["currency"],
        "dealstage": col.labels(stage, [s[0] for s in HS_STAGES]), "pipeline": col.labels(np.zeros(len(r)),
                                                                                          [HS_PIPELINE[0]]),
        "closedate": col.instants(np.where(closing, frame["close_ms"].to_numpy()[r], NEVER)),
        "createdate": col.instants(frame["created_ms"].to_numpy()[r]),
        "hubspot_owner_id": col.text(accounts.hs_owner[owner]), "product_line": common["product"],
        "region": common["region"], "channel": common["channel"],
    }


def pipeline_stages_table() -> dict:
    count = len(HS_STAGES)
    return {"pipeline_id": [HS_PIPELINE[0]] * count, "pipeline_label": [HS_PIPELINE[1]] * count,
            "stage_id": [s[0] for s in HS_STAGES], "stage_label": [s[1] for s in HS_STAGES],
            "display_order": list(range(count)), "is_closed": [s[0] in ("closedwon", "closedlost") for s in HS_STAGES],
            "probability": [s[2] for s in HS_STAGES]}
