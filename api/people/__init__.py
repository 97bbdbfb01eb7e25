"""People: records, provider access, consent, erasure, NHS number, FHIR."""
