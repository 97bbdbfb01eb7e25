"""Turning a person's answers (question id → option ids) into coded need rows."""

from __future__ import annotations

from typing import Any

from api.assessment.model import Flow
from api.core.codes import CodedNeed


def coded_answers(
    flow: Flow, answers: dict[str, list[str]]
) -> tuple[dict[str, list[CodedNeed]], list[dict[str, Any]]]:
    """Coded rows per question, and validation errors for anything the flow doesn't ask."""
    coded: dict[str, list[CodedNeed]] = {}
    errors: list[dict[str, Any]] = []
    for question_id, option_ids in answers.items():
        where = ["body", "answers", question_id]
        question = flow.question(question_id)
        if question is None:
            errors.append({"loc": where, "msg": "not a question of the flow", "type": "flow"})
            continue
        options = [question.option(option_id) for option_id in dict.fromkeys(option_ids)]
        if not option_ids or None in options:
            errors.append({"loc": where, "msg": "unknown or missing option", "type": "flow"})
            continue
        if question.type == "single" and len(options) > 1:
            errors.append({"loc": where, "msg": "takes one option", "type": "flow"})
            continue
        coded[question_id] = [option.coded(question_id) for option in options if option]
    return coded, errors
