"""The bundle's index pages: one per manager listing exactly their reporting line (direct reports, then — when
configured — everyone below them, under their own manager), and HR's list of every pack. People are listed by
name: an index never shows a number, so it cannot be read as a ranking."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Mapping

from reports.files import OutputFolder, unique_name
from reports.html import environment

INDEX = "index.html"
MANAGERS, HR, NO_MANAGER = "managers", "hr", "no-manager"


@dataclass(frozen=True)
class PackEntry:
    """What an index says about one pack, and where it is: (manager id, folder relative to the bundle) per copy,
    its direct manager's first (manager id None: the copy under hr/ for someone without a manager)."""

    employee_id: str
    name: str
    title: str
    team_name: str
    department: str
    manager_name: str | None
    kind: str
    cycle_id: str
    checkpoint_month: str | None
    placements: tuple[tuple[str | None, str], ...]

    @classmethod
    def of(cls, pack: dict, placements: list[tuple[str | None, str]]) -> "PackEntry":
        employee, cycle = pack["employee"], pack["cycle"]
        return cls(employee["id"], employee["name"], employee.get("title") or "", employee.get("team_name") or "",
                   employee.get("department") or "", employee.get("manager_name"), pack["kind"], cycle["id"],
                   cycle.get("checkpoint_month"), tuple(placements))

    @property
    def home(self) -> str:
        return self.placements[0][1]

    @property
    def manager_id(self) -> str | None:
        return self.placements[0][0]


def write_indexes(out: OutputFolder, entries: list[PackEntry], include_indirect: bool, has_pdf: bool) -> int:
    """Write every manager's index and HR's; returns the number of manager bundles."""
    env = environment("reports.packs")
    held: dict[str, list[tuple[PackEntry, str]]] = defaultdict(list)
    for entry in entries:
        for manager_id, folder in entry.placements:
            if manager_id is not None:
                held[manager_id].append((entry, folder.rsplit("/", 1)[1]))
    names = _manager_names(entries)
    manager_page = env.get_template("manager_index.html")
    bundles = []
    for manager_id, rows in sorted(held.items()):
        direct = [(e, f) for e, f in rows if e.manager_id == manager_id]
        indirect = [(e, f) for e, f in rows if e.manager_id != manager_id]
        bundle = {"folder": f"{MANAGERS}/{unique_name(manager_id)}", "manager_id": manager_id,
                  "name": names.get(manager_id, manager_id), "direct": len(direct), "indirect": len(indirect)}
        bundles.append(bundle)
        out.write_text(f"{bundle['folder']}/{INDEX}", manager_page.render(
            manager=bundle, direct=direct, indirect=_grouped_by_manager(indirect, names),
            include_indirect=include_indirect, has_pdf=has_pdf, heading=_heading(entries)))
    ordered = sorted(entries, key=lambda e: (e.department, e.team_name, e.name, e.employee_id))
    out.write_text(f"{HR}/{INDEX}", env.get_template("hr_index.html").render(
        entries=ordered, bundles=sorted(bundles, key=lambda b: (b["name"], b["manager_id"])), has_pdf=has_pdf,
        include_indirect=include_indirect, heading=_heading(entries)))
    return len(bundles)


def _manager_names(entries: list[PackEntry]) -> dict[str, str]:
    names = {e.manager_id: e.manager_name for e in entries if e.manager_id and e.manager_name}
    names.update({e.employee_id: e.name for e in entries})
    return names


def _grouped_by_manager(held: list[tuple[PackEntry, str]], names: Mapping[str, str]) -> list[tuple[str, list]]:
    groups: dict[str, list] = defaultdict(list)
    for entry, folder in held:
        groups[entry.manager_id or ""].append((entry, folder))
    return [(names.get(manager, manager), sorted(rows, key=lambda r: (r[0].name, r[0].employee_id)))
            for manager, rows in sorted(groups.items(), key=lambda item: (names.get(item[0], item[0]), item[0]))]


def _heading(entries: list[PackEntry]) -> str:
    if not entries:
        return "Evidence packs"
    first = entries[0]
    if first.kind == "checkpoint":
        return f"Evidence packs · cycle {first.cycle_id} · checkpoint {first.checkpoint_month}"
    return f"Evidence packs · cycle {first.cycle_id}"
