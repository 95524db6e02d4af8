"""`perfloop`: the command line. `demo` runs the embedded demo, `run` the nightly job, `diagnostics` writes the
org diagnostics of a cycle, `status` shows state."""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import time
from datetime import datetime

from settings import ConfigError, Settings, load_settings

log = logging.getLogger("perfloop.progress")


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    progress = _show_progress()
    try:
        settings = load_settings(args.config)
        return args.command(settings, args)
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    finally:
        log.removeHandler(progress)  # bound to this stderr: gone with the command (tests swap stderr)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="perfloop", description=__doc__)
    parser.add_argument("--config", help="configuration file (default: $PERFLOOP_CONFIG or ./perfloop.yaml)")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="generate the demo company, serve it locally and run the nightly job")
    demo.add_argument("--employees", type=int, default=300, help="size of the demo company (default 300)")
    demo.add_argument("--advance-days", type=float, default=1.0, help="days the demo clock moves per run (default 1)")
    demo.set_defaults(command=cmd_demo)

    run = commands.add_parser("run", help="run the nightly job now against the configured systems")
    run.add_argument("--stream", action="append", metavar="SYSTEM/STREAM", help="only these streams (repeatable)")
    run.set_defaults(command=cmd_run)

    packs = commands.add_parser("packs", help="write the evidence packs of a review cycle (or of one checkpoint)")
    packs.add_argument("--cycle", required=True, help="review cycle id, e.g. 2026H1")
    packs.add_argument("--checkpoint", type=_month, metavar="YYYY-MM", help="a monthly checkpoint of the cycle")
    packs.add_argument("--pdf", action="store_true", default=None, help="also print each pack to PDF (slow)")
    packs.set_defaults(command=cmd_packs)

    diagnostics = commands.add_parser("diagnostics", help="write the org diagnostics of one review cycle")
    diagnostics.add_argument("--cycle", required=True, help="review cycle id, e.g. 2026H1")
    diagnostics.add_argument("--view", choices=("aggregate", "hr", "both"), default="both",
                             help="aggregate (groups under the minimum size suppressed), hr (names people), or both")
    diagnostics.set_defaults(command=cmd_diagnostics)

    status = commands.add_parser("status", help="cursors and raw-zone contents per stream, and the last build")
    status.set_defaults(command=cmd_status)
    return parser


def _month(text: str) -> str:
    try:
        datetime.strptime(text, "%Y-%m")
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM, got {text!r}") from None
    return text


def _show_progress() -> logging.Handler:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("  %(message)s"))
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return handler


def cmd_demo(settings: Settings, args: argparse.Namespace) -> int:
    from pipelines import demo

    started = time.monotonic()
    print(f"[1/5] demo company ({args.employees} employees)…", flush=True)
    store = demo.prepare_company(settings, args.employees)
    clock = demo.next_demo_clock(settings.paths.state_dir, args.advance_days)
    inbox = demo.drop_inbox_files(settings, store, clock)
    print(f"      {store}; clock {clock:%Y-%m-%d %H:%M} UTC; inbox {inbox}", flush=True)
    demo.use_demo_credentials(settings)
    print("[2/5] nightly job against the local vendor server…", flush=True)
    with demo.demo_server(settings, store, clock) as served:
        code = _run_and_report(served, None, sources_now=clock)
    if code == 0:
        demo.remember_demo_clock(settings.paths.state_dir, clock)
        print("[3/5] evidence packs…", flush=True)
        code = _demo_packs(settings)
    if code == 0:
        print("[4/5] org diagnostics…", flush=True)
        code = _demo_diagnostics(settings, clock)
    print(f"[5/5] done in {time.monotonic() - started:.0f} s. Run `make demo` again to load the next day's delta; "
          "`make dev` opens the Dagster UI.", flush=True)
    return code


def _demo_diagnostics(settings: Settings, clock: datetime) -> int:
    """The org diagnostics of the cycle the demo clock is in, as of its latest checkpoint."""
    from pipelines.reports.partitions import cycle_of_month

    return _write_diagnostics(settings, cycle_of_month(f"{clock:%Y-%m}-01", settings), ["aggregate", "hr"])


def _demo_packs(settings: Settings) -> int:
    from reports.packs.deliver import latest_targets, write_packs

    for cycle, checkpoint in latest_targets(settings.paths.warehouse):
        result = write_packs(settings, cycle, checkpoint)
        label = f"checkpoint {checkpoint} of {cycle}" if checkpoint else f"cycle {cycle}"
        print(f"      {result.packs} packs of {label} in {result.render_seconds:.1f} s: open {result.hr_index}",
              flush=True)
    return 0


def cmd_packs(settings: Settings, args: argparse.Namespace) -> int:
    from reports.marts import MartsUnavailable
    from reports.packs.deliver import write_packs

    try:
        result = write_packs(settings, args.cycle, args.checkpoint, pdf=args.pdf)
    except MartsUnavailable as exc:
        print(f"cannot write packs: {exc}", file=sys.stderr)
        return 2
    log.info("%d packs in %d manager bundles, %d files, rendered in %.1f s (%.0f packs/s)%s", result.packs,
             result.managers, result.files, result.render_seconds, result.packs / max(result.render_seconds, 1e-9),
             f"; {result.pdfs} PDFs in {result.pdf_seconds:.1f} s" if result.pdfs else "")
    print(f"HR index: {result.hr_index}")
    return 0


def cmd_run(settings: Settings, args: argparse.Namespace) -> int:
    return _run_and_report(settings, args.stream)


def _run_and_report(settings: Settings, streams: list[str] | None, sources_now: datetime | None = None) -> int:
    from pipelines.runner import missing_secrets, run_nightly

    missing = missing_secrets(settings, streams)
    if missing:
        for system, variable in missing:
            print(f"{settings.paths.config_file}: systems.{system}.secret_env: the environment variable {variable} "
                  "is not set", file=sys.stderr)
        return 2
    run_log = settings.paths.data_dir / "logs" / "last_run.log"
    run_log.parent.mkdir(parents=True, exist_ok=True)
    with open(run_log, "w", encoding="utf-8") as log_file, contextlib.redirect_stdout(log_file):
        run = run_nightly(settings, streams, sources_now=sources_now)  # dbt's log to the file, progress here
    print(f"{'stream':<24}{'records':>10}{'deleted':>9}{'seconds':>9}  cursor")
    for load in run.loads:
        print(f"{load.stream:<24}{load.records:>10,}{load.deleted:>9,}{load.duration_s:>9.1f}  {load.cursor}")
    if run.build:
        print("\n".join(run.build.lines()))
    for failure in run.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    print(f"run {run.run_id}: {'success' if run.success else 'FAILED'} (dbt's log: {run_log})")
    return 0 if run.success else 1


def cmd_diagnostics(settings: Settings, args: argparse.Namespace) -> int:
    return _write_diagnostics(settings, args.cycle, ["aggregate", "hr"] if args.view == "both" else [args.view])


def _write_diagnostics(settings: Settings, cycle: str, views: list[str]) -> int:
    from pipelines.reports.run import UnknownCycle, run_diagnostics

    try:
        run = run_diagnostics(settings, cycle, views)
    except UnknownCycle as exc:
        print(exc, file=sys.stderr)
        return 2
    for view, html in run.html.items():
        print(f"{view:<10} {run.findings[view]:>3} findings  {html}")
    for failure in run.failures:
        print(f"FAILED {failure}", file=sys.stderr)
    return 0 if run.success else 1


def cmd_status(settings: Settings, args: argparse.Namespace) -> int:
    from connectors.catalog import STREAMS
    from connectors.cursors import CursorStore
    from connectors.rawzone import raw_counts
    from pipelines.dbt.summary import last_build
    from pipelines.instance import dagster_instance
    from pipelines.schedules import NIGHTLY_JOB

    cursors = CursorStore(settings.paths.state_dir).all()
    counts = raw_counts(settings.paths.raw_dir)
    print(f"raw zone: {settings.paths.raw_dir}")
    print(f"{'stream':<24}{'rows':>10}  cursor")
    for spec in STREAMS:
        if spec.system in settings.systems:
            name = f"{spec.system}/{spec.name}"
            print(f"{name:<24}{counts.get(name, 0):>10,}  {cursors.get(name, '-')}")
    with dagster_instance(settings) as instance:
        build = last_build(instance, NIGHTLY_JOB)
    print("\n".join(build.lines()) if build else "no nightly run yet")
    return 0


if __name__ == "__main__":
    sys.exit(main())
