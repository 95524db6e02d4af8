"""The drawing primitive every chart uses: an escaped, deterministic SVG element builder and linear scales."""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from html import escape
from typing import Iterable

from markupsafe import Markup

PALETTE = ("#2f5d8a", "#d08c2f", "#4f9a6b", "#b5484b", "#7a5ea8", "#5f8f9e", "#a0744f", "#888888")
INK = "#222222"
MUTED = "#767676"
GRID = "#dddddd"


def coord(value: float) -> str:
    """A coordinate rounded to 0.1 without a trailing '.0' (stable text for byte-identical output). The format
    rounds correctly by itself, as round() does."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


@dataclass(frozen=True)
class LinearScale:
    """Maps [low, high] onto [start, end]; a zero-width domain maps to the middle."""

    low: float
    high: float
    start: float
    end: float

    def __call__(self, value: float) -> float:
        if self.high == self.low:
            return (self.start + self.end) / 2
        return self.start + (value - self.low) * (self.end - self.start) / (self.high - self.low)

    def ticks(self, count: int = 5) -> list[float]:
        """Round tick values (1, 2, 5 x 10^n steps) covering the domain."""
        span = self.high - self.low
        if span <= 0:
            return [self.low]
        raw = span / max(count, 1)
        magnitude = 10 ** math.floor(math.log10(raw))
        step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
        first = math.ceil(self.low / step) * step
        return [round(first + i * step, 10) for i in range(int((self.high - first) / step + 1e-9) + 1)]


def _attrs(attributes: dict[str, object]) -> str:
    """Numbers as coordinates (nothing to escape in them), anything else escaped."""
    return "".join(f' {_attribute_name(name)}="{_attribute_value(value)}"'
                   for name, value in attributes.items() if value is not None)


def _attribute_value(value: object) -> str:
    return coord(value) if isinstance(value, float) else escape(str(value), quote=True)


@lru_cache(maxsize=256)
def _attribute_name(keyword: str) -> str:
    """stroke_width -> stroke-width; class_ -> class."""
    return keyword.rstrip("_").replace("_", "-")


class Svg:
    """Collects elements; `markup()` returns the <svg> as safe markup for a Jinja template."""

    def __init__(self, width: float, height: float, title: str, css_class: str = "chart"):
        self.width, self.height, self.title, self.css_class = width, height, title, css_class
        self._parts: list[str] = []

    def element(self, tag: str, text: str | None = None, **attributes: object) -> "Svg":
        opening = f"<{tag}{_attrs(attributes)}"
        self._parts.append(f"{opening}/>" if text is None else f"{opening}>{escape(text)}</{tag}>")
        return self

    def rect(self, x: float, y: float, width: float, height: float, **attributes: object) -> "Svg":
        return self.element("rect", x=float(x), y=float(y), width=float(max(width, 0)),
                            height=float(max(height, 0)), **attributes)

    def line(self, x1: float, y1: float, x2: float, y2: float, **attributes: object) -> "Svg":
        return self.element("line", x1=float(x1), y1=float(y1), x2=float(x2), y2=float(y2), **attributes)

    def circle(self, cx: float, cy: float, r: float, **attributes: object) -> "Svg":
        return self.element("circle", cx=float(cx), cy=float(cy), r=float(r), **attributes)

    def polyline(self, points: Iterable[tuple[float, float]], **attributes: object) -> "Svg":
        text = " ".join(f"{coord(x)},{coord(y)}" for x, y in points)
        return self.element("polyline", points=text, fill=attributes.pop("fill", "none"), **attributes)

    def polygon(self, points: Iterable[tuple[float, float]], **attributes: object) -> "Svg":
        return self.element("polygon", points=" ".join(f"{coord(x)},{coord(y)}" for x, y in points), **attributes)

    def text(self, x: float, y: float, content: str, **attributes: object) -> "Svg":
        return self.element("text", content, x=float(x), y=float(y), **attributes)

    def markup(self) -> Markup:
        head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="{escape(self.css_class, quote=True)}" '
                f'viewBox="0 0 {coord(self.width)} {coord(self.height)}" width="{coord(self.width)}" '
                f'height="{coord(self.height)}" role="img" aria-label="{escape(self.title, quote=True)}">'
                f"<title>{escape(self.title)}</title>")
        return Markup(head + "".join(self._parts) + "</svg>")
