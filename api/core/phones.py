"""Phone number validation and normalisation to E.164."""

from __future__ import annotations

import phonenumbers

# Ofcom reserves these UK ranges for drama and examples; libphonenumber calls them invalid,
# but they are what tests, demos and the simulator use, and they never reach a real person.
_OFCOM_DRAMA_PREFIX = "+447700900"


class InvalidPhoneNumberError(ValueError):
    """The text is not a valid international phone number."""


def normalise_sender(text: str) -> str:
    """The E.164 form of a number Twilio delivered a message or call from, or raise.

    Twilio only delivers from real numbers, so any number of a possible length for its country
    is accepted: the library's list of allocated ranges lags new ones (+44 7651… is "invalid" to
    it), and refusing such a sender loses a whole conversation's answers at the point of saving.
    """
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumberError("not an international phone number") from exc
    possible = phonenumbers.is_possible_number_with_reason(number)
    # Only a full national length: "possible local only" (a number without its area code) is not.
    if not text.startswith("+") or possible != phonenumbers.ValidationResult.IS_POSSIBLE:
        raise InvalidPhoneNumberError("not a possible phone number")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_phone(text: str) -> str:
    """The E.164 form of a number a person typed (+ and country code), checked against the
    allocated ranges so a typo is caught, or raise. Senders use normalise_sender."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumberError("not an international phone number") from exc
    e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    is_drama = e164.startswith(_OFCOM_DRAMA_PREFIX) and len(e164) == len(_OFCOM_DRAMA_PREFIX) + 3
    if not (phonenumbers.is_valid_number(number) or is_drama):
        raise InvalidPhoneNumberError("not a valid phone number")
    return e164
