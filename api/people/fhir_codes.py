"""FHIR code systems and the RA-FlagCategory of each SNOMED CT need (data, not logic).

Categories come from the draft NHS England reasonable-adjustment IG (`RA-FlagCategory`,
/work/shared/reference/nhs-access-needs.md §2.3). Codes 001-004 follow the AIS groups of §1.3;
the grouping of the other adjustment concepts into 006, 008 and 009 is our inference from their
names. Anything else coded in SNOMED CT is 011 "Bespoke Reasonable adjustments".
"""

from __future__ import annotations

FLAG_CATEGORY = "https://fhir.nhs.uk/England/CodeSystem/RA-FlagCategory"
CONSENT_PURPOSE = "https://fhir.nhs.uk/England/CodeSystem/RA-ConsentPurpose"
PROXY_ROLE = "https://fhir.nhs.uk/England/CodeSystem/FlagProxyRole"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
LOINC = "http://loinc.org"
PERSON_ID = "https://fhir.frontdoor.example/Id/person"
NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
ODS_CODE = "https://fhir.nhs.uk/Id/ods-organization-code"
PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType"

CATEGORY_NAMES = {
    "001": "Communication support",
    "002": "Requires communication professional",
    "003": "Requires specific contact method",
    "004": "Requires specific information format",
    "006": "Community Language Support",
    "008": "Adjustments for Individual Care Requirements",
    "009": "Adjustments in relation to the environment of care",
    "011": "Bespoke Reasonable adjustments",
}

_BY_CATEGORY: dict[str, tuple[str, ...]] = {
    "001": (
        "441092009 285055002 198061000000105 415803005 415805003 404903008 520471000000105 "
        "520491000000109 716524009 762361000000101 445488003 837341000000108 1082671000000100 "
        "1082681000000103 1082691000000101 225835008 737350008"
    ).split(),
    "002": (
        "204331000000107 204341000000103 936761000000104 945711000000107 945731000000104 "
        "945911000000109 945891000000106 966401000000100 957051000000100 957071000000109 "
        "957111000000103 796201000000109 719563003 1082661000000100"
    ).split(),
    "003": (
        "936701000000103 795661000000104 936721000000107 936741000000100 796081000000106 "
        "719561001 945931000000101 945951000000108 945971000000104"
    ).split(),
    "004": (
        "796161000000101 957331000000109 957351000000102 957371000000106 936681000000100 "
        "936661000000109 936621000000101 936641000000108 936601000000105 945751000000106 "
        "936581000000101 367741000000102 985021000000106 1082551000000100 719758004 "
        "795801000000104 795731000000104 795691000000105 945691000000105"
    ).split(),
    "008": (
        "1108161000000109 1108171000000102 1325351000000103 1325361000000100 1325371000000107 "
        "1108131000000104 1108151000000106 1325421000000100 314434008 314435009 862731000000105"
    ).split(),
    "009": "1108191000000103 1325391000000106 1325381000000109 1325841000000109".split(),
}
CATEGORY_OF_CODE = {code: cat for cat, codes in _BY_CATEGORY.items() for code in codes}

# Spoken-language interpreters (the `interpreter` need kind) are community language support.
INTERPRETER_CATEGORY = "006"
BESPOKE_CATEGORY = "011"


def flag_category(kind: str, snomed_code: str) -> tuple[str, str]:
    """The RA-FlagCategory (code, display) of a SNOMED CT coded need of this kind."""
    code = CATEGORY_OF_CODE.get(snomed_code)
    if code is None:
        code = INTERPRETER_CATEGORY if kind == "interpreter" else BESPOKE_CATEGORY
    return code, CATEGORY_NAMES[code]
