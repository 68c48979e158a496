"""The colours behind orgs.Theme. Each theme's primary colour carries white text (banner, nav,
buttons) and is used as text on white (links, headings' rules), so both must reach 4.5:1
(WCAG 2.1 1.4.3); test_sites checks every pair with the WCAG formula below."""

from typing import NamedTuple

from gongkai.orgs.models import Theme


class Palette(NamedTuple):
    primary: str
    dark: str
    tint: str  # background of the banner's lower band and of block headings


PALETTES: dict[str, Palette] = {
    Theme.RED: Palette("#a4161a", "#7a1013", "#fbeaea"),
    Theme.BLUE: Palette("#0b4f8a", "#083a66", "#e8f0f8"),
    Theme.GREEN: Palette("#1b6b3a", "#124d29", "#e8f3ec"),
    Theme.TEAL: Palette("#0e5f66", "#0a454a", "#e6f2f3"),
    Theme.BROWN: Palette("#7a4512", "#5a320c", "#f6eee6"),
}


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_colour: str) -> float:
    """Relative luminance (WCAG 2.1 definition) of an #rrggbb colour."""
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)
