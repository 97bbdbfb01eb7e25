"""Texts written for a text message that a caller must hear differently: keys, not replies.

A caller can't "reply with a number"; on a call these are said in their place. Each is its own
text in the catalogs (context "voice"), translated and editable like any other.
"""

from __future__ import annotations

from api.nlg.messages import P_, Msg

VOICE_CHANNEL = "twilio_voice"  # Rasa's output channel name for calls

# TRANSLATORS: "star" and "hash" are the * and # keys on a telephone keypad.
HELP_ON_A_CALL = P_(
    "voice",
    "Press the number of your answer. Press star to hear a question again, or hash to hear it "
    "more slowly.",
)

ON_A_CALL: dict[Msg, Msg] = {
    P_(
        "utter_ask_language",
        "Welcome to Front Door. Reply with a number to choose your language.",
    ): P_(
        "voice",
        "Welcome to Front Door. Press the number of your language.",
    ),
    P_(
        "utter_not_understood",
        "Sorry, I didn't understand. Please reply with one of the numbers.",
    ): P_(
        "voice",
        "Sorry, I didn't understand. Please press one of the numbers.",
    ),
    P_(
        "utter_empty_message",
        "I couldn't see any words in your message. Please reply with a number or a few words.",
    ): P_(
        "voice",
        "Sorry, I didn't hear an answer. Please press one of the numbers.",
    ),
    P_(
        "utter_save_failed",
        "Sorry, we couldn't save this just now. Your answers are kept. Reply YES to try again.",
    ): P_(
        "voice",
        "Sorry, we couldn't save this just now. Your answers are kept. Say yes to try again.",
    ),
    P_(
        "utter_no_bookings",
        "You have no appointments booked with us. Send %(book)s to make one.",
    ): P_(
        "voice",
        "You have no appointments booked with us.",
    ),
    # The rest drop the written instruction (send a keyword) and keep what comes before it.
    P_(
        "utter_no_consent",
        "That's fine. Nothing has been recorded. Send us any message if you change your mind.",
    ): P_(
        "voice",
        "That's fine. Nothing has been recorded.",
    ),
    P_(
        "utter_deleted",
        "Done. We have deleted everything we held about you. Send us a message any time if you "
        "want to start again.",
    ): P_(
        "voice",
        "Done. We have deleted everything we held about you.",
    ),
    P_(
        "utter_no_slot_chosen",
        "That's fine. Send %(book)s whenever you want to look again.",
    ): P_(
        "voice",
        "That's fine.",
    ),
    P_(
        "utter_no_slots",
        "There are no appointments that fit what you need right now. Send %(book)s again later, "
        "or %(call_me)s and a person will help.",
    ): P_(
        "voice",
        "There are no appointments that fit what you need right now.",
    ),
    P_(
        "utter_moving_on",
        "Let's move on to the next question. Send %(back)s to answer that one later, or "
        "%(call_me)s if you'd like a person to ring you.",
    ): P_(
        "voice",
        "Let's move on to the next question.",
    ),
    P_(
        "utter_cancelled",
        "Cancelled: %(appointment)s. Send %(book)s if you would like another appointment.",
    ): P_(
        "voice",
        "Cancelled: %(appointment)s.",
    ),
    P_(
        "utter_reminder",
        "Reminder of your appointment: %(appointment)s. To change it, send %(move)s. To cancel "
        "it, send %(cancel)s.",
    ): P_(
        "voice",
        "Reminder of your appointment: %(appointment)s.",
    ),
    P_(
        "utter_code_refused",
        "For your safety, we can't send you another code for now. Please try again in an hour, "
        "or ask for a call back: %(call_me)s.",
    ): P_(
        "voice",
        "For your safety, we can't send you another code for now.",
    ),
    P_(
        "utter_code_not_sent",
        "Sorry, we could not text you a code just now, so we can't do this yet. Please try "
        "again later, or ask for a call back: %(call_me)s.",
    ): P_(
        "voice",
        "Sorry, we could not text you a code just now, so we can't do this yet.",
    ),
    P_(
        "utter_code_locked",
        "For your safety, we can't go on with this for the next half hour. You can ask for a "
        "call back: %(call_me)s.",
    ): P_(
        "voice",
        "For your safety, we can't go on with this for the next half hour.",
    ),
    P_(
        "utter_feedback_question",
        "Please help us improve: a few quick questions about how this went. They are optional: "
        "send %(skip)s to stop.",
    ): P_(
        "voice",
        "Please help us improve: a few quick questions about how this went.",
    ),
    P_(
        "utter_privacy",
        "What we keep: your language, your answers and how to contact you. Who sees it: only "
        "the NHS services that care for you, and only while you agree. We never sell it or use "
        "it for anything else. Send %(my_data)s to see it, %(change)s to change it, %(delete)s "
        "to delete it, or %(call_me)s to ask a person.",
    ): P_(
        "voice",
        "What we keep: your language, your answers and how to contact you. Who sees it: only "
        "the NHS services that care for you, and only while you agree. We never sell it or use "
        "it for anything else.",
    ),
    P_(
        "utter_ask_question",
        "Sorry, that question is no longer asked. Please reply with anything.",
    ): P_(
        "voice",
        "Sorry, that question is no longer asked. Press any key to go on.",
    ),
    P_(
        "utter_help",
        "Reply with the number of your answer. You can also send: %(back)s for the last "
        "question, %(skip)s to skip a question, %(change)s to change an answer, %(call_me)s for "
        "a person to ring you, %(my_data)s to see what we hold about you, %(delete)s to delete "
        "it, %(language)s to change language, %(help)s to see this again.",
    ): HELP_ON_A_CALL,
    P_(
        "utter_help",
        "Appointments: send %(book)s to book one, %(move)s to move it, %(cancel)s to cancel it. "
        "Send %(privacy)s to hear what we keep and why.",
    ): P_(
        "voice",
        "Appointments can be booked, moved or cancelled by text message to this number.",
    ),
    P_(
        "utter_help",
        "Send %(for_someone)s if you are contacting us for someone else, or %(remove_helper)s to "
        "stop someone acting for you.",
    ): P_(
        "voice",
        "You can contact us for someone else, or stop someone acting for you, by text message "
        "to this number.",
    ),
    P_(
        "utter_ask_representative_child_age",
        "How old is your child? Please send a number.",
    ): P_(
        "voice",
        "How old is your child? Please say the number, or key it in.",
    ),
    P_(
        "utter_representative_phone_invalid",
        "That doesn't look like their own mobile number. Please send it again, for example "
        "07700 900123.",
    ): P_(
        "voice",
        "That doesn't look like their own mobile number. Please say it again, or key it in, for "
        "example 07700 900123.",
    ),
}

# TRANSLATORS: the one word a caller says to ask for slower speech on a call (lower case).
SLOWER = P_("voice", "slower")
# TRANSLATORS: "hash" is the # key on a telephone keypad; %(slower)s is your word for "slower".
SLOWER_HINT = P_("voice", "To hear this more slowly, press hash or say %(slower)s.")
