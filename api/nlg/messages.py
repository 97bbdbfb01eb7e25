"""Translatable message markers and rendered-response shapes."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Msg:
    """A translatable text: a context (the response name) and the English source text."""

    context: str
    msgid: str


def P_(context: str, msgid: str) -> Msg:  # noqa: N802 - gettext marker convention
    """Mark a text for extraction (`pybabel extract -k P_:1c,2`); translated when rendered."""
    return Msg(context, msgid)


@dataclass(frozen=True)
class Plural:
    """A text about a count: its context and English singular and plural (the catalogs give each
    language its own forms, by its Plural-Forms)."""

    context: str
    singular: str
    plural: str


def NP_(context: str, singular: str, plural: str) -> Plural:  # noqa: N802 - gettext marker
    """Mark a counted text for extraction (`pybabel extract -k NP_:1c,2,3`)."""
    return Plural(context, singular, plural)


@dataclass(frozen=True)
class Button:
    """A reply option: what the person sees and the payload the bot receives."""

    title: str
    payload: str


@dataclass(frozen=True)
class Rendered:
    """A rendered response in Rasa's NLG reply shape."""

    text: str
    buttons: list[Button] = field(default_factory=list)

    def as_json(self) -> dict[str, object]:
        """The JSON body Rasa expects from an NLG server."""
        return {
            "text": self.text,
            "buttons": [{"title": b.title, "payload": b.payload} for b in self.buttons],
        }
