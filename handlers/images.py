"""Pictures the bot sends: a QR code of a deep link for posters, a poll's results as a bar chart (PNG bytes)."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Sequence

import qrcode
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

BAR_COLOUR = "#c62828"


def qr_png(data: str) -> bytes:
    """A QR code of `data`, large enough to print on an A4 poster."""
    image = qrcode.make(data, box_size=12, border=4)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def bar_chart_png(title: str, labels: Sequence[str], counts: Sequence[int], total: int) -> bytes:
    """Horizontal bars, one per option in order, each marked `count (percent)`; drawn off-screen (Agg)."""
    height = 1.4 + 0.5 * len(labels) + 0.25 * len(textwrap.wrap(title, 70))
    figure = Figure(figsize=(8, height), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = range(len(labels))
    axes.barh(positions, counts, color=BAR_COLOUR)
    axes.set_yticks(positions, [textwrap.shorten(label, 40, placeholder="…") for label in labels])
    axes.invert_yaxis()
    axes.set_xlim(0, max(max(counts, default=0), 1) * 1.25)
    axes.xaxis.set_visible(False)
    for side in ("top", "right", "bottom"):
        axes.spines[side].set_visible(False)
    for position, count in zip(positions, counts, strict=True):
        share = round(100 * count / total) if total else 0
        axes.annotate(f" {count} ({share}%)", (count, position), va="center")
    figure.suptitle("\n".join(textwrap.wrap(title, 70)), x=0.02, ha="left", fontsize=12)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="PNG")
    return buffer.getvalue()
