"""How a text names a keyword: set apart, with the English word beside it (which works too).

In a non-Latin script a keyword inside a sentence reads as part of it ("for this call me send");
each language's catalog sets it apart in its own quotation marks and says the English word
works as well, e.g. «اتصل بي» (أو CALL ME). English names the word alone.
"""

from __future__ import annotations

from api.nlg.context import RenderContext
from api.nlg.keywords import KEYWORDS
from api.nlg.messages import P_

# TRANSLATORS: how a sentence names a keyword: %(keyword)s is it in your language, %(english)s
# the English word, which works too. Set the keyword apart in your script's quotation marks.
KEYWORD_MENTION = P_("keyword_mention", "%(keyword)s (or %(english)s)")


def mention(ctx: RenderContext, name: str) -> str:
    """A keyword as a sentence names it in the conversation language."""
    msg = KEYWORDS[name]
    word = ctx.t(msg)
    if word == msg.msgid:
        return word
    return ctx.t(KEYWORD_MENTION, keyword=word, english=msg.msgid)


def mentions(ctx: RenderContext) -> dict[str, str]:
    """Every keyword as sentences name it, by its placeholder name (%(call_me)s, %(book)s, …)."""
    return {name: mention(ctx, name) for name in KEYWORDS}
