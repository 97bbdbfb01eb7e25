"""docs/assessment.md tells the truth about the default flow."""

from __future__ import annotations

from api.assessment.docs import DOC, assessment_markdown
from api.assessment.store import default_flow


def test_assessment_doc_matches_the_default_flow() -> None:
    assert DOC.read_text(encoding="utf-8") == assessment_markdown(default_flow()), (
        "docs/assessment.md is stale: run `.venv/api/bin/python -m api.assessment.docs`"
    )


def test_assessment_doc_lists_every_option_code() -> None:
    page = assessment_markdown(default_flow())
    for question in default_flow().questions():
        for option in question.options:
            assert f"`{option.code[1]}`" in page
