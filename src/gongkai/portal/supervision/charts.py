"""Chart options for Apache ECharts (vendored under static/portal/vendor/echarts/), built here in
Python so tests can read the figures without a browser. A page passes each `Chart` to the
`portal/supervision/_chart.html` include, which writes an empty, hidden container plus the
option as `json_script` (the content security policy allows no inline script); static
`portal/charts.js` draws it with the SVG renderer. The same figures are always in a table under
the chart: that table is what screen readers, printouts and browsers without script use."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

# Dark enough for 3:1 against white (WCAG 1.4.11), told apart by ECharts' aria decal patterns too.
COLORS = ("#1f5f9e", "#3d7a35", "#9a5d00", "#b23b3b")
ROW_HEIGHT = 28  # px per unit in a horizontal bar chart: one line of label, room for a stack
LABEL_WIDTH = 96  # px for a unit's name on the y axis; longer names are cut with "…" (the table has them whole)


@dataclass(frozen=True)
class Chart:
    """One chart on a page: `key` makes its DOM ids, `label` is the accessible name."""

    key: str
    label: str
    option: dict[str, Any]
    height: int

    @property
    def dom_id(self) -> str:
        return f"chart-{self.key}"

    @property
    def data_id(self) -> str:
        return f"chart-{self.key}-data"

    @property
    def payload(self) -> dict[str, Any]:
        """What `json_script` hands to charts.js."""
        return {"height": self.height, "option": self.option}

    @property
    def series_values(self) -> list[list[float]]:
        """The plotted numbers, series by series (what a test compares with the table)."""
        return [[d["value"] if isinstance(d, dict) else d for d in s["data"]] for s in self.option["series"]]


def _number(value: Decimal | int) -> float | int:
    # JSON has no decimals; Django's encoder would write a Decimal as a string.
    return value if isinstance(value, int) else float(value)


def _labelled(value: Decimal | int, unit: str) -> dict[str, Any]:
    """A data item whose label is written as the table writes the figure: JSON turns
    Decimal("50.0") into 50, which ECharts' own "{c}" would print as "50" beside "50.0%"."""
    return {"value": _number(value), "label": {"formatter": f"{value}{unit}"}}


def _base(label: str, description: str, colors: Sequence[str]) -> dict[str, Any]:
    return {
        # Motion adds nothing to a report and bothers people who asked for reduced motion.
        "animation": False,
        "color": list(colors),
        "textStyle": {"fontSize": 12, "color": "#1a1a1a"},
        "aria": {"enabled": True, "label": {"enabled": True, "description": f"{label}。{description}"}},
        "tooltip": {"trigger": "axis", "axisPointer": {"type": "shadow"}},
    }


def bar_chart(
    key: str,
    label: str,
    rows: Sequence[tuple[str, Sequence[Decimal | int]]],
    *,
    series: Sequence[str],
    maximum: Decimal | int | None = None,
    unit: str = "",
    description: str = "各项数据见下方表格。",
) -> Chart:
    """Horizontal bars, one row per unit, top to bottom in the given order; with more than one
    series they are stacked (e.g. tasks by state), with one their value (and `unit`) is written
    after each bar. `maximum` fixes the value axis (100 for rates)."""
    option = _base(label, description, COLORS)
    value_axis: dict[str, Any] = {"type": "value", "min": 0}
    if all(isinstance(v, int) for _, values in rows for v in values):
        value_axis["minInterval"] = 1  # counts: no 0.5 of a task on the axis
    if maximum is not None:
        value_axis["max"] = _number(maximum)
    option.update(
        {
            "grid": {"left": 8, "right": 48, "top": 36 if len(series) > 1 else 12, "bottom": 8},
            "xAxis": value_axis,
            "yAxis": {
                "type": "category",
                "inverse": True,  # the first row (the office itself, or rank 1) at the top, as in the table
                "data": [name for name, _ in rows],
                "axisLabel": {"width": LABEL_WIDTH, "overflow": "truncate", "interval": 0},
            },
            "series": [
                {
                    "name": name,
                    "type": "bar",
                    **(
                        {"stack": "total", "data": [_number(values[j]) for _, values in rows]}
                        if len(series) > 1
                        else {
                            "label": {"show": True, "position": "right"},
                            "data": [_labelled(values[j], unit) for _, values in rows],
                        }
                    ),
                    "barMaxWidth": 18,
                }
                for j, name in enumerate(series)
            ],
        }
    )
    if len(series) > 1:
        option["legend"] = {"top": 0, "left": 0, "data": list(series)}
    return Chart(key, label, option, height=ROW_HEIGHT * len(rows) + (84 if len(series) > 1 else 60))


def column_chart(
    key: str,
    label: str,
    columns: Sequence[tuple[str, int]],
    *,
    series: str = "数量",
    description: str = "各项数据见下方表格。",
) -> Chart:
    """Vertical columns in order (e.g. items per month), the value shown above each."""
    option = _base(label, description, COLORS[:1])
    option.update(
        {
            "grid": {"left": 8, "right": 8, "top": 24, "bottom": 8},
            "xAxis": {"type": "category", "data": [name for name, _ in columns], "axisLabel": {"interval": 0}},
            "yAxis": {"type": "value", "min": 0, "minInterval": 1},
            "series": [
                {
                    "name": series,
                    "type": "bar",
                    "barMaxWidth": 36,
                    "label": {"show": True, "position": "top"},
                    "data": [_number(value) for _, value in columns],
                }
            ],
        }
    )
    return Chart(key, label, option, height=260)
