"""The bulk queries behind the evidence packs of one checkpoint: one query per pack section, each covering every
employee at once, grouped into dictionaries so that building a pack is lookups only. Numbers come back as floats
and days as ISO text, so the pack dicts serialise to JSON as they are."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from reports.marts import Marts, MartsUnavailable

Row = dict[str, Any]

CHECKPOINT_COLUMNS = """cycle_id, checkpoint_month, CAST(checkpoint_date AS VARCHAR) AS checkpoint_date,
    CAST(cycle_start AS VARCHAR) AS cycle_start, CAST(cycle_end AS VARCHAR) AS cycle_end, elapsed_share,
    is_cycle_complete, is_latest_checkpoint, previous_cycle_id"""


def list_checkpoints(marts: Marts) -> list[Row]:
    return marts.rows(f"SELECT {CHECKPOINT_COLUMNS} FROM dim_pack_checkpoints ORDER BY cycle_id, checkpoint_month")


def find_checkpoint(marts: Marts, cycle_id: str, checkpoint_month: str | None) -> Row:
    """The checkpoint a pack is built for: the given month of the cycle, else the cycle's latest."""
    rows = marts.rows(f"""SELECT {CHECKPOINT_COLUMNS} FROM dim_pack_checkpoints WHERE cycle_id = ?
                          AND (checkpoint_month = ? OR (? IS NULL AND is_latest_checkpoint))""",
                      [cycle_id, checkpoint_month, checkpoint_month])
    if not rows:
        known = ", ".join(sorted({row["cycle_id"] for row in list_checkpoints(marts)}))
        month = f" checkpoint {checkpoint_month}" if checkpoint_month else ""
        raise MartsUnavailable(f"no cycle {cycle_id}{month} in the warehouse (cycles: {known or 'none'})")
    return rows[0]


def employed_on(day_parameter: str = "?") -> str:
    """SQL: the dim_employee version (alias `people`) in force on a day."""
    return f"people.valid_from <= CAST({day_parameter} AS DATE) AND (people.valid_to IS NULL " \
           f"OR people.valid_to > CAST({day_parameter} AS DATE))"


def managers_on(marts: Marts, checkpoint: Row) -> dict[str, str | None]:
    rows = marts.rows(f"SELECT employee_id, manager_id FROM dim_employee AS people WHERE {employed_on()} "
                      "ORDER BY employee_id", [checkpoint["checkpoint_date"]] * 2)
    return {row["employee_id"]: row["manager_id"] for row in rows}


def group_rows(rows: Iterable[Row], key: Callable[[Row], Any]) -> dict[Any, list[Row]]:
    grouped: dict[Any, list[Row]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return dict(grouped)


@dataclass(frozen=True)
class PackHolders:
    """Who gets a pack and the goals each carries: enough to plan the packs (and fetch their records) before the
    rest of PackData is loaded."""

    checkpoint: Row
    people: list[Row]                                  # who gets a pack, by employee_id
    employee_goals: dict[str, list[Row]]               # employee_id -> goal_id, scope, weight, team_id
    goals: dict[str, Row]                              # goal_id -> fct_pack_goals row


def load_pack_holders(marts: Marts, checkpoint: Row) -> PackHolders:
    cycle, day = checkpoint["cycle_id"], checkpoint["checkpoint_date"]
    return PackHolders(
        checkpoint=checkpoint,
        people=_people(marts, cycle, day),
        employee_goals=group_rows(marts.rows(
            "SELECT employee_id, goal_id, scope, team_id, CAST(weight AS DOUBLE) AS weight FROM fct_employee_goals "
            "WHERE cycle_id = ? ORDER BY employee_id, goal_id", [cycle]), lambda row: row["employee_id"]),
        goals={row["goal_id"]: row for row in _goals(marts, [cycle, checkpoint["checkpoint_month"]])},
    )


@dataclass(frozen=True)
class PackData(PackHolders):
    """Everything the packs of one checkpoint need, keyed for lookups."""

    trends: dict[str, list[Row]]                       # goal_id -> checkpoints of the cycle so far
    changes: dict[str, list[Row]]                      # goal_id -> fct_goal_changes rows
    overall: dict[str, Row]                            # employee_id -> fct_employee_attainment row
    flags: dict[str, list[Row]]                        # goal_id -> quality flag rows
    context: dict[tuple[str, str, str, str], Row]      # (scope, metric, group_type, group_id) -> distribution
    shifts: dict[tuple[str, str, str], Row]            # (team_id, scope, metric) -> team-wide shift
    key_events: dict[tuple[str, str], list[Row]]       # (subject_type, subject_id) -> events
    focus: dict[str, list[Row]]                        # employee_id -> focus areas by rank
    drafts: dict[str, Row]                             # goal_id -> draft next-cycle targets
    sources: list[Row]                                 # source status at the checkpoint
    team_names: dict[str, str]                         # team_id -> name on the checkpoint day


def load_pack_data(marts: Marts, holders: PackHolders) -> PackData:
    checkpoint = holders.checkpoint
    cycle, month, day = checkpoint["cycle_id"], checkpoint["checkpoint_month"], checkpoint["checkpoint_date"]
    at_checkpoint = [cycle, month]
    return PackData(
        **holders.__dict__,
        trends=group_rows(marts.rows("""
            SELECT goal_id, checkpoint_month AS month, CAST(actual AS DOUBLE) AS actual,
                   CAST(month_actual AS DOUBLE) AS month_actual, CAST(attainment AS DOUBLE) AS attainment
            FROM fct_goal_attainment WHERE cycle_id = ? AND checkpoint_month <= ? AND owner_type IN ('employee', 'team')
            ORDER BY goal_id, checkpoint_month""", at_checkpoint), lambda row: row["goal_id"]),
        changes=group_rows(marts.rows("""
            SELECT goal_id, field, old_value, new_value, CAST(changed_on AS VARCHAR) AS changed_on
            FROM fct_goal_changes WHERE cycle = ? AND changed_on <= CAST(? AS DATE)
            ORDER BY goal_id, changed_on, field""", [cycle, day]), lambda row: row["goal_id"]),
        overall={row["employee_id"]: row for row in marts.rows("""
            SELECT employee_id, CAST(overall_attainment AS DOUBLE) AS overall_attainment, goal_count, goals_with_data,
                   CAST(total_weight AS DOUBLE) AS total_weight, CAST(weight_with_data AS DOUBLE) AS weight_with_data
            FROM fct_employee_attainment WHERE cycle_id = ? AND checkpoint_month = ?""", at_checkpoint)},
        flags=group_rows(marts.rows("""
            SELECT goal_id, kind, source_system, event_count, min_events, missing_months, unattributed_records,
                   CAST(source_as_of_date AS VARCHAR) AS source_as_of_date, days_behind
            FROM fct_pack_quality_flags WHERE cycle_id = ? AND checkpoint_month = ?
            ORDER BY goal_id, kind, source_system""", at_checkpoint), lambda row: row["goal_id"]),
        context={(row["scope"], row["metric_id"], row["group_type"], row["group_id"]): row for row in marts.rows("""
            SELECT scope, metric_id, group_type, group_id, group_size, is_suppressed,
                   CAST(median_attainment AS DOUBLE) AS median, CAST(p25_attainment AS DOUBLE) AS p25,
                   CAST(p75_attainment AS DOUBLE) AS p75
            FROM fct_pack_peer_context WHERE cycle_id = ? AND checkpoint_month = ?""", at_checkpoint)},
        shifts={(row["team_id"], row["scope"], row["metric_id"]): row for row in marts.rows("""
            SELECT team_id, scope, metric_id, previous_cycle_id, members_compared, members_moved, shift_direction,
                   CAST(median_change AS DOUBLE) AS median_change
            FROM fct_pack_environment_notes WHERE cycle_id = ? AND checkpoint_month = ?""", at_checkpoint)},
        key_events=group_rows(marts.rows("""
            SELECT subject_type, subject_id, kind, source_system, record_id, label,
                   CAST(event_date AS VARCHAR) AS date, CAST(value AS DOUBLE) AS value, unit, situation, behaviour,
                   impact
            FROM fct_pack_key_events WHERE cycle_id = ? AND checkpoint_month = ?
            ORDER BY event_date, kind, record_id""", at_checkpoint),
            lambda row: (row["subject_type"], row["subject_id"])),
        focus=group_rows(marts.rows("""
            SELECT employee_id, goal_id, focus_rank, reason, CAST(weight AS DOUBLE) AS weight,
                   CAST(attainment AS DOUBLE) AS attainment, CAST(weighted_gap AS DOUBLE) AS weighted_gap,
                   CAST(trend_change AS DOUBLE) AS trend_change, earlier_checkpoint_month,
                   CAST(weighted_headroom AS DOUBLE) AS weighted_headroom
            FROM fct_pack_focus_areas WHERE cycle_id = ? AND checkpoint_month = ?
            ORDER BY employee_id, focus_rank""", at_checkpoint), lambda row: row["employee_id"]),
        drafts={row["goal_id"]: row for row in marts.rows("""
            SELECT goal_id, metric_id, title, unit, direction, history_count, history_cycles, history_values, basis,
                   CAST(commit_target AS DOUBLE) AS commit_target, CAST(stretch_target AS DOUBLE) AS stretch_target
            FROM fct_pack_draft_goals WHERE cycle_id = ? AND with_own_cycle = ?""",
            [cycle, checkpoint["is_cycle_complete"]])},
        sources=marts.rows("""
            SELECT source_system, strftime(as_of_at, '%Y-%m-%dT%H:%M:%SZ') AS as_of, is_stale, days_behind,
                   CAST(as_of_date AS VARCHAR) AS as_of_date
            FROM fct_pack_source_status WHERE cycle_id = ? AND checkpoint_month = ? ORDER BY source_system""",
                           at_checkpoint),
        team_names={row["team_id"]: row["team_name"] for row in marts.rows(
            "SELECT team_id, team_name FROM dim_org WHERE valid_from <= CAST(? AS DATE) "
            "AND (valid_to IS NULL OR valid_to > CAST(? AS DATE))", [day, day])},
    )


def _people(marts: Marts, cycle: str, day: str) -> list[Row]:
    return marts.rows(f"""
        SELECT people.employee_id, people.employee_name AS name, people.title, people.role_family, people.job_level,
               people.team_id, people.team_name, people.department, people.region, people.manager_id,
               managers.employee_name AS manager_name
        FROM dim_employee AS people
        INNER JOIN (SELECT DISTINCT employee_id FROM fct_employee_goals WHERE cycle_id = ?) AS carriers
            ON carriers.employee_id = people.employee_id
        LEFT JOIN (SELECT DISTINCT employee_id, employee_name FROM dim_employee) AS managers
            ON managers.employee_id = people.manager_id
        WHERE {employed_on()}
        ORDER BY people.employee_id""", [cycle, day, day])


def _goals(marts: Marts, at_checkpoint: list[str]) -> list[Row]:
    numbers = ["weight", "target", "threshold", "stretch", "expected_target", "expected_stretch", "pace_share",
               "actual", "numerator", "denominator", "month_actual", "attainment", "gap_to_target", "gap_to_stretch"]
    return marts.rows(f"""
        SELECT goal_id, title, level, owner_type, owner_id, parent_goal_id, metric_id, metric_family, unit, direction,
               metric_source, metric_definition, min_events, filter_source, filter_project, filter_region,
               filter_product_line, filter_channel, event_count, has_enough_data, band, status, is_cumulative,
               CAST(version_valid_from AS VARCHAR) AS version_valid_from,
               CAST(cycle_start AS VARCHAR) AS period_start, CAST(checkpoint_date AS VARCHAR) AS period_end,
               {", ".join(f"CAST({column} AS DOUBLE) AS {column}" for column in numbers)}
        FROM fct_pack_goals
        WHERE cycle_id = ? AND checkpoint_month = ? AND owner_type IN ('employee', 'team')""", at_checkpoint)


def records_of_checkpoint() -> str:
    """SQL: join fct_goal_records (alias `records`) to a checkpoint's goal rows (alias `goals`): the records of
    the version in force, to the checkpoint day, a period-end count only on that day."""
    return """INNER JOIN fct_goal_records AS records
                ON records.goal_id = goals.goal_id AND records.version_valid_from = goals.version_valid_from
                AND records.event_date <= goals.checkpoint_date
                AND (NOT records.is_period_end_snapshot OR records.event_date = goals.checkpoint_date)"""
