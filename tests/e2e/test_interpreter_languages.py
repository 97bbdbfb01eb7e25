"""Every language can be the interpreter's: by SMS, by keypad and by name, coded for providers.

Signed Twilio webhooks against the running stack; the provider reads the needs as JSON and FHIR.
"""

from __future__ import annotations

import re

import httpx

from tests.e2e import provider
from tests.e2e.conftest import SmsPhone
from tests.e2e.test_voice_languages import (
    ENGLISH,
    LANGUAGES,
    KeypadCall,
    choose_language,
    first_line,
    rendered,
)
from tests.support.stack import Stack

MAX_TURNS = 30
HUMAN_LANGUAGE = "https://fhir.hl7.org.uk/CodeSystem/UKCore-HumanLanguage"
EXTENSION = "https://fhir.frontdoor.example/StructureDefinition/interpreter-language"


def menu_number(menu: str, title: str) -> str:
    """The number of the option with this title in a numbered SMS menu."""
    found = re.search(rf"^(\d+)\. {re.escape(title)}$", menu, re.MULTILINE)
    assert found, f"no option {title!r} in {menu!r}"
    return found.group(1)


def interpreter_need(stack: Stack, number: str) -> dict:
    (need,) = [n for n in provider.needs(stack, number) if n["kind"] == "interpreter"]
    return need


def interpreter_flag(stack: Stack, number: str) -> dict:
    person = provider.person_id(stack, number)
    bundle = provider.get(stack, "/fhir/Flag", patient=f"Patient/{person}")
    assert bundle.status_code == 200, bundle.text
    flags = [entry["resource"] for entry in bundle.json().get("entry", [])]
    (flag,) = [f for f in flags if "nterpreter" in f["code"]["text"]]
    return flag


def rendered_sms(stack: Stack, response: str, code: str) -> str:
    """The NLG's words for a response in a language by SMS."""
    body = {"response": response, "arguments": {"language": code}, "tracker": {"slots": {}},
            "channel": {"name": "twilio_sms"}}  # fmt: skip
    url = f"{stack.api_url}/nlg?token={stack.env['FRONTDOOR_SERVICE_TOKEN']}"
    answer = httpx.post(url, json=body, timeout=10)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["text"])


def finish_by_sms(stack: Stack, phone: SmsPhone, reply: str, code: str) -> None:
    """SKIP every question until the read-back (in the conversation's words), then confirm."""
    read_back = first_line(rendered_sms(stack, "utter_read_back", code))
    for _ in range(MAX_TURNS):
        if read_back in reply:
            break
        reply = phone.send("SKIP")
    assert read_back in reply, reply
    phone.send("1")


def test_a_tigrinya_speaker_by_sms_records_an_interpreter_in_tigrinya(
    stack: Stack, phone: SmsPhone
):
    menu = phone.send("hi")
    phone.send(menu_number(menu, "ትግርኛ"))  # the consent question, Yes and No numbered
    phone.send("1")  # consent
    offered = phone.send("1")  # yes, an interpreter
    assert offered.splitlines()[-1].endswith("ካልእ ቋንቋ"), "another language, last"
    assert "1. ትግርኛ" in offered, f"their own language first: {offered!r}"
    finish_by_sms(stack, phone, phone.send("1"), "ti")

    need = interpreter_need(stack, phone.number)
    assert need["code"]["code"] == "204171000000106"  # Tigrinya language interpreter needed
    assert need["value"]["code"] == "ti"


def test_a_kurdish_speaker_by_keypad_records_an_interpreter_in_kurdish(
    stack: Stack, phone_number: str
):
    kurdish = next(language for language in LANGUAGES.ordered if language.code == "ckb")
    call = KeypadCall(stack, phone_number)
    choose_language(call, kurdish)  # pages turned until it is offered
    call.press("1")  # consent
    menu = call.press("1")  # yes, an interpreter: the menu, their own language first
    first = rendered(stack, "utter_ask_interpreter_language", "ckb")
    assert first_line(first) in menu.text
    heard = call.press("1")
    read_back = first_line(rendered(stack, "utter_read_back", "ckb"))
    for _ in range(MAX_TURNS):
        if read_back in heard.text:
            break
        heard = call.press("1")
    assert read_back in heard.text, heard.text
    call.press("1")

    need = interpreter_need(stack, phone_number)
    assert need["code"]["code"] == "203701000000104"  # Kurdish language interpreter needed
    assert need["value"]["code"] == "ckb"
    assert need["source_channel"] == "voice"


def english_to_interpreter_menu(phone: SmsPhone) -> str:
    phone.send("hi")
    phone.send("1")  # English
    phone.send("yes")  # consent
    return phone.send("yes")  # an interpreter: which language?


def test_another_language_pashto_is_recorded_as_pashto_with_its_codes(
    stack: Stack, phone: SmsPhone
):
    menu = english_to_interpreter_menu(phone)
    asked = phone.send(menu_number(menu, "Another language"))
    assert "tell us the name of the language" in asked
    finish_by_sms(stack, phone, phone.send("Pashto"), "en")

    need = interpreter_need(stack, phone.number)
    assert (need["code"]["code"], need["code"]["display"]) == (
        "203841000000108",
        "Pashto language interpreter needed",
    )
    assert need["value"] == {"system": HUMAN_LANGUAGE, "code": "ps", "display": "Pashto"}
    flag = interpreter_flag(stack, phone.number)
    assert flag["code"]["coding"][0]["code"] == "203841000000108"
    (extension,) = [e for e in flag["extension"] if e["url"] == EXTENSION]
    assert extension["valueCodeableConcept"]["coding"] == [
        {"system": HUMAN_LANGUAGE, "code": "ps", "display": "Pashto"}
    ]


def test_another_language_typed_at_the_menu_without_a_snomed_concept_keeps_its_code(
    stack: Stack, phone: SmsPhone
):
    english_to_interpreter_menu(phone)
    finish_by_sms(stack, phone, phone.send("another language: Dari"), "en")

    need = interpreter_need(stack, phone.number)
    assert need["code"]["code"] == "315594003"  # Interpreter needed
    assert need["value"] == {"system": HUMAN_LANGUAGE, "code": "prs", "display": "Dari"}
    flag = interpreter_flag(stack, phone.number)
    (extension,) = [e for e in flag["extension"] if e["url"] == EXTENSION]
    assert extension["valueCodeableConcept"]["coding"][0]["code"] == "prs"


def test_another_language_said_on_a_call_is_recorded_with_its_code(stack: Stack, phone_number: str):
    call = KeypadCall(stack, phone_number)
    choose_language(call, ENGLISH)
    call.press("1")  # consent
    menu = call.press("1")  # yes, an interpreter
    other = re.search(r"^Another language: press (\d+)\.$", menu.text, re.MULTILINE)
    assert other, menu.text
    asked = call.press(other.group(1))
    assert "tell us the name of the language" in asked.text
    heard = call.post(SpeechResult="Amharic please", Confidence="0.9")
    read_back = first_line(rendered(stack, "utter_read_back", "en"))
    for _ in range(MAX_TURNS):
        if read_back in heard.text:
            break
        heard = call.press("1")
    assert "Interpreter: Amharic" in heard.text
    call.press("1")
    need = interpreter_need(stack, phone_number)
    assert (need["code"]["code"], need["value"]["code"]) == ("203301000000103", "am")
