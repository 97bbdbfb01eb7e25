"""Someone acting for someone on a call and on WhatsApp: the same path, and the person is texted
in their language (real processes, signed Twilio webhooks, the development outbox)."""

from __future__ import annotations

import gettext

from api.core.settings import REPO_ROOT
from bot.dev_outbox.client import OutboxClient
from bot.simulator import Call
from tests.e2e import provider
from tests.e2e.test_someone_acting import national, option
from tests.e2e.test_whatsapp import send
from tests.support.stack import Stack

URDU = gettext.translation("frontdoor", REPO_ROOT / "locales", languages=["ur"])


def spoken(heard) -> str:
    return " ".join(heard.says)


def other_number(number: str) -> str:
    return number[:-3] + f"{(int(number[-3:]) + 700) % 1000:03d}"


def test_a_caller_registers_as_attorney_and_the_person_is_texted_in_urdu(
    stack: Stack, caller: Call, outbox: OutboxClient
) -> None:
    person = other_number(caller.number)
    caller.dial()
    asked = spoken(caller.answer("for someone else"))
    assert "Who are you to them?" in asked
    assert "What lets you act for them?" in spoken(caller.answer("1"))  # family member
    assert "What is their mobile number?" in spoken(caller.answer("2"))  # an attorney
    languages = caller.answer(national(person).replace(" ", ""))
    assert "Which language do they read best?" in spoken(languages)
    urdu = next(str(n) for n, lang in enumerate(stack_languages(), start=1) if lang == "ur")
    confirm = spoken(caller.answer(urdu))
    assert "Is this right?" in confirm
    assert "recorded as acting for them" in spoken(caller.answer("1"))

    (told,) = outbox.texts_to(person)
    assert URDU.pgettext("keyword", "REMOVE HELPER") in told and caller.number in told
    (found,) = provider.people_with_phone(stack, person)
    needs = provider.get(stack, f"/v1/people/{found['id']}/needs").json()
    assert needs["representatives"][0]["authority"] == "lpa_health_welfare"
    assert needs["representatives"][0]["proxy_role"]["code"] == "003"


def stack_languages() -> list[str]:
    """The offered languages in menu order (locales/languages.yml)."""
    from api.translations.languages import Languages

    return [language.code for language in Languages.load(REPO_ROOT / "locales").ordered]


def test_on_whatsapp_the_daughter_asks_and_the_father_answers_by_text(
    stack: Stack, phone_number: str, outbox: OutboxClient
) -> None:
    father = other_number(phone_number)
    relationship = send(stack, phone_number, "FOR SOMEONE ELSE")[-1]
    authorities = send(stack, phone_number, option(relationship, "Carer"))[-1]
    send(stack, phone_number, option(authorities, "Their consent"))
    languages = send(stack, phone_number, national(father))[-1]
    confirm = send(stack, phone_number, option(languages, "اردو"))[-1]
    assert "once they reply YES" in send(stack, phone_number, option(confirm, "Yes"))[-1]
    (asked,) = outbox.texts_to(father)
    assert URDU.pgettext("utter_ask_representative_relationship", "Carer") in asked
