"""Words a person can send at any point (HELP, BACK, SKIP, …): the one table of them.

The API renders them in each language (msgctxt "keyword") and serves the English forms to the
action server with the flow (GET /internal/flow), which matches them in the person's language.
Plain data with gettext markers only, so any environment can read it.
"""

from __future__ import annotations

from api.nlg.messages import P_, Msg

KEYWORDS: dict[str, Msg] = {
    "help": P_("keyword", "HELP"),
    "back": P_("keyword", "BACK"),
    "skip": P_("keyword", "SKIP"),
    "my_data": P_("keyword", "MY DATA"),
    "delete": P_("keyword", "DELETE"),
    "change": P_("keyword", "CHANGE"),
    "call_me": P_("keyword", "CALL ME"),
    "language": P_("keyword", "LANGUAGE"),
    "book": P_("keyword", "BOOK"),
    # Not "CANCEL" alone: Twilio itself treats that word as STOP on UK long codes.
    "cancel": P_("keyword", "CANCEL BOOKING"),
    "privacy": P_("keyword", "PRIVACY"),
    # Not "CHANGE" alone: that changes answers.
    "move": P_("keyword", "MOVE BOOKING"),
    "who_sees": P_("keyword", "WHO SEES"),
    "who_read": P_("keyword", "WHO READ"),
    # Someone acting for someone (api/nlg/representative_responses.py).
    "for_someone": P_("keyword", "FOR SOMEONE ELSE"),
    "remove_helper": P_("keyword", "REMOVE HELPER"),
}

# STOP and START in every language: handled by the channels before the conversation
# (bot/channels/opt_out.py), so not among the words the action server matches.
OPT_KEYWORDS: dict[str, Msg] = {
    "stop": P_("keyword", "STOP"),
    "start": P_("keyword", "START"),
}


def english_keywords() -> dict[str, str]:
    """Each keyword's name and English form, as the action server is sent them."""
    return {name: msg.msgid for name, msg in KEYWORDS.items()}
