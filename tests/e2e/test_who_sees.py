"""Power to the person, over the signed SMS webhook: WHO SEES and STOP n, WHO READ, and a need a
provider recorded reaching the person, who rejects it (issue #17)."""

from __future__ import annotations

import re
import secrets
import time

import httpx

from bot.dev_outbox.client import OutboxClient
from bot.simulator import Call
from tests.e2e import provider
from tests.e2e.conftest import SmsPhone, latest_code
from tests.e2e.test_whatsapp import send as whatsapp_send
from tests.support.stack import API_BIN, Stack

POLISH_INTERPRETER = {
    "kind": "interpreter",
    "code": {"system": "http://snomed.info/sct", "code": "203901000000102"},
}


def new_organisation(stack: Stack, name: str) -> tuple[str, str]:
    """A provider organisation that receives consented needs: (ODS code, token)."""
    ods, token = "P" + secrets.token_hex(3).upper(), secrets.token_urlsafe(24)  # may start "-"
    stack.run(
        str(API_BIN / "python"), "-m", "api.cli", "create-provider", "--ods", ods, "--name", name,
        "--shares-consented-needs", f"--token={token}", "--scope", "needs:read",
        "--scope", "needs:write",
    )  # fmt: skip
    return ods, token


def read_needs(stack: Stack, person_id: str, token: str) -> int:
    return provider.get(stack, f"/v1/people/{person_id}/needs", token=token).status_code


def assessed_in_polish(phone: SmsPhone, interpreter: bool = True) -> None:
    """Polish, consent, an Urdu interpreter (or none), every other question skipped, saved."""
    phone.send("hi")
    phone.send("2")  # Polish
    phone.send("tak")  # consent
    reply = phone.send("1" if interpreter else "2")
    if interpreter:
        reply = phone.send("3")  # Urdu
    while "Oto, co zapiszemy" not in reply:
        reply = phone.send("POMIŃ")
    assert "Dziękujemy" in phone.send("tak")


def number_of(listing: str, name: str) -> int:
    """The number WHO SEES gave the organisation."""
    match = re.search(rf"(\d+)\. {re.escape(name)}:", listing)
    assert match, listing
    return int(match.group(1))


def test_a_polish_person_stops_one_of_two_organisations_with_stop_2(
    stack: Stack, phone: SmsPhone
) -> None:
    # The development practice shares consented needs; this test runs before any other here
    # adds an organisation that does, so the person sees exactly two.
    hillside_name = "Hillside Clinic " + secrets.token_hex(2)
    _ods, hillside = new_organisation(stack, hillside_name)
    assessed_in_polish(phone)
    person_id = provider.person_id(stack, phone.number)
    assert read_needs(stack, person_id, hillside) == 200
    assert read_needs(stack, person_id, "dev") == 200

    listing = phone.send("KTO WIDZI")
    assert "Te organizacje widzą Twoje potrzeby:" in listing
    assert re.findall(r"^\d+\. ", listing, re.M) == ["1. ", "2. "], listing
    assert f"2. {hillside_name}: zgoda na udostępnianie potrzeb usługom NHS" in listing, (
        "numbered, with how it came to see them"
    )

    stopped = phone.send("STOP 2")
    assert f"Gotowe. {hillside_name} nie widzi już Twoich potrzeb." in stopped
    assert "ZEZWÓL 2" in stopped, "how to undo it, in Polish"
    assert read_needs(stack, person_id, hillside) == 404, "stopped at once"
    assert read_needs(stack, person_id, "dev") == 200, "the other still sees them"
    assert f"2. {hillside_name}: zatrzymane przez Ciebie" in phone.send("kto widzi")

    assert "znów widzi Twoje potrzeby" in phone.send("zezwól 2")
    assert read_needs(stack, person_id, hillside) == 200


def test_who_read_lists_the_organisation_that_read_the_record(
    stack: Stack, phone: SmsPhone
) -> None:
    name = "Reading Practice " + secrets.token_hex(2)
    _ods, token = new_organisation(stack, name)
    assessed_in_polish(phone)
    menu = phone.send("co dalej?")
    assert "7. Kto widzi moje potrzeby" in menu and "8. Kto czytał moje dane" in menu
    assert "Żadna organizacja nie czytała" in phone.send("8"), "the menu item works too"

    assert read_needs(stack, provider.person_id(stack, phone.number), token) == 200
    reply = phone.send("KTO CZYTAŁ")
    assert "Te organizacje czytały Twoje dane w ciągu ostatnich 90 dni:" in reply
    assert re.search(rf"{re.escape(name)}, ostatnio \d", reply), reply


def wait_for_text(outbox: OutboxClient, number: str, words: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for text in outbox.texts_to(number):
            if words in text:
                return text
        time.sleep(0.3)
    raise AssertionError(f"no text with {words!r}: {outbox.texts_to(number)}")


def test_a_provider_recorded_need_reaches_the_person_who_rejects_it(
    stack: Stack, phone: SmsPhone, outbox: OutboxClient
) -> None:
    name = "Observing Practice " + secrets.token_hex(2)
    _ods, token = new_organisation(stack, name)
    assessed_in_polish(phone, interpreter=False)
    person_id = provider.person_id(stack, phone.number)

    recorded = httpx.post(
        f"{stack.api_url}/v1/people/{person_id}/observed-needs",
        json=POLISH_INTERPRETER,
        headers={"Authorization": f"Bearer {token}"},
        timeout=10,
    )
    assert recorded.status_code == 201, recorded.text
    assert recorded.json()["conflict"] is True, "the person said no interpreter"

    told = wait_for_text(outbox, phone.number, "zapisała potrzebę dotyczącą Ciebie")
    assert name in told and "Tłumacz: polski" in told
    assert "To różni się od Twoich odpowiedzi" in told, "the conflict is shown to the person"
    reply = phone.send("2")  # "No, this is not right"
    assert "Nie dodaliśmy tego" in reply and name in reply

    seen = provider.get(stack, f"/v1/people/{person_id}/observed-needs", token=token).json()
    assert [(n["status"], n["conflict"]) for n in seen["items"]] == [("rejected", True)]
    own = provider.get(stack, f"/v1/people/{person_id}/needs", token=token).json()["needs"]
    assert [n["code"]["code"] for n in own if n["kind"] == "interpreter"] == [
        "interpreter-not-needed"
    ], "never overwritten"
    assert "Odpowiedź: nie." in phone.send("MOJE DANE"), "MY DATA shows both sources"


def assessed_in_english(phone: SmsPhone) -> None:
    for message in ("hi", "1", "yes", "2"):  # English, consent, no interpreter
        reply = phone.send(message)
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    assert "saved" in phone.send("1").lower()


def test_on_whatsapp_who_sees_lists_the_same_organisations(stack: Stack, phone: SmsPhone) -> None:
    name = "Wharf Practice " + secrets.token_hex(2)
    new_organisation(stack, name)
    assessed_in_english(phone)
    listing = "\n".join(whatsapp_send(stack, phone.number, "WHO SEES"))
    assert "These organisations can see your needs:" in listing
    assert re.search(rf"\d+\. {re.escape(name)}: you agreed to share", listing), listing


def test_on_a_call_who_sees_waits_for_the_code_then_stop_n_is_said(
    stack: Stack, phone: SmsPhone, caller: Call, outbox: OutboxClient
) -> None:
    name = "Caller Practice " + secrets.token_hex(2)
    _ods, token = new_organisation(stack, name)
    phone.number = caller.number
    assessed_in_english(phone)
    person_id = provider.person_id(stack, phone.number)
    caller.dial()
    assert "we have sent a code to this phone" in " ".join(caller.answer("who sees").says)
    listing = " ".join(caller.answer(latest_code(outbox, caller.number)).says)
    assert "These organisations can see your needs:" in listing and name in listing
    assert "say STOP and its number" in listing, "call wording, not SMS"
    number = number_of(listing, name)
    stopped = " ".join(caller.answer(f"stop {number}").says)
    assert f"{name} can no longer see your needs" in stopped
    assert read_needs(stack, person_id, token) == 404
