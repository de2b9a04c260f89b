"""The tie card: a picture of one tie (clubs, legs, aggregate, a quote, the source) that fans can share.

Plain Python and Pillow, no Discord: `content` takes every string from the knowledge, `draw`
places them on a 1200×630 PNG, `cache` keeps one per tie, knowledge version and language, and
`answers` says which cards go with an answer (the overviews).
"""

from bot.core.cards.answers import CARD_REASONS, MAX_CARDS, card_filename, card_ties
from bot.core.cards.cache import CardCache
from bot.core.cards.content import CardContent, CardQuote, Club, LegLines, card_content
from bot.core.cards.draw import HEIGHT, WIDTH, DrawnText, RenderedCard, render_card

__all__ = [
    "CARD_REASONS",
    "HEIGHT",
    "MAX_CARDS",
    "WIDTH",
    "CardCache",
    "CardContent",
    "CardQuote",
    "Club",
    "DrawnText",
    "LegLines",
    "RenderedCard",
    "card_content",
    "card_filename",
    "card_ties",
    "render_card",
]
