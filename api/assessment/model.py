"""The shape of a flow definition, validated on load and on every admin change."""

from __future__ import annotations

import hashlib
import json
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from api.core.codes import ACCESS_NEED, SNOMED, CodedNeed

RA_CONDITION = "https://fhir.nhs.uk/England/CodeSystem/RA-ConditionCode"
SYSTEMS = {"sct": SNOMED, "fd": ACCESS_NEED, "ra": RA_CONDITION}
IDENTIFIER = r"^[a-z][a-z0-9_]{0,31}$"
SKIP_OPTION = "skip"


class Option(BaseModel):
    """One answer a person can choose, and the code a provider sees for it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    text: str = Field(min_length=1, max_length=120)
    code: tuple[str, str, str]
    exclusive: bool = False
    intents: tuple[str, ...] = ()  # NLU intents (free text) that choose this option

    @field_validator("code")
    @classmethod
    def _known_system(cls, code: tuple[str, str, str]) -> tuple[str, str, str]:
        if code[0] not in SYSTEMS:
            raise ValueError(f"code system must be one of {sorted(SYSTEMS)}")
        return code

    def coded(self, kind: str) -> CodedNeed:
        """This option as a need row of the given kind (the question id)."""
        system, code, display = self.code
        return CodedNeed(kind, SYSTEMS[system], code, display)


class Question(BaseModel):
    """A closed question: one answer (single) or several (multi)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    label: str = Field(min_length=1, max_length=40)
    text: str = Field(min_length=1, max_length=300)
    type: Literal["single", "multi"]
    options: tuple[Option, ...] = Field(min_length=2, max_length=12)

    @model_validator(mode="after")
    def _unique_options(self) -> Question:
        ids = [option.id for option in self.options]
        if len(set(ids)) != len(ids) or SKIP_OPTION in ids:
            raise ValueError(f"option ids must be unique and not {SKIP_OPTION!r}")
        return self

    def option(self, option_id: str) -> Option | None:
        """The option with this id, if the question has one."""
        return next((option for option in self.options if option.id == option_id), None)


class Section(BaseModel):
    """A group of questions about one subject."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=IDENTIFIER)
    title: str = Field(min_length=1, max_length=80)
    questions: tuple[Question, ...] = Field(min_length=1)


class Flow(BaseModel):
    """A whole assessment flow."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    version: int = 1
    sections: tuple[Section, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_questions(self) -> Flow:
        ids = [question.id for question in self.questions()]
        if len(set(ids)) != len(ids) or "interpreter" in ids:
            raise ValueError("question ids must be unique and not 'interpreter'")
        return self

    def questions(self) -> list[Question]:
        """Every question in the order asked."""
        return [question for section in self.sections for question in section.questions]

    def question(self, question_id: str) -> Question | None:
        """The question with this id, if the flow asks it."""
        return next((q for q in self.questions() if q.id == question_id), None)

    def fingerprint(self) -> str:
        """A short hash that changes whenever anything in the flow changes."""
        return self.content_hash

    @cached_property
    def content_hash(self) -> str:
        """The fingerprint, computed once: the flow is frozen, and the bot checks it every turn."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]
