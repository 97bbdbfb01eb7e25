"""Babel extractor for flow definitions: every question and option text, with its context."""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from api.assessment.model import Flow

MARKER = "P_"  # the same keyword the Python sources use: P_(context, text)


def extract_flow(
    fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Yield (line, marker, (context, text), comments) for pybabel extract."""
    flow = Flow.model_validate(yaml.safe_load(fileobj.read().decode("utf-8")))
    for section in flow.sections:
        yield 0, MARKER, (f"flow:section:{section.id}", section.title), []
    for question in flow.questions():
        context = f"flow:{question.id}"
        yield 0, MARKER, (context, question.label), []
        yield 0, MARKER, (context, question.text), []
        for option in question.options:
            yield 0, MARKER, (context, option.text), []
