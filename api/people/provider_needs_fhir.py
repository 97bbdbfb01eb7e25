"""Needs a provider recorded, as FHIR Flags beside the person's own: who recorded it (`author`),
the person's answer, and whether it conflicts with what the person said (extensions)."""

from __future__ import annotations

from typing import Any

from api.core.codes import SNOMED
from api.models.provider_needs import ProviderNeed
from api.people.fhir_resources import flag
from api.people.provider_needs import ACCEPTED, REJECTED

ODS_SYSTEM = "https://fhir.nhs.uk/Id/ods-organization-code"
EXTENSIONS = "https://fhir.frontdoor.example/StructureDefinition/"
PERSON_ANSWER = EXTENSIONS + "patient-answer"  # pending, accepted or rejected
CONFLICT = EXTENSIONS + "conflicts-with-patient"


def observed_flag(row: ProviderNeed, ods_code: str, conflict: bool) -> dict[str, Any] | None:
    """A Flag for a SNOMED CT coded need a provider recorded and the person did not accept (an
    accepted one is the person's own need, already a Flag); rejected ones are inactive."""
    if row.code_system != SNOMED or row.status == ACCEPTED:
        return None
    resource = flag(row)  # type: ignore[arg-type]  # the same columns as a Need
    resource["id"] = f"observed-{row.id}"
    resource["status"] = "inactive" if row.status == REJECTED else "active"
    resource["author"] = {"identifier": {"system": ODS_SYSTEM, "value": ods_code}}
    resource["extension"] = [
        {"url": PERSON_ANSWER, "valueCode": row.status},
        {"url": CONFLICT, "valueBoolean": conflict},
    ]
    return resource
