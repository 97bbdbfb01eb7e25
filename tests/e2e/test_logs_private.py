"""Nothing a person sends, nor their number, reaches any process's log."""

from __future__ import annotations

from tests.e2e.conftest import SmsPhone
from tests.support.stack import Stack


def test_a_whole_conversation_leaves_no_phone_number_or_message_in_the_logs(
    stack: Stack, phone: SmsPhone
):
    secret_words = "Zebedee-Quartzlight lives at 12 Xylophone Road"
    for message in ("Hello there, I need some help please", "1", "yes", "no", secret_words):
        phone.send(message)
    while "Here is what we will record" not in phone.send("SKIP"):
        pass
    phone.send("1")
    phone.send("MY DATA")

    logs = "\n".join(path.read_text(errors="replace") for path in stack.workdir.glob("*.log"))
    assert logs, "the processes wrote logs"
    national = phone.number.replace("+44", "0")
    for personal in (phone.number, phone.number.lstrip("+"), national, "Zebedee", "Xylophone"):
        assert personal not in logs, f"{personal!r} found in a log"
    assert "I need some help" not in logs
