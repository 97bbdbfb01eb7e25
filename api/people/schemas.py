"""Request and response bodies of the internal and provider APIs."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from api.core.phones import normalise_sender
from api.translations.languages import LANGUAGE_CODE_PATTERN

Channel = Literal["sms", "whatsapp", "voice"]
LanguageCode = Annotated[str, Field(pattern=LANGUAGE_CODE_PATTERN)]
# Every phone field of the internal API is a sender Twilio delivered (api/core/phones.py).
PhoneNumber = Annotated[str, Field(max_length=32), AfterValidator(normalise_sender)]


class ConsentIn(BaseModel):
    """The consent answer and the language the consent wording was shown in."""

    model_config = ConfigDict(extra="forbid")

    granted: bool
    language: LanguageCode


class InterpreterIn(BaseModel):
    """The interpreter answer; language is null when not needed or not given."""

    model_config = ConfigDict(extra="forbid")

    needed: bool
    language: LanguageCode | None = None
    words: str | None = Field(default=None, max_length=500)


class AssessmentIn(BaseModel):
    """What the action server posts at the end of the conversation."""

    model_config = ConfigDict(extra="forbid")

    phone: PhoneNumber
    language: LanguageCode
    channel: Channel
    consent: ConsentIn
    interpreter: InterpreterIn | None = None
    # {question id: [option ids]} for the flow's questions; a skipped question is left out.
    answers: dict[str, list[str]] = Field(default_factory=dict, max_length=64)


class AssessmentRecorded(BaseModel):
    """The person whose answers were recorded."""

    person_id: str


class AssessmentNotRecorded(BaseModel):
    """Nothing was recorded because consent was not given."""

    recorded: Literal[False] = False


class PersonRef(BaseModel):
    """A person's opaque id."""

    id: str
    nhs_number: str | None = Field(default=None, examples=["9434765919"])


class PeoplePage(BaseModel):
    """People matching a search that the organisation may see."""

    items: list[PersonRef]


class Coding(BaseModel):
    """A code in a code system."""

    system: str
    code: str
    display: str | None


class LanguageOut(BaseModel):
    """The person's conversation language."""

    code: str
    display: str


class ConsentOut(BaseModel):
    """The consent currently in force."""

    version: str
    language: str
    recorded_at: datetime


class NeedOut(BaseModel):
    """One current coded need."""

    kind: str
    code: Coding
    value: Coding | None
    words: str | None
    recorded_at: datetime
    source_channel: str


class RepresentativeOut(BaseModel):
    """Someone acting (or asking to act) for the person, and their authority."""

    relationship: str = Field(examples=["family"])
    authority: str = Field(examples=["consent"], description="Front Door's name of it")
    proxy_role: Coding | None = Field(
        default=None, description="The national flag's proxy role (RA FlagProxyRole)"
    )
    status: Literal["pending", "active"] = Field(
        description="pending: waiting for the person's own YES; active: may act for them"
    )
    phone: str
    since: datetime
    confirmed_at: datetime | None = None


class PersonNeeds(BaseModel):
    """A person's language, consent and current needs."""

    person_id: str
    language: LanguageOut
    consent: ConsentOut
    confirmed_at: datetime | None = Field(
        default=None, description="When the person last confirmed these answers"
    )
    needs: list[NeedOut]
    nhs_number: str | None = Field(default=None, description="Attached by a provider, if any")
    representatives: list[RepresentativeOut] = Field(
        default_factory=list, description="Who acts for the person, or asked to"
    )
