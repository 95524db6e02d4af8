"""Reading a built Diagnostics in tests: findings by kind, tables by id."""

from reports.diagnostics.model import Diagnostics, Finding, Table


def findings(diagnostics: Diagnostics, kind: str) -> list[Finding]:
    return [f for section in diagnostics.sections for f in section.findings if f.kind == kind]


def kinds(diagnostics: Diagnostics) -> set[str]:
    return {f.kind for section in diagnostics.sections for f in section.findings}


def table(diagnostics: Diagnostics, table_id: str) -> Table:
    return next(t for section in diagnostics.sections for t in section.tables if t.id == table_id)
