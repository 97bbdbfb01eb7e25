"""The same tables as FHIR R4 MeasureReport (summary): one group per table, one stratum per row.

Counts are `population` entries (a withheld one has no count and the data-absent-reason
"masked"); a ratio is the stratum's `measureScore`; other numbers and names (shares, interval
bounds, times, "most stop at") are extensions, so nothing on the page is missing here.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

from api.metrics.filters import Filters
from api.metrics.tables import Entry, Table

BASE = "https://fhir.frontdoor.example"
MEASURE = f"{BASE}/Measure/equity-measures"
TABLES = f"{BASE}/CodeSystem/measure-table"
COLUMNS = f"{BASE}/CodeSystem/measure-column"
VALUE = f"{BASE}/StructureDefinition/measure-value"
ONS_AREAS = "https://www.ons.gov.uk/geography"  # GSS area codes
ABSENT = "http://hl7.org/fhir/StructureDefinition/data-absent-reason"


def slug(text: str) -> str:
    """A column name as a code: lower case, words joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "value"


def _population(column: str, entry: Entry) -> dict[str, Any]:
    """A count, or its absence when withheld."""
    item: dict[str, Any] = {"code": {"coding": [{"system": COLUMNS, "code": slug(column)}],
                                     "text": column}}  # fmt: skip
    if entry.withheld:
        item["extension"] = [{"url": ABSENT, "valueCode": "masked"}]
    else:
        item["count"] = int(entry.number or 0)
    return item


def _value(column: str, entry: Entry) -> dict[str, Any]:
    """A share, bound, time or name as an extension."""
    inner: list[dict[str, Any]] = [{"url": "name", "valueString": column}]
    if entry.withheld:
        inner.append({"url": ABSENT, "valueCode": "masked"})
    elif entry.number is not None:
        inner.append({"url": "value", "valueDecimal": entry.number})
    else:
        inner.append({"url": "value", "valueString": entry.text})
    return {"url": VALUE, "extension": inner}


def _stratum(table: Table, label: str, entries: list[Entry]) -> dict[str, Any]:
    """One row."""
    stratum: dict[str, Any] = {"value": {"text": label}, "population": [], "extension": []}
    for column, entry in zip(table.columns, entries, strict=True):
        if entry.counted:
            stratum["population"].append(_population(column, entry))
        elif entry.text not in ("—", ""):
            stratum["extension"].append(_value(column, entry))
        if column == "Ratio" and entry.number is not None:
            stratum["measureScore"] = {"value": entry.number, "unit": "ratio"}
    return {key: value for key, value in stratum.items() if value != []}


def _group(table: Table) -> dict[str, Any]:
    """One table."""
    return {
        "code": {"coding": [{"system": TABLES, "code": table.key}], "text": table.title},
        "stratifier": [
            {
                "code": [{"text": table.row_header}],
                "stratum": [_stratum(table, label, entries) for label, entries in table.rows],
            }
        ],
    }


def measure_report(tables: list[Table], filters: Filters) -> dict[str, Any]:
    """A summary MeasureReport of the tables for the filters."""
    report: dict[str, Any] = {
        "resourceType": "MeasureReport",
        "status": "complete",
        "type": "summary",
        "measure": MEASURE,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "period": {"start": filters.start.isoformat(), "end": filters.end.isoformat()},
        "group": [_group(table) for table in tables],
    }
    if filters.area:
        report["subject"] = {
            "identifier": {"system": "https://www.ons.gov.uk", "value": filters.area}
        }
    return report
