"""One measured pack run for benchmarks/packs.py, in its own process: the last complete cycle's packs, for the
company of the repository's perfloop.yaml (its name and currency in the pages, as `perfloop packs` writes them).

    python -m benchmarks.packs_run WAREHOUSE OUTPUT_DIR RESULT_JSON
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main(warehouse: Path, output: Path, result_file: Path) -> int:
    # imported here: the render workers import this module again (spawn), and need none of the warehouse's modules
    from reports.packs.deliver import deliver_packs, latest_targets
    from settings import load_settings

    company = load_settings(REPO / "perfloop.yaml").company
    cycle = next(cycle for cycle, checkpoint in latest_targets(warehouse) if checkpoint is None)
    result = deliver_packs(warehouse, output, cycle, company=company)
    result_file.write_text(json.dumps({
        "cycle": cycle, "packs": result.packs, "managers": result.managers, "render_s": result.render_seconds,
        "folder": str(result.folder)}))
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])))
