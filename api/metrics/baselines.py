"""Population baselines: how many residents of an area have each offered language as their main
language (ONS Census 2021, table TS024 "Main language (detailed)").

An admin uploads the table for an area as ONS publishes it (docs/metrics.md, "Baselines"): a CSV
from ons.gov.uk "Create a custom dataset" with five columns, in this order:

    <area> Code, <area>, Main language (detailed) (95 categories) Code,
    Main language (detailed) (95 categories), Observation

one row per area and language category. Categories are matched to offered languages by name;
category code -8 ("Does not apply": under 3) is left out; a category whose rows are broken down
further ("Other European language (EU)" when "Other European language (EU): Polish" is there too)
is a subtotal and left out; everything else counts towards the area's total.

Without an upload, the built-in default is England and Wales as published in ONS, "Language,
England and Wales: Census 2021" (statistical bulletin, 29 November 2022,
https://www.ons.gov.uk/peoplepopulationandcommunity/culturalidentity/language/bulletins/languageenglandandwales/census2021)
and its dataset TS024 for K04000001 (usual residents aged 3 years and over). Panjabi and Urdu are
the bulletin's rounded figures; languages without a figure here have no built-in baseline and
show "no baseline" until an area's table is uploaded.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from api.models.metrics import PopulationBaseline

TOTAL, OTHER = "total", "other"
DEFAULT_AREA = "K04000001"
DEFAULT_NAME = "England and Wales"
DEFAULT_SOURCE = "ONS Census 2021, TS024 Main language (detailed); bulletin 29 Nov 2022"
DEFAULT: dict[str, int] = {
    TOTAL: 57_704_270,  # usual residents aged 3 years and over
    "en": 52_569_816,  # English (English or Welsh in Wales)
    "cy": 7_349,  # Welsh or Cymraeg (in England only); Welsh in Wales is counted with English
    "pl": 611_845,  # bulletin: 1.1 %, 612,000
    "ro": 471_954,  # bulletin: 0.8 %, 472,000
    "pa": 291_000,  # bulletin: 0.5 %, 291,000 (rounded)
    "ur": 270_000,  # bulletin: 0.5 %, 270,000 (rounded)
    "pt": 224_719,
    "es": 215_062,
}
# The first word of a TS024 category's last part (after ": ") -> our language code.
CATEGORY_WORDS = {
    "english": "en", "welsh": "cy", "polish": "pl", "romanian": "ro", "portuguese": "pt",
    "spanish": "es", "turkish": "tr", "arabic": "ar", "kurdish": "ckb", "persian": "fa",
    "farsi": "fa", "urdu": "ur", "panjabi": "pa", "punjabi": "pa", "gujarati": "gu",
    "tamil": "ta", "bengali": "bn", "somali": "so", "tigrinya": "ti", "ukrainian": "uk",
    "mandarin": "zh", "cantonese": "zh",
}  # fmt: skip
MAX_ROWS = 100_000
NOT_APPLICABLE = "-8"


class BaselineError(ValueError):
    """An uploaded table isn't in the documented layout."""


@dataclass(frozen=True)
class Baseline:
    """One area's residents by language (offered codes, "other" and "total")."""

    area_code: str
    area_name: str
    source: str
    residents: dict[str, int]

    def share(self, language: str) -> float | None:
        """The language's share of the area's residents, if known."""
        count, total = self.residents.get(language), self.residents.get(TOTAL, 0)
        return count / total if count is not None and total > 0 else None


def default_baseline() -> Baseline:
    """England and Wales, built in."""
    return Baseline(DEFAULT_AREA, DEFAULT_NAME, DEFAULT_SOURCE, dict(DEFAULT))


def language_of(category: str) -> str:
    """Our language code for a TS024 category label, or "other"."""
    last = category.rsplit(":", 1)[-1].strip().lower()
    if "chinese" in last:
        return "zh"
    first = last.split(" ", 1)[0] if last else ""
    return CATEGORY_WORDS.get(first, OTHER)


def _rows(text: str) -> list[list[str]]:
    """The CSV's data rows, checked against the documented header."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    if not rows or len(rows[0]) != 5 or rows[0][4].strip().lower() != "observation":
        raise BaselineError(
            "Expected the ONS TS024 layout: area code, area name, category code, category, "
            "Observation."
        )
    if len(rows) > MAX_ROWS:
        raise BaselineError(f"At most {MAX_ROWS} rows.")
    return [row for row in rows[1:] if any(cell.strip() for cell in row)]


def _count(row: list[str], line: int) -> int:
    """A row's observation as a non-negative whole number."""
    if len(row) != 5:
        raise BaselineError(f"Row {line}: expected 5 columns, found {len(row)}.")
    text = row[4].strip().replace(",", "")
    if not text.isdigit():
        raise BaselineError(f"Row {line}: the observation must be a whole number.")
    return int(text)


def parse(text: str, source: str) -> list[Baseline]:
    """Every area in an uploaded TS024 table."""
    rows = _rows(text)
    labels = {row[3].strip() for row in rows if len(row) == 5}
    subtotals = {label for label in labels if any(o.startswith(label + ":") for o in labels)}
    areas: dict[str, Baseline] = {}
    for line, row in enumerate(rows, start=2):
        count = _count(row, line)
        code, name, category_code, category = (cell.strip() for cell in row[:4])
        if not code or len(code) > 16:
            raise BaselineError(f"Row {line}: the area code must be 1 to 16 characters.")
        area = areas.setdefault(code, Baseline(code, name[:200], source[:200], {TOTAL: 0}))
        if category_code == NOT_APPLICABLE or category in subtotals:
            continue
        if category.lower().startswith("total"):
            continue  # we add up the categories ourselves
        language = language_of(category)
        area.residents[language] = area.residents.get(language, 0) + count
        area.residents[TOTAL] += count
    if not areas:
        raise BaselineError("The table has no rows.")
    return list(areas.values())


def store(session: Session, baselines: list[Baseline], uploaded_by: str) -> None:
    """Replace each uploaded area's baseline."""
    for baseline in baselines:
        session.execute(
            delete(PopulationBaseline).where(PopulationBaseline.area_code == baseline.area_code)
        )
        for language, residents in sorted(baseline.residents.items()):
            session.add(
                PopulationBaseline(
                    area_code=baseline.area_code, area_name=baseline.area_name,
                    language=language, residents=residents, source=baseline.source,
                    uploaded_by=uploaded_by,
                )
            )  # fmt: skip
    session.flush()


def areas(session: Session) -> dict[str, str]:
    """Uploaded areas (code -> name), and the built-in default."""
    found = dict(
        session.execute(select(PopulationBaseline.area_code, PopulationBaseline.area_name))
        .tuples()
        .all()
    )
    return {DEFAULT_AREA: DEFAULT_NAME, **found}


def load(session: Session, area_code: str | None) -> Baseline:
    """An area's uploaded baseline; the built-in England and Wales figures otherwise."""
    rows = session.scalars(
        select(PopulationBaseline).where(
            PopulationBaseline.area_code == (area_code or DEFAULT_AREA)
        )
    ).all()
    if not rows:
        return default_baseline()
    residents = {row.language: row.residents for row in rows}
    return Baseline(rows[0].area_code, rows[0].area_name, rows[0].source, residents)
