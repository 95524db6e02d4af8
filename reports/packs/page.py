"""A pack's page body, section by section (docs/evidence-pack.md), from the view (view.pack_view) as HTML text.

Written in Python rather than as a Jinja template: the page is rendered once per employee per checkpoint (10,000
times a night at 10,000 people), and a template's per-value escaping and attribute lookups made a page cost a
third more CPU than it does written out here. Everything that comes from data passes through `text`, which
escapes as Jinja's autoescape does; the layout (head, style) stays the shared Jinja one."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Callable, Iterable

from reports.html import format_day, format_measure, format_number, format_percent
from reports.packs.goal_records import GoalRecords, number

View = dict[str, Any]
GoalCard = Callable[[View, str], str]   # a goal's entry in the view, currency -> its facts card
Appendix = Callable[[str, GoalRecords, str, str], str]  # goal id, its records, unit, currency -> its table

BANDS = {"below_threshold": "Below threshold", "approaching": "Approaching", "achieved": "Achieved",
         "exceeded": "Exceeded"}
STATUSES = {"on_track": "On track", "at_risk": "At risk", "off_track": "Off track",
            "insufficient_data": "Too little data", "final": "Final"}
EVENT_KINDS = {"largest_win": "Largest win", "lost_big_deal": "Lost big deal", "worst_delay": "Worst delay",
               "critical_defect": "Critical defect", "journal": "Journal entry"}
FLAG_KINDS = {"unattributed_records": "Unattributed records", "missing_months": "Missing months",
              "stale_source": "Stale source", "too_little_data": "Too little data"}
GROUPS = {"team": "Team", "role_peers": "Role peers"}

NOTE = ("This pack collects evidence for the review conversation. It shows attainment against agreed goals and the "
        "facts behind it; it holds no rating and compares with no individual colleague. The rating is the manager's, "
        "after calibration.")


def text(value: object) -> str:
    """Escaped for an element's content or a quoted attribute, as Jinja escapes (&, <, >, both quotes).
    str.replace: str.translate with a table that lengthens characters goes a character at a time."""
    return (str(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&#34;")
            .replace("'", "&#39;"))


def title(view: View) -> str:
    pack, cycle = view["pack"], view["pack"]["cycle"]
    checkpoint = f" · {cycle['checkpoint_month']}" if pack["kind"] == "checkpoint" else ""
    return f"Evidence pack · {pack['employee']['name']} · {cycle['id']}{checkpoint}"


def body(view: View, goal_card: GoalCard, appendix: Appendix) -> str:
    return "".join((header(view), scorecard(view), facts(view, goal_card), context(view), key_events(view),
                    next_level(view), development(view), appendix_section(view, appendix), footer(view)))


def header(view: View) -> str:
    pack = view["pack"]
    e, cycle = pack["employee"], pack["cycle"]
    company = f"{text(pack['company']['name'])} · " if pack["company"]["name"] else ""
    kind = (f"checkpoint {text(cycle['checkpoint_month'])} of cycle {text(cycle['id'])}"
            if pack["kind"] == "checkpoint" else f"cycle {text(cycle['id'])}")
    manager = text(e["manager_name"] or "–") + (f" ({text(e['manager_id'])})" if e["manager_id"] else "")
    complete = ", complete" if cycle["is_complete"] else ""
    sources = "".join(
        f"      <tr><td>{text(source['source_system'])}</td><td>{text(format_day(source['as_of']))}</td>"
        f"<td>{'<strong>stale</strong>' if source['is_stale'] else 'current'}</td></tr>\n"
        for source in view["data_as_of"])
    return f"""<header id="header">
  <p class="muted small">{company}evidence pack · {kind}</p>
  <h1>{text(e['name'])}</h1>
  <p class="muted">{text(e['title'])} · {text(e['team_name'])} · {text(e['department'])}</p>
  <div class="header-grid">
    <div><span>Employee id</span> {text(e['id'])}</div>
    <div><span>Manager</span> {manager}</div>
    <div><span>Role</span> {text(e['role_family'])} · {text(e['job_level'])}</div>
    <div><span>Region</span> {text(e['region'] or '–')}</div>
    <div><span>Cycle</span> {text(format_day(cycle['start']))} to {text(format_day(cycle['end']))}</div>
    <div><span>Evidence up to</span> {text(format_day(cycle['checkpoint_date']))} ({text(format_percent(cycle['elapsed_share']))} of the cycle{complete})</div>
  </div>
  <table class="small">
    <thead><tr><th>Source</th><th>Data as of</th><th>Freshness</th></tr></thead>
    <tbody>
{sources}    </tbody>
  </table>
  <p class="note small">{NOTE}</p>
</header>

"""


def scorecard(view: View) -> str:
    sc, currency = view["pack"]["scorecard"], view["currency"]
    rows = "".join(_scorecard_row(g, currency) for g in view["goals"])
    return f"""<section id="scorecard">
  <h2>1 · Scorecard</h2>
  <div class="overall">
    <div><div class="figure" id="overall-attainment">{text(format_percent(sc['overall_attainment']))}</div><div class="muted small">weighted overall attainment</div></div>
    <div class="small muted">{text(sc['goals_with_data'])} of {text(sc['goal_count'])} goals have enough data, carrying {text(format_number(sc['weight_with_data']))} of {text(format_number(sc['total_weight']))} weight.
      Attainment is actual ÷ target (inverted where lower is better), capped at the goal's stretch; the overall figure averages it by weight.</div>
  </div>
  <table class="scorecard">
    <colgroup><col style="width:26%"><col style="width:7%"><col style="width:12%"><col style="width:12%"><col style="width:11%"><col style="width:17%"><col style="width:15%"></colgroup>
    <thead><tr><th>Goal and metric</th><th class="num">Weight</th><th class="num">Target</th><th class="num">Actual</th><th class="num">Attain&shy;ment</th><th>Band · status</th><th>Trend</th></tr></thead>
    <tbody>
{rows}    </tbody>
  </table>
{_goal_changes(sc['goal_changes'], view['goal_titles'])}</section>

"""


def _scorecard_row(g: View, currency: str) -> str:
    goal = g["goal"]
    metric, unit = goal["metric"], goal["metric"]["unit"]
    pace = goal["expected_target"]
    pace_note = (f'<br><span class="small muted">pace {text(format_measure(pace, unit, currency))}</span>'
                 if pace is not None and pace != goal["target"] else "")
    attainment = (text(format_percent(goal["attainment"])) if goal["has_enough_data"]
                  else '<span class="muted">too little data</span>')
    return f"""      <tr class="goal-row" data-goal-id="{text(goal['goal_id'])}">
        <td><span class="scope">{'own goal' if goal['scope'] == 'own' else 'team goal (shared)'}</span><br>
          <a href="#{text(g['anchor'])}">{text(goal['title'])}</a>
          <p class="definition">{text(metric['name'])}: {text(metric['definition'])}</p></td>
        <td class="num">{text(format_number(goal['weight']))}</td>
        <td class="num">{text(format_measure(goal['target'], unit, currency))}{pace_note}</td>
        <td class="num">{text(format_measure(goal['actual'], unit, currency))}</td>
        <td class="num">{attainment}</td>
        <td>{band_chip(goal['band'])}<br><span class="small">{text(STATUSES.get(goal['status'], goal['status']))}</span></td>
        <td>{g['trend_chart']}</td>
      </tr>
"""


def _goal_changes(changes: list[dict], goal_titles: dict[str, str]) -> str:
    if not changes:
        return '  <p class="small muted">No goal was changed during the cycle.</p>\n'
    rows = "".join(f"      <tr><td>{text(format_day(c['changed_on']))}</td>"
                   f"<td>{text(goal_titles.get(c['goal_id'], c['goal_id']))}</td><td>{text(c['field'])}</td>"
                   f"<td>{text(c['old_value'])}</td><td>{text(c['new_value'])}</td></tr>\n" for c in changes)
    return f"""  <h3>Goal changes during the cycle</h3>
  <table class="small">
    <thead><tr><th>Changed on</th><th>Goal</th><th>Field</th><th>From</th><th>To</th></tr></thead>
    <tbody>
{rows}    </tbody>
  </table>
"""


def facts(view: View, goal_card: GoalCard) -> str:
    flags = "".join(_flag(flag) for flag in view["general_flags"])
    cards = "".join(goal_card(g, view["currency"]) for g in view["goals"])
    return f"""<section id="facts">
  <h2>2 · The facts behind every number</h2>
{flags}{cards}</section>

"""


def _flag(flag: dict) -> str:
    return (f'  <p class="note warn small"><strong>{text(FLAG_KINDS.get(flag["kind"], flag["kind"]))}:</strong> '
            f'{text(flag["message"])}</p>\n')


def goal_card(g: View, currency: str) -> str:
    """One goal's facts: what the number means, where it comes from, and the largest records behind it."""
    goal = g["goal"]
    metric, unit = goal["metric"], goal["metric"]["unit"]
    needed = f" (at least {text(metric['min_events'])} needed)" if metric["min_events"] else ""
    ratio = (f" = {text(_count(goal['numerator']))} ÷ {text(_count(goal['denominator']))}"
             if goal["denominator"] is not None else "")
    filters = ", ".join(f"{text(key)} = {text(value)}"
                        for key, value in sorted(goal["filters"].items(), key=lambda item: item[0].lower())) or "none"
    months = " · ".join(f"{text(point['month'][5:])}: {text(format_percent(point['attainment']))}"
                        for point in goal["trend"]) or "–"
    flags = "".join(_flag(flag) for flag in g["flags"])
    return f"""  <article class="card" id="{text(g['anchor'])}">
  <h3>{text(goal['title'])} <span class="scope">· {text(metric['name'])}</span></h3>
  <p class="definition">{text(metric['definition'])}</p>
  <div class="facts">
    <div><span>Source</span>{text(metric['source'])}</div>
    <div><span>Period</span>{text(format_day(goal['period']['start']))} to {text(format_day(goal['period']['end']))}</div>
    <div><span>Records counted</span>{text(format_number(goal['event_count']))}{needed}</div>
    <div><span>Actual</span>{text(format_measure(goal['actual'], unit, currency))}{ratio}</div>
    <div><span>Threshold · target · stretch</span>{text(format_measure(goal['threshold'], unit, currency))} · {text(format_measure(goal['target'], unit, currency))} · {text(format_measure(goal['stretch'], unit, currency))}</div>
    <div><span>Better when</span>{text(metric['direction'])}</div>
    <div><span>Filters</span>{filters}</div>
    <div><span>Monthly attainment</span>{months}</div>
  </div>
{flags}{_top_records(g, unit, currency)}</article>

"""


def _count(value: float) -> str:
    """A ratio's numerator or denominator: whole numbers without decimals."""
    return format_number(value, 1 if value % 1 else 0)


def _top_records(g: View, unit: str, currency: str) -> str:
    evidence = g["evidence"]
    if not (evidence and evidence["top_records"]):
        return '  <p class="small muted">No records behind this number in the period.</p>\n'
    top = evidence["top_records"]
    return f"""  {records_table(top, unit, currency)}
  <p class="small muted">Largest {len(top)} of {text(format_number(evidence['record_count']))} records shown.
    All of them: <a href="#{text(g['anchor'])}-records">appendix</a> and <a href="{text(g['csv'])}">{text(g['csv'])}</a>.</p>
"""


def context(view: View) -> str:
    rows = "".join(_context_row(g["goal"]["title"], row) for g in view["goals"] for row in g["context"])
    if not view["has_context"]:
        rows += '      <tr><td colspan="5" class="muted">No group context for these goals.</td></tr>\n'
    notes = "".join(f'  <p class="note small"><strong>Environment:</strong> {text(note["message"])}</p>\n'
                    for note in view["pack"]["environment_notes"])
    return f"""<section id="context">
  <h2>3 · Context</h2>
  <p class="small muted">How groups of people with the same metric did: medians and the middle half (25th to 75th percentile) of attainment. Never another person's numbers; a group smaller than 5 people is not shown.</p>
  <table class="small">
    <colgroup><col style="width:30%"><col style="width:28%"><col style="width:10%"><col style="width:10%"><col style="width:22%"></colgroup>
    <thead><tr><th>Goal</th><th>Group</th><th class="num">People</th><th class="num">Median</th><th class="num">Middle half</th></tr></thead>
    <tbody>
{rows}    </tbody>
  </table>
{notes}</section>

"""


def _context_row(goal_title: str, row: dict) -> str:
    if row["suppressed"]:
        figures = '<td class="num">fewer than 5</td><td class="num muted" colspan="2">not shown (group too small)</td>'
    else:
        figures = (f'<td class="num">{text(row["group_size"])}</td>'
                   f'<td class="num">{text(format_percent(row["median"]))}</td>'
                   f'<td class="num">{text(format_percent(row["p25"]))} – {text(format_percent(row["p75"]))}</td>')
    return (f"      <tr><td>{text(goal_title)}</td><td>{text(GROUPS.get(row['group'], row['group']))}: "
            f"{text(row['group_label'])}</td>\n        {figures}</tr>\n")


def key_events(view: View) -> str:
    events, currency = view["pack"]["key_events"], view["currency"]
    if not events:
        table = '  <p class="small muted">No key events in the period.</p>\n'
    else:
        table = f"""  <table class="small">
    <colgroup><col style="width:14%"><col style="width:16%"><col style="width:52%"><col style="width:18%"></colgroup>
    <thead><tr><th>Date</th><th>What</th><th>Record</th><th class="num">Value</th></tr></thead>
    <tbody>
{"".join(_key_event(event, currency) for event in events)}    </tbody>
  </table>
"""
    return f"""<section id="key-events">
  <h2>4 · Key events</h2>
{table}</section>

"""


def _key_event(event: dict, currency: str) -> str:
    sbi = event["sbi"]
    behaviour = (f'\n        <dl class="sbi"><dt>Situation</dt><dd>{text(sbi["situation"])}</dd><dt>Behaviour</dt>'
                 f'<dd>{text(sbi["behaviour"])}</dd><dt>Impact</dt><dd>{text(sbi["impact"])}</dd></dl>' if sbi else "")
    value = text(format_measure(event["value"], event["unit"], currency)) if event["value"] is not None else ""
    return (f"      <tr><td>{text(format_day(event['date']))}</td>"
            f"<td>{text(EVENT_KINDS.get(event['kind'], event['kind']))}</td>\n"
            f"        <td>{text(event['label'])} <span class=\"muted\">({text(event['source_system'])} "
            f"{text(event['record_id'])})</span>{behaviour}</td>\n"
            f"        <td class=\"num\">{value}</td></tr>\n")


def next_level(view: View) -> str:
    currency = view["currency"]
    rows = "".join(
        f"      <tr><td>{text(g['goal']['title'])}</td>"
        f"<td class=\"num\">{text(gap(level['gap_to_target'], level['unit'], currency))}</td>\n"
        f"        <td class=\"num\">{text(gap(level['gap_to_stretch'], level['unit'], currency))}</td>"
        f"<td>{text(level['message'])}</td></tr>\n"
        for g in view["goals"] if (level := g["next_level"]))
    return f"""<section id="next-level">
  <h2>5 · Next level</h2>
  <table class="small">
    <colgroup><col style="width:30%"><col style="width:16%"><col style="width:16%"><col style="width:38%"></colgroup>
    <thead><tr><th>Goal</th><th class="num">Gap to target</th><th class="num">Gap to stretch</th><th>What it takes</th></tr></thead>
    <tbody>
{rows}    </tbody>
  </table>
</section>

"""


def development(view: View) -> str:
    dev, titles = view["pack"]["development"], view["goal_titles"]
    areas = "".join(f"    <li><strong>{text(titles.get(area['goal_id'], area['goal_id']))}</strong> — "
                    f"{text(area['reason'])}. <span class=\"muted\">{text(area['evidence'])}</span></li>\n"
                    for area in dev["focus_areas"]) \
        or '    <li class="muted">No focus area stands out from the evidence.</li>\n'
    drafts = "".join(_draft_goal(draft, view["metric_units"], view["currency"]) for draft in dev["draft_goals"]) \
        or '      <tr><td colspan="4" class="muted">No draft goals: too little history.</td></tr>\n'
    idp = "".join(f"      <tr><td>{text(row['focus'])}</td><td>{text(row['action'])}</td>"
                  f"<td>{text(row['support'])}</td><td>{text(row['measure'])}</td>"
                  f"<td>{text(format_day(row['review_by']))}</td></tr>\n"
                  for row in dev["idp"])
    prompts = "".join(f"  <p><strong>{text(heading)}</strong></p>\n  <ul class=\"prompts\">"
                      + "".join(f"<li>{text(line)}</li>" for line in lines) + "</ul>\n"
                      for heading, lines in view["prompts"])
    return f"""<section id="development">
  <h2>6 · Development</h2>
  <h3>Focus areas</h3>
  <ol>
{areas}  </ol>
  <h3>Draft goals for the next cycle</h3>
  <table class="small">
    <colgroup><col style="width:28%"><col style="width:16%"><col style="width:16%"><col style="width:40%"></colgroup>
    <thead><tr><th>Goal</th><th class="num">Commit</th><th class="num">Stretch</th><th>How the targets were suggested</th></tr></thead>
    <tbody>
{drafts}    </tbody>
  </table>
  <h3>Individual development plan (to complete together)</h3>
  <table class="small idp">
    <thead><tr><th>Focus</th><th>Action</th><th>Support</th><th>Measure</th><th>Review by</th></tr></thead>
    <tbody>
{idp}      <tr><td class="fill"></td><td class="fill"></td><td class="fill"></td><td class="fill"></td><td class="fill"></td></tr>
    </tbody>
  </table>
  <h3>For the conversation</h3>
{prompts}</section>

"""


def _draft_goal(draft: dict, metric_units: dict[str, str], currency: str) -> str:
    unit = metric_units.get(draft["metric_id"], "count")
    return (f"      <tr><td>{text(draft['title'])}<br><span class=\"muted\">{text(draft['metric_id'])}</span></td>\n"
            f"        <td class=\"num\">{text(format_measure(draft['commit_target'], unit, currency))}</td>\n"
            f"        <td class=\"num\">{text(format_measure(draft['stretch_target'], unit, currency))}</td>"
            f"<td>{text(draft['method'])}</td></tr>\n")


def appendix_section(view: View, appendix: Appendix) -> str:
    parts = [_appendix_part(g, appendix, view["currency"])
             for g in view["goals"] if g["records"] and g["records"].count]
    listed = "".join(parts) or '  <p class="small muted">No records.</p>\n'
    return f"""<section id="appendix" class="appendix page-break">
  <h2>Appendix · the records behind the numbers</h2>
{listed}</section>
"""


def _appendix_part(g: View, appendix: Appendix, currency: str) -> str:
    goal, records = g["goal"], g["records"]
    count = text(format_number(records.count))
    where = (f"The first {records.shown} by date are listed here; all {count} are in " if records.count > records.shown
             else "Also in ")
    return f"""  <h3 id="{text(g['anchor'])}-records">{text(goal['title'])} — {count} records</h3>
  <p class="small muted">{where}<a href="{text(g['csv'])}">{text(g['csv'])}</a>.</p>
  {appendix(goal['goal_id'], records, goal['metric']['unit'], currency)}
"""


def footer(view: View) -> str:
    pack = view["pack"]
    return (f"<footer>{text(pack['pack_id'])} · {text(pack['schema'])} · the JSON twin (pack.json) holds the same "
            "numbers.</footer>\n")


def band_chip(code: str | None) -> str:
    """A goal's attainment band as a chip."""
    if not code:
        return '<span class="muted">–</span>'
    return f'<span class="chip band-{text(code)}">{text(BANDS.get(code, code))}</span>'


def gap(value: float | None, unit: str, currency: str) -> str:
    """A gap to the next level in the metric's own unit; none left is 'reached'."""
    if value is None:
        return "–"
    return "reached" if value == 0 else format_measure(value, unit, currency)


def records_table(rows: Iterable[dict], unit: str, currency: str) -> str:
    """Record dicts (a goal's largest) as a table."""
    return table(_escaped_row(text(r["event_date"]), text(r["source_system"]), text(r["record_id"]),
                              text(r["label"] or ""), text(record_value(r.get("value"), r.get("denominator"), unit,
                                                                        currency)))
                 for r in rows)


def appendix_table(records: GoalRecords, unit: str, currency: str) -> str:
    """The appendix's records as a table, from the CSV's text cells escaped at once."""
    return table(_escaped_row(event_date, source_system, record_id, label,
                              _value_cell(value, denominator, unit, currency))
                 for event_date, source_system, record_id, label, value, denominator
                 in records.head_cells(escaped=True))


def table(rows: Iterable[str]) -> str:
    return (f'<table class="records">\n  <colgroup><col style="width:12%"><col style="width:11%">'
            f'<col style="width:20%"><col style="width:40%"><col style="width:17%"></colgroup>\n'
            f'  <thead><tr><th>Date</th><th>Source</th><th>Record</th><th>Label</th>'
            f'<th class="num">Value</th></tr></thead>\n  <tbody>\n{"".join(rows)}  </tbody>\n</table>\n')


def _escaped_row(event_date: str, source_system: str, record_id: str, label: str, value: str) -> str:
    """A record as a table row, its cells' text already escaped for an element's content."""
    return (f"<tr><td>{event_date}</td><td>{source_system}</td><td>{record_id}</td><td>{label}</td>"
            f"<td class=\"num\">{value}</td></tr>\n")


@lru_cache(maxsize=65536)
def _value_cell(value: str, denominator: str, unit: str, currency: str) -> str:
    """An appendix record's value from the CSV's text: most records of a goal repeat a few values (1 / 1, 0 / 1)."""
    return text(record_value(number(value), number(denominator), unit, currency))


def record_value(value: float | None, denominator: float | None, unit: str, currency: str) -> str:
    """A record's contribution in the metric's terms: an amount or days as such; for ratios
    'numerator / denominator'."""
    if value is None:
        return "–"
    if denominator is not None:
        return f"{value:g} / {denominator:g}"
    if unit == "amount":
        return f"{currency} {value:,.0f}"
    if unit == "days":
        return f"{value:,.1f} days"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
