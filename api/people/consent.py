"""The consent wording version and the purpose recorded for provider reads."""

# Bump when the wording of utter_ask_consent changes in any language: consents are recorded
# against the version the person saw.
CONSENT_VERSION = "2026-11-23.1"

PURPOSE_DIRECT_CARE = "direct care"
