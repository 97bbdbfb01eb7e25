"""Someone acting for a patient in FHIR R4: a RelatedPerson, and an actor of the Consent.

The relationship is coded in HL7 v3 RoleCode where it has one (family member, friend, parent,
healthcare power of attorney); the authority as the national flag's proxy role (RA FlagProxyRole),
which is also the Consent's policyRule when a representative gave the consent.
"""

from __future__ import annotations

from typing import Any

from api.core.db import as_utc
from api.models.representatives import Representative
from api.people.fhir_codes import PROXY_ROLE
from api.people.representatives import ACTIVE, AUTHORITY_NAMES, PROXY_ROLES

ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
LOCAL_RELATIONSHIP = "https://fhir.frontdoor.example/CodeSystem/representative-relationship"
ROLE_CODES = {
    "family": ("FAMMEMB", "family member"),
    "friend": ("FRND", "unrelated friend"),
    "parent": ("PRN", "parent"),
    "legal": ("HPOWATT", "healthcare power of attorney"),
}
LOCAL_NAMES = {"carer": "Carer", "support_worker": "Support worker"}


def _relationship(representative: Representative) -> dict[str, Any]:
    kind = representative.relationship
    if kind in ROLE_CODES:
        code, display = ROLE_CODES[kind]
        return {"coding": [{"system": ROLE_CODE, "code": code, "display": display}]}
    display = LOCAL_NAMES.get(kind, kind)
    return {"coding": [{"system": LOCAL_RELATIONSHIP, "code": kind, "display": display}]}


def proxy_role(representative: Representative) -> dict[str, Any]:
    """The authority as a CodeableConcept of RA FlagProxyRole."""
    code, display = PROXY_ROLES[representative.authority]
    return {
        "coding": [{"system": PROXY_ROLE, "code": code, "display": display}],
        "text": AUTHORITY_NAMES[representative.authority],
    }


def related_person(representative: Representative) -> dict[str, Any]:
    """The RelatedPerson: active once they may act (pending while the patient hasn't said YES)."""
    start = as_utc(representative.created_at).isoformat().replace("+00:00", "Z")
    return {
        "resourceType": "RelatedPerson",
        "id": f"representative-{representative.id}",
        "active": representative.status == ACTIVE,
        "patient": {"reference": f"Patient/{representative.person_id}"},
        "relationship": [_relationship(representative), proxy_role(representative)],
        "telecom": [{"system": "phone", "value": representative.phone_e164, "use": "mobile"}],
        "period": {"start": start},
    }


def consent_actor(representative: Representative) -> dict[str, Any]:
    """A Consent provision actor: who acts for the patient, under which proxy role."""
    return {
        "role": proxy_role(representative),
        "reference": {"reference": f"RelatedPerson/representative-{representative.id}"},
    }
