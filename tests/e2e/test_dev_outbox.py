"""A newcomer's first run: what Front Door sends by itself lands in the development outbox, and
`make chat` shows it in the same terminal, marked as sent by Front Door."""

from __future__ import annotations

import queue
import re
import subprocess
import threading
import time

from bot.dev_outbox.client import OutboxClient
from bot.simulator import Call
from tests.e2e.conftest import SmsPhone
from tests.support.stack import BOT_BIN, REPO, Stack

CODE = re.compile(r"Your Front Door code is (\d{6})")
MARK = "[Front Door sent you, by SMS]"


def assessed(phone: SmsPhone) -> None:
    """Someone who texted in and saved their answers (an interpreter in Urdu)."""
    for message in ("hi", "1", "yes", "1"):
        phone.send(message)
    reply = phone.send("3")
    while "Here is what we will record" not in reply:
        reply = phone.send("SKIP")
    assert "saved" in phone.send("1").lower()


def test_a_code_asked_for_on_a_call_lands_in_the_outbox_for_that_number(
    stack: Stack, phone: SmsPhone, caller: Call, outbox: OutboxClient
):
    phone.number = caller.number
    assessed(phone)
    caller.dial()
    assert "we have sent a code to this phone" in " ".join(caller.answer("my data").says)

    [text] = outbox.texts_to(caller.number)
    code = CODE.search(text).group(1)
    [message], _ = outbox.messages(caller.number)
    assert message["channel"] == "sms" and message["fields"]["From"] == "+447700900000"
    assert outbox.texts_to("+447700900999") == [], "only that number's messages"
    assert "This is what we hold about you" in " ".join(caller.answer(code).says)

    log = (stack.workdir / "outbox.log").read_text()
    assert "Kept a message by sms" in log, "the outbox says what it kept"
    for secret in (caller.number, caller.number.lstrip("+"), code):
        assert secret not in log, f"{secret!r} in the outbox's log"


class Simulator:
    """`make chat` in a terminal, as a subprocess fed line by line; its output read as it comes."""

    def __init__(self, stack: Stack, *args: str) -> None:
        env = {**stack.env, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [str(BOT_BIN / "python"), "-m", "bot.simulator", "--url", stack.rasa_url, *args],
            cwd=REPO, env=env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.put(line)

    def type(self, line: str) -> None:
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()

    def shown(self) -> str:
        """Everything printed so far, wrapped lines joined back into sentences."""
        return re.sub(r"\s*\n\s*(?:🔊|│)?\s*", " ", "".join(self.seen))

    def wait_for(self, text: str, seconds: float = 30.0) -> bool:
        """True once `text` has been printed (within `seconds`)."""
        deadline = time.monotonic() + seconds
        while text not in self.shown() and time.monotonic() < deadline:
            try:
                self.seen.append(self.lines.get(timeout=0.2))
            except queue.Empty:
                pass
        return text in self.shown()

    def close(self) -> str:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=15)
        finally:
            self.process.kill()
        while not self.lines.empty():
            self.seen.append(self.lines.get())
        return "".join(self.seen)


def test_make_chat_on_a_call_shows_the_texted_code_marked_as_sent_by_front_door(
    stack: Stack, phone: SmsPhone, caller: Call
):
    phone.number = caller.number
    assessed(phone)
    chat = Simulator(stack, "--channel", "voice", "--from", caller.number)
    try:
        assert chat.wait_for("listening"), chat.close()
        chat.type("my data")
        assert chat.wait_for("we have sent a code to this phone"), chat.close()
        assert chat.wait_for(MARK), f"the code never showed in the chat:\n{chat.close()}"
        assert chat.wait_for("Your Front Door code is", seconds=5)
        shown = chat.shown()
        code = CODE.search(shown[shown.index(MARK) :]).group(1)
        chat.type(code)
        assert chat.wait_for("This is what we hold about you"), chat.close()
    finally:
        transcript = chat.close()
    assert transcript.count(MARK) == 1, "shown once"


def test_make_chat_shows_only_what_was_sent_to_its_own_number(stack: Stack, caller: Call):
    other = SmsPhone(stack, caller.number)
    assessed(other)
    chat = Simulator(stack, "--from", "+447700900998")
    try:
        assert chat.wait_for("Messaging Front Door")
        caller.dial()
        caller.answer("my data")  # a code texted to the caller's number, not the chat's
        time.sleep(3)
    finally:
        transcript = chat.close()
    assert MARK not in transcript
