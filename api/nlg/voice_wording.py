"""Texts written for a text message that a caller must hear differently: keys, not replies.

A caller can't "reply with a number"; on a call these are said in their place. Each is its own
text in the catalogs (context "voice"), translated and editable like any other.
"""

from __future__ import annotations

from api.nlg.messages import P_, Msg

VOICE_CHANNEL = "twilio_voice"  # Rasa's output channel name for calls

ON_A_CALL: dict[Msg, Msg] = {
    P_("utter_ask_language", "Welcome to Front Door. Reply with a number to choose your language."):
        P_("voice", "Welcome to Front Door. Press the number of your language."),
    P_("utter_not_understood", "Sorry, I didn't understand. Please reply with one of the numbers."):
        P_("voice", "Sorry, I didn't understand. Please press one of the numbers."),
    P_(
        "utter_empty_message",
        "I couldn't see any words in your message. Please reply with a number or a few words.",
    ): P_("voice", "Sorry, I didn't hear an answer. Please press one of the numbers."),
    P_(
        "utter_save_failed",
        "Sorry, we couldn't save this just now. Your answers are kept. Reply YES to try again.",
    ): P_(
        "voice",
        "Sorry, we couldn't save this just now. Your answers are kept. Say yes to try again.",
    ),
    P_("utter_no_bookings", "You have no appointments booked with us. Send BOOK to make one."):
        P_("voice", "You have no appointments booked with us."),
}  # fmt: skip

# TRANSLATORS: the one word a caller says to ask for slower speech on a call (lower case).
SLOWER = P_("voice", "slower")
# TRANSLATORS: "hash" is the # key on a telephone keypad; %(slower)s is your word for "slower".
SLOWER_HINT = P_("voice", "To hear this more slowly, press hash or say %(slower)s.")
