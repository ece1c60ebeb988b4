"""French number and date formats, computed on the server so the browser's locale never
changes them (babel, CLDR data for fr_FR)."""
from __future__ import annotations

import datetime as dt
import decimal as _decimal
import math
import numbers
import re

from babel.dates import format_date
from babel.numbers import (
    format_compact_decimal,
    format_percent,
    get_decimal_symbol,
    get_group_symbol,
    get_minus_sign_symbol,
)

LOCALE = "fr_FR"
MISSING = "—"
# A figure the sources do not give, written where the figure would be: never « 0 », nor « — € ».
NO_DATA = "pas de données"
# CLDR's French symbols (babel): thousands « 1 234 » with a narrow no-break space, « 3,4 ».
_GROUP, _DECIMAL, _MINUS = get_group_symbol(LOCALE), get_decimal_symbol(LOCALE), get_minus_sign_symbol(LOCALE)
_TO_FRENCH = str.maketrans({",": _GROUP, ".": _DECIMAL, "-": _MINUS})


def _missing(value) -> bool:
    if value is None:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return type(value).__name__ == "NAType"  # pandas' NA (nullable integer columns)


def text_or(missing: str):
    """A formatter for a text cell: the text, or `missing` when the source has none (never
    « None » or « nan » on screen)."""
    return lambda value: missing if _missing(value) else str(value)



# integer() and decimal() give babel's format_decimal text (same CLDR symbols, same half-even
# rounding of the decimal value, test_formatting compares them) at a sixth of its cost: a table
# or map of 183 territories formats hundreds of figures at each new view.

def integer(value) -> str:
    if _missing(value):
        return MISSING
    return f"{round(float(value)):,}".translate(_TO_FRENCH)


def yes_no(value) -> str:
    """« oui » / « non » for a true / false cell (never « True »)."""
    return "oui" if value else "non"


def agree(value, singular: str, plural: str | None = None) -> str:
    """The word for that number: singular for 0 and 1 in French, plural from 2 (and when unknown)."""
    if not _missing(value) and abs(float(value)) < 2:  # « 1,6 million » as « 1 site »
        return singular
    return plural or singular + "s"


def count(value, singular: str, plural: str | None = None) -> str:
    """« 1 site », « 0 site », « 12 sites », « — projets » when unknown; never « site(s) »."""
    return f"{integer(value)} {agree(value, singular, plural)}"


def year_scope(year: int | None) -> str:
    """The year filter as the captions say it: « année 2023 », or « toutes années »."""
    return "toutes années" if year is None else f"année {year}"


def short_list(items: list[str], shown: int) -> str:
    """« 07, 26 »; beyond `shown` items, « 31, 32 +2 »: a tile at 1366 px holds about two codes
    (the whole list goes in its help)."""
    head = ", ".join(items[:shown])
    return head if len(items) <= shown else f"{head} +{len(items) - shown}"


def decimal(value, digits: int = 1) -> str:
    if _missing(value):
        return MISSING
    if isinstance(value, _decimal.Decimal):
        number = value
    elif isinstance(value, numbers.Integral):
        number = _decimal.Decimal(int(value))
    else:  # as babel reads it: str() (a float32 2.35 is « 2,4 », not its binary 2.3499…)
        number = _decimal.Decimal(str(value))
    if not number.is_finite():
        return ("-" if number < 0 else "") + "∞"
    rounded = number.quantize(_decimal.Decimal(1).scaleb(-digits), rounding=_decimal.ROUND_HALF_EVEN)
    return f"{rounded:,.{digits}f}".translate(_TO_FRENCH)


def hectares(value, digits: int = 1) -> str:
    """« 12,5 ha ». A surface too small for `digits` (« 0,0 ha ») is given in m² (« 320 m² »): a real
    small site (Cartofriches has thousands under 500 m²), never read as a zero surface."""
    if _missing(value):
        return MISSING
    text = decimal(value, digits)
    if float(value) != 0 and not text.strip("0" + _DECIMAL + _MINUS):  # rounded to zero
        return integer(float(value) * 10_000) + "\u00a0m²"
    return text + "\u00a0ha"


def euros(value, cents: bool = False) -> str:
    """1 234 567 € (cents only when asked: the amounts are exact, display is rounded)."""
    if _missing(value):
        return MISSING
    return (decimal(value, 2) if cents else integer(value)) + "\u00a0€"


def euros_per_inhabitant(value) -> str:
    """« 28,5 € » (one decimal: a few euros per inhabitant are common); the « par habitant » is said
    by the label beside it."""
    if _missing(value):
        return MISSING
    return decimal(value, 1) + "\u00a0€"


def euros_compact(value) -> str:
    """1,2 M€ / 3,4 Md€ / 950 k€ for KPI figures."""
    if _missing(value):
        return MISSING
    amount = float(value)
    for threshold, suffix in ((1e9, "Md€"), (1e6, "M€"), (1e3, "k€")):
        if abs(amount) >= threshold:
            return f"{decimal(amount / threshold, 1)}\u00a0{suffix}"
    return euros(amount)


def number_compact(value) -> str:
    if _missing(value):
        return MISSING
    return format_compact_decimal(float(value), locale=LOCALE, fraction_digits=1)


def percent(share, digits: int = 1) -> str:
    """share = 0.034 → 3,4 %."""
    if _missing(share):
        return MISSING
    pattern = ("#,##0." + "0" * digits if digits else "#,##0") + "\u00a0%"
    return format_percent(float(share), format=pattern, locale=LOCALE)


def date_fr(value, style: str = "long") -> str:
    if _missing(value) or value == "":
        return MISSING
    if isinstance(value, str):
        try:
            if len(value) == 7:  # a month only
                return format_date(dt.date.fromisoformat(value + "-01"), format="MMMM y", locale=LOCALE)
            value = dt.date.fromisoformat(value)
        except ValueError:  # a year or a period ("2020-2021"): shown as the source gives it
            return value
    return format_date(value, format=style, locale=LOCALE)



def months_fr(text: str) -> str:
    """Every ISO date or month in a text in French: « 2020-10, 2023-08 » → « octobre 2020, août 2023 »,
    « export du 2024-07-31 » → « export du 31 juillet 2024 »."""
    return re.sub(r"\b\d{4}-\d{2}(?:-\d{2})?\b", lambda m: date_fr(m.group(0)), str(text))


# What a French reader types for an amount: « 1 000 000 », « 1,5 M€ », « 1,5 ME », « 250 k », « 2 milliards ».
_UNITS = {None: 1, "k": 1e3, "mille": 1e3, "m": 1e6, "million": 1e6, "millions": 1e6,
          "md": 1e9, "mds": 1e9, "milliard": 1e9, "milliards": 1e9}
_AMOUNT = re.compile(r"(?P<number>[0-9]+(?:[.,][0-9]+)?) ?(?P<unit>" + "|".join(sorted(filter(None, _UNITS), key=len, reverse=True))
                     + r")? ?(?:€|eur|euros?|e)?", re.ASCII)
MAX_AMOUNT = 1e12  # a bound far above any project (the largest Fonds vert project is a few M€)


def parse_euros(text: str | None) -> float | None:
    """An amount typed the French way (« 1 000 000 », « 1,5 M€ », « 250 k »), None when empty.
    Raises ValueError with a short French message when the text is not an amount."""
    if text is None or not text.strip():
        return None
    spaced = " ".join(text.replace("\u00a0", " ").replace("\u202f", " ").split()).lower()
    compact = re.sub(r"[ .](?=[0-9]{3}(?![0-9]))", "", spaced)  # group separators: « 1 000 000 », « 1.000.000 »
    match = _AMOUNT.fullmatch(compact)
    if not match:
        raise ValueError(f"« {text.strip()[:40]} » n'est pas un montant (ex. : 100\u00a0000 ou 1,5\u00a0M€).")
    amount = float(match["number"].replace(",", ".")) * _UNITS[match["unit"]]
    if amount > MAX_AMOUNT:
        raise ValueError(f"Montant trop grand (au plus {euros(MAX_AMOUNT)}).")
    return amount


def amount_text(amount: float | None) -> str:
    """An amount as a box shows it back (« 1 500 000 », « 12,50 »), read again by parse_euros."""
    if amount is None:
        return ""
    return integer(amount) if amount == round(amount) else decimal(amount, 2)
