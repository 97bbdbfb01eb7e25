"""The assessment flow as the action server sees it (parsed from the API's GET /internal/flow)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class FlowOption:
    """One answer of a question."""

    id: str
    text: str
    exclusive: bool = False
    intents: tuple[str, ...] = ()  # free-text intents that choose this option
    names: tuple[str, ...] = ()  # what the option is called in the conversation's language

    def called(self) -> tuple[str, ...]:
        """Every name a person may type for this option: English and the translation."""
        return (self.text, *self.names)


@dataclass(frozen=True)
class FlowQuestion:
    """A closed question: single or multi answer."""

    id: str
    multi: bool
    options: tuple[FlowOption, ...]
    section: str = ""

    def option_at(self, number: int) -> FlowOption | None:
        """The option shown as `number` (1-based), if any."""
        return self.options[number - 1] if 1 <= number <= len(self.options) else None


@dataclass(frozen=True)
class FlowDefinition:
    """The questions in the order asked, a fingerprint that changes with them, the interpreter
    languages that can be recorded and what people call them, and the keywords."""

    fingerprint: str
    questions: tuple[FlowQuestion, ...]
    interpreter_languages: tuple[str, ...] = ()  # every language an interpreter can be named in
    keywords: Mapping[str, str] = field(default_factory=dict)  # name → English form
    # What people call each interpreter language (code → names), from the API's reviewed table.
    interpreter_names: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    @classmethod
    def from_api(cls, body: dict[str, Any]) -> FlowDefinition:
        """Parse the API's JSON (`{"fingerprint", "flow": {"sections": [...]},
        "interpreter_languages": [...], "keywords": {name: English}}`)."""
        questions = tuple(
            FlowQuestion(
                id=question["id"],
                multi=question["type"] == "multi",
                section=section["id"],
                options=tuple(
                    FlowOption(
                        o["id"], o["text"], bool(o.get("exclusive")), tuple(o.get("intents") or ())
                    )
                    for o in question["options"]
                ),
            )
            for section in body["flow"]["sections"]
            for question in section["questions"]
        )
        return cls(
            fingerprint=str(body.get("fingerprint", "")),
            questions=questions,
            interpreter_languages=tuple(str(code) for code in body["interpreter_languages"]),
            keywords={str(name): str(english) for name, english in body["keywords"].items()},
            interpreter_names={
                str(code): tuple(str(name) for name in names)
                for code, names in (body.get("interpreter_names") or {}).items()
            },
        )

    def named(self, translate: Callable[[str, str], str]) -> FlowDefinition:
        """This flow with each option's translated name, from translate(question id, text)."""
        questions = tuple(
            replace(
                question,
                options=tuple(
                    replace(option, names=(translate(question.id, option.text),))
                    for option in question.options
                ),
            )
            for question in self.questions
        )
        return replace(self, questions=questions)

    def first_of_section(self, section_id: str) -> FlowQuestion | None:
        """The first question of a section, if the flow has that section."""
        return next((q for q in self.questions if q.section == section_id), None)

    def question(self, question_id: str) -> FlowQuestion | None:
        """The question with this id, if the flow still asks it."""
        return next((q for q in self.questions if q.id == question_id), None)

    def after(self, question_id: str | None) -> FlowQuestion | None:
        """The question asked after `question_id` (the first when None), or None at the end."""
        if question_id is None:
            return self.questions[0] if self.questions else None
        ids = [q.id for q in self.questions]
        if question_id not in ids:
            return None
        index = ids.index(question_id) + 1
        return self.questions[index] if index < len(self.questions) else None
