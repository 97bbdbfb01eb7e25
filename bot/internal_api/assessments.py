"""One person's answers, shaped as POST /internal/assessments takes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class AssessmentAnswers:
    """One person's answers, as the API's internal endpoint takes them."""

    phone: str
    language: str
    channel: str
    consent_granted: bool
    interpreter_needed: bool | None
    interpreter_language: str | None
    answers: dict[str, list[str]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        """The JSON body of POST /internal/assessments."""
        interpreter = None
        if self.interpreter_needed is not None:
            interpreter = {
                "needed": self.interpreter_needed,
                "language": self.interpreter_language if self.interpreter_needed else None,
            }
        return {
            "phone": self.phone,
            "language": self.language,
            "channel": self.channel,
            "consent": {"granted": self.consent_granted, "language": self.language},
            "interpreter": interpreter,
            "answers": {question: ids for question, ids in self.answers.items() if ids},
        }
