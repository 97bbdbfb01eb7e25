"""What a person is told while proving it is them: a code asked for, refused, not sent, locked.

The code goes by SMS to the number (actions/sms_code.py); on a call it is keyed in, by text it is
sent back. Where we can't go on, a call back is offered with the CALL ME word of their language.
"""

from __future__ import annotations

from collections.abc import Callable

from api.nlg.context import RenderContext
from api.nlg.keyword_wording import mention
from api.nlg.messages import P_, Msg, Rendered
from api.nlg.voice_wording import VOICE_CHANNEL

ASK_ON_A_CALL = P_(
    "utter_ask_code",
    "To keep your information safe, we have sent a code to this phone by text message. "
    "Please key in the six digits.",
)
ASK_BY_TEXT = P_(
    "utter_ask_code",
    "To keep your information safe, we have sent you a code in a separate text message. "
    "Please reply with the six digits.",
)
# TRANSLATORS: %(call_me)s is the CALL ME word of your language, as translated for "keyword".
REFUSED = P_(
    "utter_code_refused",
    "For your safety, we can't send you another code for now. Please try again in an hour, "
    "or ask for a call back: %(call_me)s.",
)
NOT_SENT = P_(
    "utter_code_not_sent",
    "Sorry, we could not text you a code just now, so we can't do this yet. Please try again "
    "later, or ask for a call back: %(call_me)s.",
)
LOCKED = P_(
    "utter_code_locked",
    "For your safety, we can't go on with this for the next half hour. You can ask for a call "
    "back: %(call_me)s.",
)


def ask_code(ctx: RenderContext) -> Rendered:
    """Key in the code on a call; reply with it by text."""
    return Rendered(ctx.t(ASK_ON_A_CALL if ctx.channel == VOICE_CHANNEL else ASK_BY_TEXT))


def _with_call_me(msg: Msg) -> Callable[[RenderContext], Rendered]:
    return lambda ctx: Rendered(ctx.t(msg, call_me=mention(ctx, "call_me")))


code_refused = _with_call_me(REFUSED)
code_not_sent = _with_call_me(NOT_SENT)
code_locked = _with_call_me(LOCKED)
