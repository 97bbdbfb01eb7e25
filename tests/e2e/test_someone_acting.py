"""Someone acting for someone, end to end: a daughter texts for her Urdu-speaking father, he
confirms by text in Urdu, and the provider sees both; he ends it with a keyword; and a
representative outside their authority is told so (real processes, signed Twilio webhooks, the
development outbox standing in for Twilio's REST API)."""

from __future__ import annotations

import gettext
import re
from typing import Any

import pytest

from api.core.settings import REPO_ROOT
from bot.dev_outbox.client import OutboxClient
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack

URDU = gettext.translation("frontdoor", REPO_ROOT / "locales", languages=["ur"])
PROXY_ROLE = "https://fhir.nhs.uk/England/CodeSystem/FlagProxyRole"
ASK = (
    "Front Door: someone using the number %(number)s (%(relationship)s) is contacting us for "
    "you. Reply YES if they may act for you, and for us to record your language and support "
    "needs and share them with the NHS services that care for you. Reply NO if not."
)


def option(reply: str, title: str) -> str:
    """The number of the menu option with this title."""
    match = re.search(rf"^(\d+)\. {re.escape(title)}$", reply, re.M)
    assert match, f"no option {title!r} in {reply!r}"
    return match.group(1)


def national(number: str) -> str:
    """A UK number as a person types it: 07700 900123."""
    return "0" + number.removeprefix("+44")[:4] + " " + number[-6:]


@pytest.fixture
def father(stack: Stack, phone: SmsPhone) -> SmsPhone:
    """The father's own phone: a fresh number other than the daughter's."""
    digits = int(phone.number[-3:]) + 500
    return SmsPhone(stack, phone.number[:-3] + f"{digits % 1000:03d}")


def register(daughter: SmsPhone, father: SmsPhone, authority: str) -> str:
    """The daughter says who she is, her authority, his number and language, and confirms."""
    relationship = daughter.send("FOR SOMEONE ELSE")
    assert "Who are you to them?" in relationship
    authorities = daughter.send(option(relationship, "Family member"))
    number = daughter.send(option(authorities, authority))
    assert "What is their mobile number?" in number
    assert "doesn't look like" in daughter.send("12345")  # kindly asked again
    languages = daughter.send(national(father.number))
    confirm = daughter.send(option(languages, "اردو"))
    assert "Is this right?" in confirm and "اردو" in confirm
    return daughter.send(option(confirm, "Yes"))


def needs(stack: Stack, number: str) -> dict[str, Any]:
    response = provider.get(stack, f"/v1/people/{provider.person_id(stack, number)}/needs")
    assert response.status_code == 200, response.text
    return response.json()


def test_a_daughter_acts_for_her_father_once_he_confirms_in_urdu(
    stack: Stack, phone: SmsPhone, father: SmsPhone, outbox: OutboxClient
) -> None:
    daughter = phone
    registered = register(daughter, father, "Their consent")
    assert "once they reply YES" in registered

    (asked,) = outbox.texts_to(father.number)
    relationship = URDU.pgettext("utter_ask_representative_relationship", "Family member")
    expected = URDU.pgettext("sms_representative", ASK) % {
        "number": daughter.number, "relationship": relationship,
    }  # fmt: skip
    assert asked == expected and "ہاں" in asked
    assert provider.people_with_phone(stack, father.number) == []  # nothing shared before YES
    refused = daughter.send(option(registered, "See what is held about them"))
    assert "until they reply YES" in refused

    thanks = father.send("ہاں")
    assert URDU.pgettext("keyword", "REMOVE HELPER") in thanks
    assert "شکریہ" in thanks and "Thank you" not in thanks

    held = needs(stack, father.number)
    assert held["language"]["code"] == "ur"
    (acting,) = held["representatives"]
    assert (acting["relationship"], acting["authority"]) == ("family", "consent")
    assert (acting["status"], acting["phone"]) == ("active", daughter.number)
    assert (acting["proxy_role"]["system"], acting["proxy_role"]["code"]) == (PROXY_ROLE, "001")

    patient = f"Patient/{held['person_id']}"
    related = provider.get(stack, "/fhir/RelatedPerson", patient=patient).json()
    person = related["entry"][0]["resource"]
    assert (person["resourceType"], person["active"], person["patient"]["reference"]) == (
        "RelatedPerson", True, patient,
    )  # fmt: skip
    assert person["telecom"][0]["value"] == daughter.number
    consent = provider.get(stack, "/fhir/Consent", patient=patient).json()["entry"][0]["resource"]
    (actor,) = consent["provision"]["actor"]
    assert actor["reference"]["reference"] == f"RelatedPerson/{person['id']}"
    assert actor["role"]["coding"][0]["code"] == "001"

    menu = daughter.send("hello")  # any message shows what she can do
    assert "This is what we hold about them:" in daughter.send(
        option(menu, "See what is held about them")
    )


def test_the_father_ends_it_with_a_keyword_in_urdu(
    stack: Stack, phone: SmsPhone, father: SmsPhone, outbox: OutboxClient
) -> None:
    daughter = phone
    registered = register(daughter, father, "Lasting power of attorney for health and welfare")
    assert "recorded as acting for them" in registered
    remove = URDU.pgettext("keyword", "REMOVE HELPER")
    (told,) = outbox.texts_to(father.number)
    assert remove in told and daughter.number in told
    assert needs(stack, father.number)["representatives"][0]["status"] == "active"

    ended = father.send(remove)

    assert URDU.pgettext("utter_representative_ended", "Done. Nobody acts for you now.") in ended
    assert needs(stack, father.number)["representatives"] == []
    refused = daughter.send(option(registered, "See what is held about them"))
    assert "You no longer act for them" in refused


def test_a_representative_cannot_act_outside_their_authority(
    stack: Stack, phone: SmsPhone, father: SmsPhone
) -> None:
    daughter = phone
    relationship = daughter.send("FOR SOMEONE ELSE")
    authorities = daughter.send(option(relationship, "Parent"))
    age = daughter.send(option(authorities, "Parent of a child under 16"))
    assert "How old is your child?" in age
    too_old = daughter.send("17")
    assert "only for a child under 16" in too_old and "What lets you act for them?" in too_old

    registered = register(daughter, father, "Their consent")
    father.send("نہیں")  # his NO
    refused = daughter.send(option(registered, "See what is held about them"))
    assert "They said no to you acting for them" in refused
    assert provider.people_with_phone(stack, father.number) == []
