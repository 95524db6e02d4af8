"""The one Jinja environment reports render with: autoescaped (source data is text, never markup), strict
about undefined names, and with the number formats every report shares."""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any

import jinja2


class _Environment(jinja2.Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        """`x.name` on a dict looks the key up first: Jinja's default tries the attribute first, and the
        exception it raises and catches for every field of every dict is a good part of a page's render time."""
        if type(obj) is dict and attribute in obj:
            return obj[attribute]
        return super().getattr(obj, attribute)


def environment(package: str, templates: str = "templates") -> jinja2.Environment:
    env = _Environment(
        loader=jinja2.PackageLoader(package, templates),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates ship with the code: no stat of every included file at every render
    )
    env.filters.update(number=format_number, percent=format_percent, measure=format_measure, day=format_day)
    return env


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_number(value: Any, decimals: int = 0) -> str:
    """1234567.8 -> '1,234,568'; missing -> an en dash."""
    if _missing(value):
        return "–"
    return f"{value:,.{decimals}f}"


def format_percent(value: Any, decimals: int = 0) -> str:
    """A share (0.925) as a percentage ('92.5%' with decimals=1)."""
    if _missing(value):
        return "–"
    return f"{value * 100:,.{decimals}f}%"


def format_measure(value: Any, unit: str, currency: str = "EUR") -> str:
    """A metric value in its own unit: the metric library's units are amount, count, rate, days, per_100."""
    if _missing(value):
        return "–"
    if unit == "amount":
        return f"{currency} {value:,.0f}"
    if unit == "rate":
        return format_percent(value, 1)
    if unit == "days":
        return f"{value:,.1f} days"
    if unit == "per_100":
        return f"{value:,.1f} per 100"
    return format_number(value, 0 if float(value).is_integer() else 1)


def format_day(value: Any) -> str:
    """A date or timestamp as ISO day; timestamps keep minutes in UTC."""
    if _missing(value):
        return "–"
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M UTC")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
