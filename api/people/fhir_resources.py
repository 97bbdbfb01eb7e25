"""FHIR R4 resources (JSON dicts) built from a person's records: Patient, Flag, Consent, Bundle."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from api.core.codes import HUMAN_LANGUAGE, SNOMED
from api.core.db import as_utc
from api.models.representatives import Representative
from api.models.tables import Consent, Need, Organisation, Person
from api.people.fhir_codes import (
    CONSENT_PURPOSE,
    CONSENT_SCOPE,
    FLAG_CATEGORY,
    LOINC,
    NHS_NUMBER,
    ODS_CODE,
    PARTICIPATION_TYPE,
    PERSON_ID,
    PROXY_ROLE,
    flag_category,
)
from api.people.representative_fhir import consent_actor, proxy_role

FHIR_VERSION = "4.0.1"


def instant(value: datetime) -> str:
    """A FHIR instant/dateTime in UTC with a Z suffix."""
    return as_utc(value).isoformat().replace("+00:00", "Z")


def patient(person: Person, language_display: str, nhs_number: str | None = None) -> dict[str, Any]:
    """The Patient: our opaque id (and NHS number, if attached) as identifiers and the
    conversation language, preferred."""
    identifiers = [{"system": PERSON_ID, "value": person.id}]
    if nhs_number:
        identifiers.append({"system": NHS_NUMBER, "value": nhs_number})
    return {
        "resourceType": "Patient",
        "id": person.id,
        "meta": {"lastUpdated": instant(person.updated_at)},
        "identifier": identifiers,
        "communication": [
            {
                "language": {
                    "coding": [
                        {
                            "system": HUMAN_LANGUAGE,
                            "code": person.language,
                            "display": language_display,
                        }
                    ]
                },
                "preferred": True,
            }
        ],
    }


# Our extension on a Flag for an interpreter need: the interpreter's language (ISO 639).
INTERPRETER_LANGUAGE_EXTENSION = (
    "https://fhir.frontdoor.example/StructureDefinition/interpreter-language"
)


def flag(need: Need) -> dict[str, Any]:
    """An active Flag for one SNOMED CT coded need, with its RA-FlagCategory and start."""
    category, category_display = flag_category(need.kind, need.code)
    resource: dict[str, Any] = {
        "resourceType": "Flag",
        "id": f"need-{need.id}",
        "status": "active",
        "category": [
            {"coding": [{"system": FLAG_CATEGORY, "code": category, "display": category_display}]}
        ],
        "code": {
            "coding": [{"system": SNOMED, "code": need.code, "display": need.display}],
            "text": need.display,
        },
        "subject": {"reference": f"Patient/{need.person_id}"},
        "period": {"start": instant(need.recorded_at)},
    }
    if need.value_code and need.value_system == HUMAN_LANGUAGE:
        label = need.value_display or need.value_code
        resource["code"]["text"] = f"{need.display} ({label})"
        # The language as a code too: SNOMED CT has no concept for many languages (Dari, Twi).
        language = {"system": HUMAN_LANGUAGE, "code": need.value_code}
        if need.value_display:
            language["display"] = need.value_display
        resource["extension"] = [
            {"url": INTERPRETER_LANGUAGE_EXTENSION, "valueCodeableConcept": {"coding": [language]}}
        ]
    return resource


def consent(
    record: Consent, reader: Organisation, acting: list[Representative] | None = None
) -> dict[str, Any]:
    """An active Consent to share access needs (RA-ConsentPurpose RACONSENT, by the patient, or
    by a representative whose proxy role is then the policyRule).

    The nested provision permits the reading organisation (by ODS code) as information
    recipient: consent is per organisation, and one withdrawn for this organisation means no
    Consent here at all. Withdrawals for other organisations are not listed: they would tell
    this reader where else the person is known. Everyone acting for the patient is an actor.
    """
    acting = acting or []
    policy: dict[str, Any] = {
        "coding": [{"system": PROXY_ROLE, "code": "001", "display": "Patient consent"}],
        "text": f"Front Door consent wording {record.version} ({record.language})",
    }
    giver = next((r for r in reversed(acting) if r.authority != "consent"), None)
    if record.channel == "representative" and giver is not None:
        policy = {**proxy_role(giver), "text": policy["text"]}
    resource: dict[str, Any] = {
        "resourceType": "Consent",
        "id": f"consent-{record.id}",
        "status": "active",
        "scope": {
            "coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy", "display": "Privacy"}]
        },
        "category": [{"coding": [{"system": LOINC, "code": "59284-0", "display": "Consent"}]}],
        "patient": {"reference": f"Patient/{record.person_id}"},
        "dateTime": instant(record.recorded_at),
        "policyRule": policy,
        "provision": {
            "type": "permit",
            "period": {"start": instant(record.recorded_at)},
            "purpose": [{"system": CONSENT_PURPOSE, "code": "RACONSENT"}],
            "provision": [
                {
                    "type": "permit",
                    "actor": [
                        {
                            "role": {
                                "coding": [
                                    {
                                        "system": PARTICIPATION_TYPE,
                                        "code": "IRCP",
                                        "display": "information recipient",
                                    }
                                ]
                            },
                            "reference": {
                                "identifier": {"system": ODS_CODE, "value": reader.ods_code},
                                "display": reader.name,
                            },
                        }
                    ],
                }
            ],
        },
    }
    if acting:
        resource["provision"]["actor"] = [consent_actor(r) for r in acting]
    return resource


def searchset(base_url: str, self_url: str, resources: list[dict[str, Any]]) -> dict[str, Any]:
    """A searchset Bundle of matches."""
    return {
        "resourceType": "Bundle",
        "type": "searchset",
        "total": len(resources),
        "link": [{"relation": "self", "url": self_url}],
        "entry": [
            {
                "fullUrl": f"{base_url}/{r['resourceType']}/{r['id']}",
                "resource": r,
                "search": {"mode": "match"},
            }
            for r in resources
        ],
    }


def capability_statement(base_url: str, published: datetime) -> dict[str, Any]:
    """What this FHIR endpoint offers: read Patient, search Patient, Flag and Consent."""

    def resource(kind: str, params: list[tuple[str, str]], read: bool) -> dict[str, Any]:
        interactions = [{"code": "search-type"}] + ([{"code": "read"}] if read else [])
        return {
            "type": kind,
            "interaction": interactions,
            "searchParam": [{"name": name, "type": kind_} for name, kind_ in params],
        }

    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": instant(published),
        "publisher": "Front Door",
        "kind": "instance",
        "software": {"name": "Front Door API"},
        "implementation": {"description": "Front Door access needs", "url": base_url},
        "fhirVersion": FHIR_VERSION,
        "format": ["application/fhir+json"],
        "rest": [
            {
                "mode": "server",
                "security": {
                    "service": [{"coding": [{"code": "OAuth", "display": "Bearer token"}]}],
                    "description": (
                        "An API key, or an OAuth2 client-credentials access token from "
                        "POST /oauth/token, with the needs:read scope."
                    ),
                },
                "resource": [
                    resource("Patient", [("identifier", "token")], read=True),
                    resource("Flag", [("patient", "reference")], read=False),
                    resource("Consent", [("patient", "reference")], read=False),
                    resource("RelatedPerson", [("patient", "reference")], read=False),
                ],
            }
        ],
    }
