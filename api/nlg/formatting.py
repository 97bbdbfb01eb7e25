"""Dates, times, numbers and plurals in the person's locale (Babel); readable right-to-left SMS."""

from __future__ import annotations

import re
from datetime import date, datetime

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal

from api.core.local_time import UK_ZONE

# English means British English here (24 November, not November 24); Portuguese is European
# Portuguese (polaco, not the Brazilian polonês).
LOCALE_OF = {"en": "en_GB", "pt": "pt_PT"}
# Easy Read uses 12-hour times ("2:30 pm", not "14:30"); others their locale's short time.
TIME_PATTERN = {"en@easyread": "h:mm a"}
FSI, PDI = "\u2068", "\u2069"  # first-strong isolate, pop directional isolate
LRM = "\u200e"  # left-to-right mark: a strong L that shows nothing (Unicode 1.1, every handset)
RTL_LETTER = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Digits or Latin letters joined by . : / + - or spaces (14:30, NHS 111); no trailing full stop.
LTR_RUN = re.compile(r"[0-9A-Za-z](?:[0-9A-Za-z]|[.:/+\-\s](?=[0-9A-Za-z]))*")


def babel_locale(language: str) -> Locale:
    """The Babel locale of a conversation language ('en@easyread' is British English)."""
    base = language.split("@", 1)[0]
    try:
        return Locale.parse(LOCALE_OF.get(base, base))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en_GB")


def format_when(moment: datetime, language: str) -> str:
    """A date and time for a booking, in UK time, e.g. 'Tuesday, 24 November 2026 at 14:30'."""
    locale = babel_locale(language)
    local = moment.astimezone(UK_ZONE) if moment.tzinfo else moment.replace(tzinfo=UK_ZONE)
    pattern = str(get_datetime_format("long", locale=locale)).replace("'", "")
    return pattern.replace("{0}", format_clock(local, language)).replace(
        "{1}", format_date(local, "full", locale=locale)
    )


def format_clock(moment: datetime, language: str) -> str:
    """A time of day as the person reads it: the locale's short time, 12-hour in Easy Read.

    Newer CLDR puts a narrow no-break space before "pm"; a plain space keeps an SMS in GSM-7."""
    pattern = TIME_PATTERN.get(language, "short")
    return format_time(moment, pattern, locale=babel_locale(language)).replace("\u202f", " ")


def format_day(day: date, language: str) -> str:
    """A day in full in the person's locale, e.g. 'Tuesday, 24 November 2026'."""
    return format_date(day, "full", locale=babel_locale(language))


def format_count(count: int, language: str) -> str:
    """A whole number with the locale's digits grouping."""
    return format_decimal(count, locale=babel_locale(language))


def plural_category(count: int, language: str) -> str:
    """CLDR plural category of a count: one, two, few, many, zero or other."""
    return str(babel_locale(language).plural_form(count))


ARABIC_SCRIPT = re.compile(r"[\u0600-\u06ff\u0750-\u077f]")
# A comma that ends an Arabic-script word or a number (not a Latin word: "Smith, John" stays).
ASCII_COMMA = re.compile(r"(?<![A-Za-z]),(?=\s)")


def script_commas(text: str) -> str:
    """Arabic-script lines with the script's own comma (،) where dates or code put ASCII ones
    (CLDR's Sorani date is "24, سێشەممە"; a comma in RTL text also reads as the wrong mark)."""
    return "\n".join(
        ASCII_COMMA.sub("،", line) if ARABIC_SCRIPT.search(line) else line
        for line in text.split("\n")
    )


def isolate_ltr_runs(text: str) -> str:
    """Wrap digits and Latin words inside right-to-left text in Unicode isolates (FSI … PDI).

    Without them a phone shows e.g. an Arabic sentence ending "NHS 111." with the number and
    the full stop jumbled; isolated runs keep their own order and don't reorder their neighbours.
    """
    return LTR_RUN.sub(lambda match: f"{FSI}{match.group(0)}{PDI}", text)


def rtl_lines(text: str) -> str:
    """A right-to-left message laid out line by line, as the Unicode bidi algorithm does.

    A line with no right-to-left letter (English sent in place of an unchecked translation) is
    one left-to-right run: LRM at both ends makes its edge punctuation L too, so a phone set to
    right-to-left keeps its words in order. Isolating each Latin word instead leaves the spaces
    and commas between the isolates neutral, and they take the right-to-left direction: the words
    come out backwards. Lines with right-to-left letters keep their digits and Latin words
    isolated (isolate_ltr_runs).
    """
    return "\n".join(
        isolate_ltr_runs(line) if RTL_LETTER.search(line) or not line.strip() else LRM + line + LRM
        for line in text.split("\n")
    )
