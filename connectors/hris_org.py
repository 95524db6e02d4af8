"""Who is in the organisation, as the HRIS streams in the raw zone say: employees, teams, departments, and
each employee's team over time (effective-dated job history). Goals are checked against it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from connectors import jsonfast
from connectors.rawzone import latest_records


@dataclass(frozen=True)
class Job:
    effective: date
    end: date | None  # exclusive; None = current
    team_id: str | None


@dataclass(frozen=True)
class Org:
    employees: frozenset[str]
    teams: frozenset[str]
    departments: frozenset[str]
    jobs: dict[str, tuple[Job, ...]] = field(default_factory=dict)  # employee id → jobs, oldest first

    def team_at_start_of(self, employee_id: str, start: date, end: date) -> str | None:
        """The employee's team on their first day within [start, end) (how the demo assigns team goals)."""
        for job in self.jobs.get(employee_id, ()):
            if job.effective < end and (job.end is None or job.end > start):
                return job.team_id
        return None


def org_in_raw_zone(raw_dir: Path | str) -> Org:
    """The latest HRIS employee snapshot plus every job-history row loaded (leavers stay: past goals are theirs)."""
    employees = [jsonfast.loads(p) for p in latest_records(raw_dir, "hris", "employees")["payload"]]
    history = [jsonfast.loads(p) for p in latest_records(raw_dir, "hris", "job_history")["payload"]]
    rows = employees + history
    jobs: dict[str, list[Job]] = {}
    for row in sorted(history, key=lambda r: (r.get("employee_id") or "", r.get("effective_date") or "")):
        effective = _day(row.get("effective_date"))
        if row.get("employee_id") and effective:
            jobs.setdefault(row["employee_id"], []).append(
                Job(effective, _day(row.get("end_date")), row.get("team_id") or None))
    return Org(
        employees=frozenset(row["employee_id"] for row in rows if row.get("employee_id")),
        teams=frozenset(row["team_id"] for row in rows if row.get("team_id")),
        departments=frozenset(row["department"] for row in rows if row.get("department")),
        jobs={employee: tuple(held) for employee, held in jobs.items()},
    )


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None
