"""The code SMS is translated from the catalogs: its English text is the one marked for them."""

from __future__ import annotations

from actions.sms_code import SMS_CODE
from api.nlg.sms_texts import SMS_CODE as MARKED


def test_the_code_text_is_the_catalog_entry() -> None:
    assert (MARKED.context, MARKED.msgid) == ("sms_code", SMS_CODE)
