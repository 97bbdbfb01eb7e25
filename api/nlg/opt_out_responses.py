"""The one kind confirmation after STOP or START (sent where the channel lets us answer)."""

from __future__ import annotations

from api.nlg.context import RenderContext
from api.nlg.keywords import OPT_KEYWORDS
from api.nlg.messages import P_, Rendered


def stopped(ctx: RenderContext) -> Rendered:
    """After STOP: nothing more unless they send START."""
    text = P_(
        "utter_opted_out",
        "You will get no more messages from Front Door. To get them again, send %(start)s.",
    )
    return Rendered(ctx.t(text, start=ctx.t(OPT_KEYWORDS["start"])))


def started(ctx: RenderContext) -> Rendered:
    """After START: messages again, and how to stop them."""
    text = P_(
        "utter_opted_in",
        "You will get messages from Front Door again. To stop them, send %(stop)s.",
    )
    return Rendered(ctx.t(text, stop=ctx.t(OPT_KEYWORDS["stop"])))
