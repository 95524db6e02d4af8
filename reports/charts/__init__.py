"""Inline SVG charts for reports: no scripts, no fonts or images fetched, deterministic markup (coordinates
rounded to 0.1) so the same data gives byte-identical output. `svg.Svg` is the one drawing primitive."""
