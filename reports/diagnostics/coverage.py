"""Coverage and data quality: how much of the organisation the evidence covers, identities no system could match,
source freshness, and the checks that failed."""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from reports.diagnostics.context import Context
from reports.diagnostics.model import Chart, Finding, Section, Table


def coverage_section(context: Context, failed_checks: Sequence[str]) -> Section:
    findings: list[Finding] = []
    tables = [_evidence_coverage(context)]
    identities, identity_findings = _unmatched_identities(context)
    tables.append(identities)
    findings += identity_findings
    if context.is_hr:
        tables.append(_unmatched_accounts(context))
    tables.append(_freshness(context))
    checks, check_findings = _failed_checks(failed_checks)
    tables.append(checks)
    findings += check_findings
    covered = tables[0].frame
    org = covered[covered["department"] == "All departments"].iloc[0]
    intro = (f"{org['complete']:.0f} of {org['people']:.0f} people ({org['share_complete']:.0%}) have enough data "
             f"for every goal at the {context.checkpoint_month} checkpoint.")
    return Section("coverage", "Coverage and data quality", intro, findings, tables)


def _evidence_coverage(context: Context) -> Table:
    frame = context.marts.frame("""
        select coalesce(department, 'All departments') as department, count(*) as people,
               count(*) filter (where has_complete_evidence) as complete
        from fct_diagnostic_people where cycle_id = ?
        group by grouping sets ((department), ()) order by department is null, department""", [context.cycle_id])
    frame["share_complete"] = frame["complete"] / frame["people"]
    departments = context.suppress(frame[frame["department"] != "All departments"], "people",
                                   ["complete", "share_complete"])
    total = frame[frame["department"] == "All departments"]
    frame = pd.concat([departments, total], ignore_index=True)
    frame["label"], frame["value"] = frame["department"], frame["share_complete"]
    return Table("evidence_coverage", "People with complete evidence",
                 "Share of people whose every goal had enough data at the checkpoint, per department.",
                 frame, Chart("bar", "Share with complete evidence"))


def _unmatched_identities(context: Context) -> tuple[Table, list[Finding]]:
    frame = context.marts.frame("""
        select system as label, count(*) as value, sum(records_referencing) as records_referencing
        from fct_identity_gaps group by system order by system""")
    findings = [Finding("unmatched_identities", row.label,
                        f"{row.value} {row.label} account(s) match no employee (by email or the override file); "
                        f"{row.records_referencing} records name them and are not attributed to anyone.",
                        {"system": row.label, "accounts": int(row.value),
                         "records_referencing": int(row.records_referencing)})
                for row in frame.itertuples() if row.value > 0]
    table = Table("unmatched_identities", "Unmatched identities per system",
                  "Accounts in a source system that match no employee by email or the override file; their "
                  "records are counted but attributed to no one.", frame, Chart("bar", "Unmatched accounts"))
    return table, findings


def _unmatched_accounts(context: Context) -> Table:
    frame = context.marts.frame("""
        select system, external_id, display_name, records_referencing from fct_identity_gaps
        order by system, records_referencing desc, external_id""")
    return Table("unmatched_accounts", "Unmatched accounts (HR view)",
                 "Each unmatched account: add it to the identity override file to attribute its records.", frame)


def _freshness(context: Context) -> Table:
    frame = context.marts.frame("""
        select source_system, stream, last_loaded_at, last_modified_at, raw_rows
        from fct_source_freshness order by source_system, stream""")
    return Table("source_freshness", "Freshness per source",
                 "When each stream was last loaded and its newest record's modification time.", frame)


def _failed_checks(failed_checks: Sequence[str]) -> tuple[Table, list[Finding]]:
    names = sorted(set(failed_checks))
    frame = pd.DataFrame({"check": names}, dtype="object")
    findings = [Finding("failed_check", name, f"Data check {name} failed in the last run: figures resting on it "
                        "may be wrong.") for name in names]
    return Table("failed_checks", "Failed data checks", "Checks that failed in the run that built these marts.",
                 frame), findings
