"""Talent: people in the top band of their role family for 2-3 or more consecutive cycles. Named in the HR view
only; the aggregate view says how many there are per department (small counts suppressed)."""

from __future__ import annotations

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table

MIN_CYCLES = 2


def talent_section(context: Context) -> Section:
    frame = context.marts.frame("""
        select employee_id, role_family, team_id, department, band_streak, overall_attainment
        from fct_diagnostic_people
        where cycle_id = ? and peer_band = 'top' and band_streak >= ?
        order by band_streak desc, overall_attainment desc, employee_id""", [context.cycle_id, MIN_CYCLES])
    band = (f"the top {context.rule('band_share'):.0%} of their role family (role families of "
            f"{context.rule('band_min_peers'):.0f}+ people)")
    intro = f"{len(frame)} people have been in {band} for {MIN_CYCLES} or more consecutive cycles up to this one."
    if not context.is_hr:
        counts = frame.groupby("department", as_index=False).size().rename(
            columns={"department": "label", "size": "value"})
        counts["n"] = counts["value"]
        counts = context.suppress(counts, "n", ["value"])
        table = Table("talent_by_department", "Consistent top performers per department",
                      "People in the top band for consecutive cycles, counted per department (names in the HR view).",
                      counts, Chart("bar", "Consistent top performers"))
        return Section("talent", "Talent", intro + " Names appear in the HR view only.", [], [table])
    frame["person"] = frame["employee_id"].map(context.person)
    frame["team"] = frame["team_id"].map(context.team)
    findings = [Finding("top_performer", row.person,
                        f"{row.person} ({row.role_family}, {row.team}): in the top band for {row.band_streak} "
                        f"consecutive cycles (overall attainment {row.overall_attainment:.0%} this cycle).",
                        {"employee_id": row.employee_id, "band_streak": int(row.band_streak),
                         "overall_attainment": round(row.overall_attainment, 4)})
                for row in frame.itertuples()]
    table = Table("top_performers", "Consistent top performers (HR view)",
                  f"People in {band} for {MIN_CYCLES}+ consecutive cycles, longest streak first.", frame)
    return Section("talent", "Talent", intro, findings, [table])
