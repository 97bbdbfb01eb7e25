"""Phone number validation and normalisation to E.164."""

from __future__ import annotations

import phonenumbers

# Ofcom reserves these UK ranges for drama and examples; libphonenumber calls them invalid,
# but they are what tests, demos and the simulator use, and they never reach a real person.
_OFCOM_DRAMA_PREFIX = "+447700900"


class InvalidPhoneNumberError(ValueError):
    """The text is not a valid international phone number."""


def normalise_phone(text: str) -> str:
    """The E.164 form of an international number (+ and country code), or raise."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumberError("not an international phone number") from exc
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    is_drama = e164.startswith(_OFCOM_DRAMA_PREFIX) and len(e164) == len(_OFCOM_DRAMA_PREFIX) + 3
    if not (phonenumbers.is_valid_number(number) or is_drama):
        raise InvalidPhoneNumberError("not a valid phone number")
    return e164
