"""Drawing a tie card with Pillow: 1200×630 (the size link previews use), legible at phone size.

The card has its own opaque dark background, so it reads the same on Discord's dark and light
themes; body text is near-white or light grey on it (contrast above 7:1), and the smallest text
is 20 px, about 6 px on a phone showing the card 360 px wide, with the clubs, scores and quote
two to three times that. Every string comes from `CardContent` (so from the knowledge); this
module only places them. Each string is drawn into its own box, and the boxes are recorded
(`RenderedCard.texts`), so a test can check that the data's words were drawn where they belong.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFont

from bot.core.cards.content import CardContent, CardQuote, Club, LegLines
from bot.core.cards.typefaces import font

__all__ = ["HEIGHT", "WIDTH", "DrawnText", "RenderedCard", "render_card"]

log = logging.getLogger(__name__)

WIDTH, HEIGHT = 1200, 630
"""The Open Graph size link previews use: Discord shows it whole, scaled to the chat's width."""
BACKGROUND = (24, 26, 32)
TEXT = (242, 243, 245)
MUTED = (181, 186, 193)
ACCENT = (240, 178, 50)
"""The "not yet played" line: amber, so a leg still to come stands out from the results."""
RULE = (64, 68, 76)
MARGIN = 56
COLUMN = 620
"""The right edge of the legs' column."""
QUOTE_X = 690
"""The left edge of the quote's column."""
LABEL_SIZE = 24
BAND = 12
LINE = 1.25
"""Line height as a multiple of the font size."""
ANCHOR = "ls"
"""Every line is placed by its left end on its baseline."""


@dataclass(frozen=True, slots=True)
class DrawnText:
    """One string as drawn: where (its lines' baselines and the box around the ink) and how."""

    role: str
    """What it is: "home", "first_leg.teams", "quote", "source"..."""
    text: str
    lines: tuple[str, ...]
    """The text as wrapped: joined by spaces it is `text` again."""
    origins: tuple[tuple[int, int], ...]
    """Each line's left end on its baseline (anchor "ls")."""
    box: tuple[int, int, int, int]
    """The ink's bounding box, left, top, right, bottom."""
    bold: bool
    size: int
    fill: tuple[int, int, int]


@dataclass(frozen=True, slots=True)
class RenderedCard:
    """The PNG of one card and what was drawn where."""

    tie: str
    png: bytes
    texts: tuple[DrawnText, ...]
    quote_fact: str | None
    """The fact whose quote (or key fact) the card shows, if any fitted."""

    def text(self, role: str) -> DrawnText:
        """The string drawn in one role.

        Raises:
            KeyError: nothing was drawn in that role.
        """
        for drawn in self.texts:
            if drawn.role == role:
                return drawn
        raise KeyError(role)


def _wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """Greedy word wrap; a word wider than `width` gets a line of its own (and then does not fit)."""
    lines: list[str] = []
    current = ""
    for word in text.split():
        candidate = f"{current} {word}" if current else word
        if current and face.getlength(candidate) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def _fit(text: str, *, bold: bool, sizes: Sequence[int], width: int, max_lines: int,
         height: int | None = None) -> tuple[int, list[str]] | None:
    """The largest size (of `sizes`, largest first) at which `text` wraps into the lines and height allowed."""
    for size in sizes:
        face = font(bold, size)
        lines = _wrap(text, face, width)
        if len(lines) > max_lines or any(face.getlength(line) > width for line in lines):
            continue
        if height is not None and _block(size, len(lines)) > height:
            continue
        return size, lines
    return None


def _block(size: int, lines: int) -> int:
    return round(size * LINE * lines)


def _clip(text: str, face: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Wrapped into `max_lines`, the last one ending in "…" when the text is longer (a last resort)."""
    lines = _wrap(text, face, width)
    if len(lines) <= max_lines:
        return lines
    kept = lines[:max_lines]
    last = kept[-1]
    while last and face.getlength(last + " …") > width:
        last = last.rsplit(" ", 1)[0] if " " in last else last[:-1]
    kept[-1] = last + " …"
    return kept


class _Painter:
    """Draws strings and records each one's box."""

    def __init__(self) -> None:
        self.image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        self.draw = ImageDraw.Draw(self.image)
        self.texts: list[DrawnText] = []

    def lines(self, role: str, text: str, lines: Sequence[str], x: int, baseline: int, *,
              bold: bool, size: int, fill: tuple[int, int, int]) -> int:
        """Draw `lines` from `baseline` down; returns the last line's baseline."""
        face = font(bold, size)
        origins: list[tuple[int, int]] = []
        box = [WIDTH, HEIGHT, 0, 0]
        y = baseline
        for index, line in enumerate(lines):
            if index:
                y += round(size * LINE)
            self.draw.text((x, y), line, font=face, fill=fill, anchor=ANCHOR)
            left, top, right, bottom = self.draw.textbbox((x, y), line, font=face, anchor=ANCHOR)
            box = [min(box[0], int(left)), min(box[1], int(top)), max(box[2], int(right)), max(box[3], int(bottom))]
            origins.append((x, y))
        self.texts.append(DrawnText(role, text, tuple(lines), tuple(origins), (box[0], box[1], box[2], box[3]),
                                    bold, size, fill))
        return y

    def one_line(self, role: str, text: str, x: int, baseline: int, *, bold: bool, sizes: Sequence[int],
                 width: int, fill: tuple[int, int, int]) -> int:
        """A string on one line at the largest size that fits `width` (clipped with "…" at the smallest)."""
        fitted = _fit(text, bold=bold, sizes=sizes, width=width, max_lines=1)
        size, lines = fitted if fitted else (sizes[-1], _clip(text, font(bold, sizes[-1]), width, 1))
        return self.lines(role, text, lines, x, baseline, bold=bold, size=size, fill=fill)

    def rule(self, y: int) -> None:
        self.draw.line([(MARGIN, y), (WIDTH - MARGIN, y)], fill=RULE, width=2)

    def stripes(self, box: tuple[int, int, int, int], colours: Sequence[str], *, outline: bool = False) -> None:
        """A box filled with the club's colours side by side, main colour widest."""
        left, top, right, bottom = box
        weights = [2] + [1] * (len(colours) - 1)
        total = sum(weights)
        x = left
        for colour, weight in zip(colours, weights, strict=True):
            end = right if colour is colours[-1] else x + (right - left) * weight // total
            self.draw.rectangle([x, top, end, bottom], fill=colour)
            x = end
        if outline:
            self.draw.rectangle(box, outline=MUTED, width=2)


def render_card(content: CardContent) -> RenderedCard:
    """Draw one tie's card and encode it as PNG.

    Top: the clubs' colours, the competition, round and season, the clubs. Left column: the legs
    and the aggregate. Right column: the quote and who said it. Foot: the source.
    """
    p = _Painter()
    p.stripes((0, 0, WIDTH // 2, BAND), content.home.colours)
    p.stripes((WIDTH // 2, 0, WIDTH, BAND), content.away.colours)
    inner = WIDTH - 2 * MARGIN

    p.one_line("heading", content.heading, MARGIN, 62, bold=False, sizes=range(28, 19, -1), width=inner,
               fill=MUTED)
    _clubs(p, content.home, content.versus, content.away, baseline=134, width=inner)
    p.rule(160)

    y = 200
    for name, leg in zip(("first_leg", "second_leg"), content.legs, strict=True):
        y = _leg(p, name, leg, y) + 50
    p.lines("aggregate.label", content.aggregate_label, [content.aggregate_label], MARGIN, y,
            bold=False, size=LABEL_SIZE, fill=MUTED)
    y = p.one_line("aggregate", content.aggregate, MARGIN, y + 38, bold=True, sizes=range(30, 19, -1),
                   width=COLUMN - MARGIN, fill=TEXT)

    source_top = _source(p, content.source, width=inner)
    p.rule(max(y + 22, source_top - 18))
    p.draw.line([(QUOTE_X - 34, 184), (QUOTE_X - 34, y)], fill=RULE, width=2)
    quote_fact = _quote(p, content.quotes, top=186, bottom=y, width=WIDTH - MARGIN - QUOTE_X)
    buffer = io.BytesIO()
    p.image.save(buffer, "PNG", compress_level=6)
    return RenderedCard(content.tie, buffer.getvalue(), tuple(p.texts), quote_fact)


def _clubs(p: _Painter, home: Club, versus: str, away: Club, *, baseline: int, width: int) -> None:
    """The two clubs, each beside a chip of its colours: "▮ Liverpool v Atlético Madrid ▮", as large as fits."""
    size = 36
    for candidate in range(64, 35, -2):
        face = font(True, candidate)
        chip, gap = round(candidate * 0.75), round(candidate * 0.4)
        total = 2 * (chip + gap) + sum(face.getlength(t) for t in (home.name, away.name)) \
            + font(False, candidate).getlength(f" {versus} ")
        if total <= width:
            size = candidate
            break
    chip, gap = round(size * 0.75), round(size * 0.4)
    cap = round(size * 0.73)  # DejaVu's capital height: the chips stand as tall as the capitals
    x = MARGIN
    p.stripes((x, baseline - cap, x + chip, baseline), home.colours, outline=True)
    x += chip + gap
    p.lines("home", home.name, [home.name], x, baseline, bold=True, size=size, fill=TEXT)
    x += round(font(True, size).getlength(home.name) + font(False, size).getlength(" "))
    p.lines("versus", versus, [versus], x, baseline, bold=False, size=size, fill=MUTED)
    x += round(font(False, size).getlength(f"{versus} "))
    p.lines("away", away.name, [away.name], x, baseline, bold=True, size=size, fill=TEXT)
    x += round(font(True, size).getlength(away.name)) + gap
    p.stripes((x, baseline - cap, x + chip, baseline), away.colours, outline=True)


def _leg(p: _Painter, name: str, leg: LegLines, baseline: int) -> int:
    """A leg: its label, teams (and score), venue and date, and whether it was played; returns the last baseline."""
    width = COLUMN - MARGIN
    p.lines(f"{name}.label", leg.label, [leg.label], MARGIN, baseline, bold=False, size=LABEL_SIZE, fill=MUTED)
    y = p.one_line(f"{name}.teams", leg.teams, MARGIN, baseline + 38, bold=True, sizes=range(32, 21, -1),
                   width=width, fill=TEXT)
    y = p.one_line(f"{name}.where", leg.where, MARGIN, y + 34, bold=False, sizes=range(24, 17, -1),
                   width=width, fill=MUTED)
    if leg.status:
        y = p.one_line(f"{name}.status", leg.status, MARGIN, y + 32, bold=False, sizes=range(24, 17, -1),
                       width=width, fill=ACCENT)
    return y


def _source(p: _Painter, source: str, *, width: int) -> int:
    """The source line at the foot (two lines at most); returns the top of its first line."""
    if not source:
        return HEIGHT - 24
    fitted = (_fit(source, bold=False, sizes=range(22, 19, -1), width=width, max_lines=1)
              or _fit(source, bold=False, sizes=range(22, 17, -1), width=width, max_lines=2))
    size, lines = fitted if fitted else (18, _clip(source, font(False, 18), width, 2))
    last = HEIGHT - 26
    first = last - round(size * LINE) * (len(lines) - 1)
    p.lines("source", source, lines, MARGIN, first, bold=False, size=size, fill=MUTED)
    return first - size


def _quote(p: _Painter, quotes: Sequence[CardQuote], *, top: int, bottom: int, width: int) -> str | None:
    """The first candidate that fits between `top` and `bottom`, with who said it; returns its fact id."""
    by_size, by_gap = 24, 18
    for quote in quotes:
        by = _fit(quote.by, bold=False, sizes=range(by_size, 17, -1), width=width, max_lines=2)
        if by is None:
            continue
        by_height = by_gap + _block(by[0], len(by[1]))
        fitted = _fit(quote.text, bold=False, sizes=range(40, 21, -1), width=width, max_lines=9,
                      height=bottom - top - by_height)
        if fitted is None:
            continue
        size, lines = fitted
        last = p.lines("quote", quote.text, lines, QUOTE_X, top + round(size * 0.95), bold=False, size=size,
                       fill=TEXT)
        p.lines("quote.by", quote.by, by[1], QUOTE_X, last + by_gap + round(by[0] * 1.2), bold=False,
                size=by[0], fill=MUTED)
        return quote.fact
    log.debug("no quote of %d fits the card", len(quotes))
    return None
