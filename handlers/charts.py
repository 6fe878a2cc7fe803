"""The summary chart: new submissions per week, stacked by topic above and by status below, as a PNG.

Drawn with matplotlib's object API on the Agg canvas (no pyplot, no display, safe in a worker thread),
tall and narrow for a phone screen.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.axes import Axes

TOPIC_SERIES = 5  # the largest topics get a colour each; the rest are one "other" series
TOPIC_COLOURS = ("#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b")
OTHER_COLOUR = "#bdbdbd"
STATUS_COLOURS = ("#2e7d32", "#1e88e5", "#d32f2f", "#9e9e9e")  # answered, open, overdue, closed
DPI = 120


@dataclass(frozen=True)
class ChartData:
    labels: list[str]  # one per bar: the first day of its week (or step)
    by_topic: dict[str, list[int]]  # the largest topics (at most TOPIC_SERIES), then all others as one
    by_status: dict[str, list[int]]  # answered, open, overdue, closed
    topic_title: str
    status_title: str
    axis: str


Series = list[tuple[str, str, list[int]]]  # (name, colour, one value per bar)


def _stack(axes: Axes, labels: list[str], series: Series, title: str, axis: str) -> None:
    """Stacked bars of the series that have any, a legend under them, whole numbers on the axis."""
    bottom = [0] * len(labels)
    positions = list(range(len(labels)))
    for name, colour, values in series:
        if not any(values):
            continue
        axes.bar(positions, values, bottom=bottom, color=colour, label=name, width=0.7)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(title, loc="left", fontsize=13, fontweight="bold")
    axes.set_xticks(positions, labels, fontsize=9)
    axes.set_ylabel(axis, fontsize=10)
    from matplotlib.ticker import MaxNLocator

    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    axes.spines[["top", "right"]].set_visible(False)
    axes.grid(axis="y", alpha=0.3)
    axes.set_axisbelow(True)
    if any(any(values) for _, _, values in series):
        axes.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=2, frameon=False, fontsize=10)


def render(data: ChartData) -> bytes:
    """The two panels as PNG bytes."""
    topic_colours = [*TOPIC_COLOURS[: len(data.by_topic) - 1], OTHER_COLOUR]
    topics = [(name, colour, values) for (name, values), colour in zip(data.by_topic.items(), topic_colours, strict=True)]
    statuses = [(name, colour, values) for (name, values), colour in zip(data.by_status.items(), STATUS_COLOURS, strict=True)]
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # loaded where the chart is drawn (a child process)
    from matplotlib.figure import Figure

    figure = Figure(figsize=(6.4, 9.6), dpi=DPI, layout="constrained")
    FigureCanvasAgg(figure)
    top, bottom = figure.subplots(2, 1)
    _stack(top, data.labels, topics, data.topic_title, data.axis)
    _stack(bottom, data.labels, statuses, data.status_title, data.axis)
    out = io.BytesIO()
    figure.savefig(out, format="png")
    return out.getvalue()
