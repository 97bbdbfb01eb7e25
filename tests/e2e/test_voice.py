"""A phone call to the running stack, exactly as Twilio makes it: signed form posts, TwiML back."""

from __future__ import annotations

import httpx

from bot.simulator import VOICE_WEBHOOK_PATH, Call, call_form, heard_in
from tests.e2e import provider
from tests.e2e.conftest import signed_post, user_turns_recorded
from tests.support.stack import Stack


def test_a_call_completes_the_assessment_by_keypad_and_speech(stack: Stack, caller: Call):
    menu = caller.dial()
    assert menu.gather["input"] == "dtmf speech"
    assert menu.gather["language"] == "en-GB"
    assert menu.gather["actionOnEmptyResult"] == "true"
    assert menu.action.startswith("https://frontdoor.test/webhooks/twilio_voice/webhook?")
    spoken = " ".join(menu.says)
    # Each option in its own language (test_voice_languages.py checks the voices).
    assert "English: press 1." in spoken and "Polski" in spoken
    assert menu.gather["numDigits"] == "1"  # one key acts at once
    assert "For more languages, press 0." in spoken

    consent = caller.answer("1")
    assert "Yes: press 1." in " ".join(consent.says)
    heard = caller.answer("yes")  # speech, through the same NLU as a text
    assert heard.says != consent.says
    # The questions after consent are the flow's to choose: take the first option each time.
    for _ in range(30):
        if "saved" in " ".join(heard.says).lower() or heard.hung_up:
            break
        heard = caller.answer("1")
    assert "saved" in " ".join(heard.says).lower()
    assert len(provider.people_with_phone(stack, caller.number)) == 1


def test_polish_is_heard_and_spoken_in_polish(stack: Stack, caller: Call):
    caller.dial()
    consent = caller.answer("2")
    assert consent.gather["language"] == "pl-PL"
    # Unreviewed Polish consent: English words, Polish keypad prompts and an interpreter option.
    assert "Tłumacz, który do mnie oddzwoni: naciśnij 3." in " ".join(consent.says)
    twiml = signed_post(
        stack,
        VOICE_WEBHOOK_PATH,
        call_form(caller.number, caller.call_sid, stack.env["TWILIO_ACCOUNT_SID"], Digits="*"),
        consent.action.split("?", 1)[1],
    )
    says = heard_in(twiml.text)
    assert says.says == consent.says


def test_ringing_again_resumes_where_the_caller_was(stack: Stack, caller: Call):
    caller.dial()
    caller.answer("1")  # English; now at the consent question
    again = caller.dial()  # hangs up and rings again: a new CallSid
    assert "Yes: press 1." in " ".join(again.says)
    assert "Polski" not in " ".join(again.says)


def test_silence_reprompts_twice_then_offers_text_and_hangs_up(stack: Stack, caller: Call):
    first = caller.dial()
    assert caller.answer("").says == first.says
    assert caller.answer("").says == first.says
    goodbye = caller.answer("")
    assert goodbye.hung_up
    assert "text message" in " ".join(goodbye.says)
    assert user_turns_recorded(stack, caller.number) == 1


def test_a_retried_webhook_is_answered_once(stack: Stack, caller: Call):
    caller.dial()
    query = caller.next_action.split("?", 1)[1]
    form = call_form(caller.number, caller.call_sid, stack.env["TWILIO_ACCOUNT_SID"], Digits="1")
    first = signed_post(stack, VOICE_WEBHOOK_PATH, form, query)
    retry = signed_post(stack, VOICE_WEBHOOK_PATH, form, query)
    assert first.status_code == retry.status_code == 200
    assert first.text == retry.text
    assert user_turns_recorded(stack, caller.number) == 2


def test_forged_signature_is_refused_and_rasa_never_sees_it(stack: Stack, caller: Call):
    form = call_form(caller.number, "CA" + "9" * 32, stack.env["TWILIO_ACCOUNT_SID"])
    assert signed_post(stack, VOICE_WEBHOOK_PATH, form, signature=None).status_code == 403
    assert signed_post(stack, VOICE_WEBHOOK_PATH, form, signature="Zm9yZ2Vk").status_code == 403
    assert user_turns_recorded(stack, caller.number) == 0


def test_withheld_number_hears_a_kind_goodbye(stack: Stack):
    for withheld in ("anonymous", "", "+266696687"):
        form = call_form(withheld, "CA" + "8" * 32, stack.env["TWILIO_ACCOUNT_SID"])
        response = signed_post(stack, VOICE_WEBHOOK_PATH, form)
        assert response.status_code == 200
        heard = heard_in(response.text)
        assert heard.hung_up and "number" in " ".join(heard.says)
        form = call_form(withheld, "CA" + "7" * 32, stack.env["TWILIO_ACCOUNT_SID"])
        del form["From"]
        assert signed_post(stack, VOICE_WEBHOOK_PATH, form).status_code == 200


def test_bad_input_is_4xx_or_a_graceful_path_never_500(stack: Stack, caller: Call):
    caller.dial()
    sid, account = caller.call_sid, stack.env["TWILIO_ACCOUNT_SID"]
    for turn, digits in enumerate(("*#*", "#", "99999999999999999999", "٣", "1" * 2000), 10):
        form = call_form(caller.number, sid, account, Digits=digits)
        response = signed_post(stack, VOICE_WEBHOOK_PATH, form, f"turn={turn}&silences=0")
        assert response.status_code == 200, digits
        assert heard_in(response.text).says
    english_speech = call_form(caller.number, sid, account, SpeechResult="what is this")
    response = signed_post(stack, VOICE_WEBHOOK_PATH, english_speech, "turn=20&silences=0")
    assert response.status_code == 200 and heard_in(response.text).says
    no_sid = call_form(caller.number, sid, account)
    del no_sid["CallSid"]
    assert signed_post(stack, VOICE_WEBHOOK_PATH, no_sid).status_code == 400
    url = stack.rasa_url + VOICE_WEBHOOK_PATH
    as_json = httpx.post(url, json={"CallSid": sid}, timeout=10)
    assert as_json.status_code == 403
    huge = httpx.post(
        url,
        content=b"Digits=" + b"1" * 1_000_000,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        timeout=30,
    )
    assert 400 <= huge.status_code < 500
