"""Hand-written evidence packs that follow docs/evidence-pack.md, for testing the rendering and the bundles
without a warehouse: a small org (a head, two managers, their reports) and one pack per person."""

from __future__ import annotations

import copy

from reports.packs.appendix import record_lists

CYCLE = "2026H1"
# employee -> manager on the pack date: E1 heads the org; M1 and M2 report to E1; the rest to M1 or M2.
REPORTING_LINES = {"E1": None, "M1": "E1", "M2": "E1", "A1": "M1", "A2": "M1", "B1": "M2", "B2": "M2", "B3": "M2"}
NAMES = {"E1": "Edda Head", "M1": "Mira Lead", "M2": "Milo Lead", "A1": "Ada Seller", "A2": "Aron Seller",
         "B1": "Bea Builder", "B2": "Ben Builder", "B3": "Bo Builder"}

_SALES_METRIC = {"id": "sales_won_amount", "name": "Won amount", "family": "sales", "unit": "amount",
                 "direction": "higher", "source": "Salesforce opportunities, HubSpot deals",
                 "definition": "Total value of the deals won with a close date in the period (company currency), "
                               "credited to the deal owner at close.", "min_events": 0}
_RATE_METRIC = {"id": "sales_win_rate", "name": "Win rate", "family": "sales", "unit": "rate", "direction": "higher",
                "source": "Salesforce opportunities, HubSpot deals",
                "definition": "Share of the deals closed in the period that were won — won ÷ (won + lost).",
                "min_events": 5}
_DEFECT_METRIC = {"id": "defect_count", "name": "Defects", "family": "quality", "unit": "count", "direction": "lower",
                  "source": "Jira bugs, GitHub issues labelled bug",
                  "definition": "Defects created in the period, attributed to the responsible team.", "min_events": 0}
MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def _goal(goal_id, title, scope, metric, weight, target, threshold, stretch, actual, attainment, band, trend,
          numerator=None, denominator=None, event_count=14):
    return {"goal_id": goal_id, "title": title, "scope": scope,
            "level": "individual" if scope == "own" else "team",
            "owner_type": "employee" if scope == "own" else "team", "owner_id": "X", "parent_goal_id": None,
            "metric": dict(metric), "filters": {"region": "DACH"} if scope == "own" else {},
            "weight": weight, "target": target, "threshold": threshold, "stretch": stretch,
            "expected_target": target, "actual": actual, "numerator": numerator if numerator is not None else actual,
            "denominator": denominator, "event_count": event_count, "attainment": attainment, "band": band,
            "status": "final", "has_enough_data": True, "period": {"start": "2026-01-01", "end": "2026-06-30"},
            "trend": [{"month": m, "actual": a, "month_actual": a, "attainment": t} for m, (a, t) in zip(MONTHS, trend)]}


def _records(deal_label: str, count: int) -> list[dict]:
    records = [{"source_system": "salesforce", "record_id": f"006{index:05d}", "label": f"Deal {index}",
                "event_date": f"2026-0{1 + index % 6}-{10 + index % 18:02d}", "value": 10000.0 + 1000 * index,
                "denominator": None} for index in range(count)]
    records[0]["label"] = deal_label
    records[0]["value"] = 120000.0
    return sorted(records, key=lambda r: (r["event_date"], r["record_id"]))


def example_pack(employee_id: str = "A1", deal_label: str = "Nordwind renewal", kind: str = "cycle",
                 checkpoint_month: str = "2026-06") -> dict:
    """One pack as build_packs returns it: two own goals and one shared team goal, with records, context,
    key events (a journal entry among them) and a development section."""
    manager_id = REPORTING_LINES.get(employee_id)
    records = _records(deal_label, 14)
    top = sorted(records, key=lambda r: (-abs(r["value"]), r["record_id"]))[:5]
    goals = [
        _goal(f"G-{employee_id}-1", "Grow won revenue in DACH", "own", _SALES_METRIC, 60, 500000, 400000, 650000,
              512000, 1.024, "achieved", [(80000, 0.96), (170000, 1.02), (260000, 1.04), (330000, 0.99),
                                          (420000, 1.01), (512000, 1.024)]),
        _goal(f"G-{employee_id}-2", "Win more of what we pitch", "own", _RATE_METRIC, 40, 0.30, 0.25, 0.40,
              0.26, 0.867, "approaching", [(0.2, 0.67), (0.24, 0.8), (0.25, 0.83), (0.27, 0.9),
                                            (0.26, 0.867), (0.26, 0.867)], numerator=13, denominator=50,
              event_count=50),
        _goal("G-team-sales-dach", "Keep defects down", "team", _DEFECT_METRIC, 0, 12, 16, 8, 14, 0.857,
              "approaching", [(3, 1.0), (5, 1.2), (7, 1.03), (9, 0.9), (12, 0.83), (14, 0.857)]),
    ]
    pack = {
        "schema": "perfloop.evidence_pack/1",
        "pack_id": f"{employee_id}-{CYCLE}" + (f"-{checkpoint_month}" if kind == "checkpoint" else ""),
        "kind": kind,
        "company": {"name": "Demo Co", "currency": "EUR", "timezone": "Europe/Berlin"},
        "cycle": {"id": CYCLE, "start": "2026-01-01", "end": "2026-06-30", "checkpoint_month": checkpoint_month,
                  "checkpoint_date": f"{checkpoint_month}-28" if kind == "checkpoint" else "2026-06-30",
                  "elapsed_share": 1.0 if kind == "cycle" else 0.5, "is_complete": kind == "cycle"},
        "employee": {"id": employee_id, "name": NAMES.get(employee_id, employee_id), "title": "Account Executive",
                     "role_family": "account_executive", "job_level": "L3", "team_id": "sales-dach",
                     "team_name": "Sales DACH", "department": "Sales", "region": "DACH", "manager_id": manager_id,
                     "manager_name": NAMES.get(manager_id) if manager_id else None},
        "data_as_of": [{"source_system": "salesforce", "as_of": "2026-06-30T23:10:00Z", "is_stale": False},
                       {"source_system": "jira", "as_of": "2026-06-20T08:00:00Z", "is_stale": True}],
        "scorecard": {"overall_attainment": 0.961, "goal_count": 3, "goals_with_data": 3, "total_weight": 100,
                      "weight_with_data": 100, "goals": goals,
                      "goal_changes": [{"goal_id": f"G-{employee_id}-1", "field": "target", "old_value": "450000",
                                        "new_value": "500000", "changed_on": "2026-03-15"}]},
        "evidence": [{"goal_id": g["goal_id"], "record_count": len(records) if i == 0 else 0,
                      "top_records": top if i == 0 else [],
                      "all_records_csv": f"../../../records/{g['goal_id']}.csv"} for i, g in enumerate(goals)],
        "quality_flags": [{"kind": "stale_source", "goal_id": "G-team-sales-dach",
                           "message": "jira last delivered data on 2026-06-20, 10 days before the checkpoint."}],
        "context": [{"goal_id": f"G-{employee_id}-1", "metric_id": "sales_won_amount", "group": "team",
                     "group_label": "Sales DACH", "group_size": 8, "median": 0.93, "p25": 0.81, "p75": 1.05,
                     "suppressed": False},
                    {"goal_id": f"G-{employee_id}-1", "metric_id": "sales_won_amount", "group": "role_peers",
                     "group_label": "account_executive L3", "group_size": 3, "median": None, "p25": None,
                     "p75": None, "suppressed": True}],
        "environment_notes": [{"metric_id": "sales_win_rate",
                               "message": "team-wide shift: the whole team's win rate fell in April."}],
        "key_events": [
            {"date": "2026-02-03", "kind": "largest_win", "source_system": "salesforce", "record_id": "00600000",
             "label": deal_label, "value": 120000.0, "unit": "amount", "sbi": None},
            {"date": "2026-04-12", "kind": "journal", "source_system": "files", "record_id": "J-1",
             "label": "Customer escalation", "value": None, "unit": None,
             "sbi": {"situation": "Escalation at Nordwind", "behaviour": "Called the customer the same day",
                     "impact": "Renewal kept"}},
            {"date": "2026-05-20", "kind": "lost_big_deal", "source_system": "hubspot", "record_id": "9001",
             "label": "Alpenglow expansion", "value": 90000.0, "unit": "amount", "sbi": None}],
        "next_level": [{"goal_id": g["goal_id"], "unit": g["metric"]["unit"], "gap_to_target": gap, "gap_to_stretch": s,
                        "message": message} for g, gap, s, message in zip(goals, (0.0, 0.04, 2.0), (138000.0, 0.14, 6.0), (
                            "Target reached; EUR 138,000 more won reaches stretch.",
                            "4 points of win rate to target, 14 to stretch.",
                            "2 fewer defects to target, 6 fewer to stretch."))],
        "development": {
            "focus_areas": [{"goal_id": f"G-{employee_id}-2", "reason": "largest weighted gap",
                             "evidence": "Win rate 26% against a 30% target; 37 of 50 closed deals lost."}],
            "draft_goals": [{"metric_id": "sales_won_amount", "title": "Grow won revenue in DACH",
                             "commit_target": 530000.0, "stretch_target": 620000.0,
                             "method": "Median of the last 3 cycles plus 5% (commit) and their best cycle (stretch)."}],
            "idp": [{"focus": "Qualifying deals", "action": "Review each deal over EUR 50k with the manager",
                     "support": "Pairing with a senior AE", "measure": "Win rate", "review_by": "2026-09-30"}],
            "conversation_prompts": {"where_do_i_stand": ["Won amount is at 102% of target."],
                                     "based_on_which_facts": ["14 won deals from Salesforce, as of 2026-06-30."],
                                     "what_would_it_take": ["Winning 4 more of 50 closed deals reaches the target."]},
        },
    }
    return pack


def example_records(pack: dict) -> dict[str, list[dict]]:
    """Every record behind the pack's goals (goal id -> records): the first goal's deals, none for the others."""
    first = pack["scorecard"]["goals"][0]["goal_id"]
    deal_label = pack["evidence"][0]["top_records"][0]["label"]
    return {first: _records(deal_label, pack["evidence"][0]["record_count"])}


def records_of(packs: list[dict]):
    """A `records` source for write_bundle: goal ids -> their records, from the packs' own example records."""
    known = record_lists({goal: rows for pack in packs for goal, rows in example_records(pack).items()})
    return lambda batches: ({goal: known[goal] for goal in goal_ids if goal in known} for goal_ids in batches)


def example_packs(kind: str = "cycle") -> list[dict]:
    """One pack per person of the example org, in employee order."""
    return [example_pack(employee_id, kind=kind) for employee_id in sorted(REPORTING_LINES)]


def with_employee_id(pack: dict, employee_id: str) -> dict:
    changed = copy.deepcopy(pack)
    changed["employee"]["id"] = employee_id
    changed["pack_id"] = f"{employee_id}-{CYCLE}"
    return changed
