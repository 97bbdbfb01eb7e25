"""docs/assessment.md from the default flow: every question, its options and the code stored.

.venv/api/bin/python -m api.assessment.docs        # rewrites docs/assessment.md
"""

from __future__ import annotations

import sys

from api.assessment.model import SYSTEMS, Flow
from api.assessment.store import default_flow
from api.core.codes import INTERPRETER_LANGUAGES, INTERPRETER_NEEDED_GENERIC
from api.core.settings import REPO_ROOT
from api.people.representatives import (
    AUTHORITIES,
    AUTHORITY_NAMES,
    BEST_INTERESTS,
    CONSENT,
    DEPUTY,
    LPA,
    PARENT,
    PROXY_ROLES,
)

DOC = REPO_ROOT / "docs" / "assessment.md"
SYSTEM_NAMES = {"sct": "SNOMED CT", "fd": "Front Door", "ra": "RA-ConditionCode"}

HEADER = """# The assessment: questions, options and codes

Generated from `api/assessment/default.yml` by `.venv/api/bin/python -m api.assessment.docs`;
a test fails when this page is stale. Admins can publish their own flow (`PUT /admin/flow`);
this page describes the default.

Every conversation starts with the language (a menu in each language's own script), consent (its
version and language are stored with it), and whether the person wants an interpreter and in which
language. The interpreter menu offers the conversation's own language first, then every offered
language, British Sign Language and "another language" (a name written or said, in English or in
that language, from `locales/interpreter_languages.yml`); every language in the table below can be
recorded, with its ISO 639 code as the need's value (639-3 where 639-1 has none). Then the
questions below, in order; then a read-back to confirm before anything is stored. Every question
offers "Prefer not to say" as its last option (nothing is stored for it), and at any point a
person can send HELP, BACK or SKIP (in their own language too, e.g. POMOC, WSTECZ, POMIŃ). A reply
that isn't understood is asked again kindly, twice at most; then we move on. Multi-answer
questions take several numbers ("1 3", "1, 3", "1 and 3").

Code systems: SNOMED CT is `{sct}` (concepts from the draft NHS reasonable-adjustment value set —
check them against the current UK edition before going live); impairments use NHS England's draft
reasonable-adjustment condition codes `{ra}`; Front Door's own is `{fd}` for answers SNOMED CT does
not express as we need. Options marked with intents can also be chosen in free text ("I'm deaf",
"no internet at home"), understood by the NLU model.

## Interpreter

| answer | system | code | display |
|---|---|---|---|
| No interpreter needed | Front Door | `interpreter-not-needed` | Interpreter not needed |
| Needed, language not given | SNOMED CT | `315594003` | Interpreter needed |
"""


def _interpreter_rows() -> list[str]:
    rows = []
    for code, language in INTERPRETER_LANGUAGES.items():
        concept, display = (language.snomed, language.snomed_display)
        if concept is None:  # no concept of its own: "Interpreter needed" with the language
            concept, display = INTERPRETER_NEEDED_GENERIC
        rows.append(f"| {language.display} (`{code}`) | SNOMED CT | `{concept}` | {display} |")
    return rows


AFTERWARDS = """
## Afterwards: who sees the answers, who read them, and needs a provider recorded

At any point, in their language (keywords and the menu after the assessment, on SMS, WhatsApp
and calls; on a call only after the texted code, like MY DATA):
- **WHO SEES** lists, numbered, the organisations that can see the person's needs, each with how
  it came to see them: an appointment booked with it, its referral (waiting list), or the
  person's agreement to share with NHS services. **STOP n** stops organisation n seeing them at
  once (every provider route, its changes feed and webhooks, as a per-organisation withdrawal);
  **ALLOW n** undoes it. The numbers are those of the list last shown. A bare STOP is the
  carriers' opt-out and never reaches the conversation; STOP with a number does.
- **WHO READ** lists the organisations whose reads of the record the audit log holds from the
  last 90 days, each with its latest read as a date and time in the person's language.
- **Needs recorded by a provider** (`POST /v1/people/{id}/observed-needs`, docs/provider-api.md,
  with the codes above) stand beside the person's own answers, never over them. The person is
  texted in their language, with the organisation's name, the need in the words of their own
  read-back, and a note when it differs from what they said; they answer yes (their own answer
  becomes it: a one-answer question replaced, a several-answers one added to) or no (nothing of
  theirs changes; the provider sees `rejected`). MY DATA lists each with the answer given.
"""


SOMEONE_ELSE = """
## Someone contacting us for someone else

At any point, FOR SOMEONE ELSE (in each language; also an option after the assessment, and in
HELP) starts a short path for a representative (`actions/conversation/representative.py`): who
they are to the person (family member, carer, friend, support worker, parent, legal authority),
what lets them act (below), for a parent the child's age (16 or over is refused: the child decides
for themselves), the person's own mobile number (UK or international form, checked with
`phonenumbers`; not the representative's own) and the language the person reads best, then a
read-back to confirm. Nothing is recorded before that "yes". Then the person is texted in their
language from their own catalog: where the authority is their consent, asked to reply YES or NO
(YES is also their consent to record and share, and they carry on with the interpreter question);
for any other authority, told who says they act for them and how to end it. The person sends
REMOVE HELPER (in their language) to end everyone acting for them. The representative can then
ask to see what is held about the person, which the API allows only within their authority; on a
call only after the texted code, like MY DATA.

| authority | RA FlagProxyRole | may read for the person | consent to record and share |
|---|---|---|---|
"""


def _authority_rows() -> list[str]:
    may = {
        CONSENT: "once the person replies YES",
        LPA: "yes",
        DEPUTY: "yes",
        PARENT: "until the child may be 16 (from the age given)",
        BEST_INTERESTS: "no: the care team decides (providers see who helps)",
    }
    consent = {CONSENT: "the person's YES", BEST_INTERESTS: "not given by them"}
    return [
        f"| {AUTHORITY_NAMES[name]} (`{name}`) | `{PROXY_ROLES[name][0]}` {PROXY_ROLES[name][1]} "
        f"| {may[name]} | {consent.get(name, 'the representative, on registering')} |"
        for name in AUTHORITIES
    ]


def assessment_markdown(flow: Flow) -> str:
    """The whole page for a flow."""
    header = HEADER.format(sct=SYSTEMS["sct"], fd=SYSTEMS["fd"], ra=SYSTEMS["ra"])
    lines = [header.rstrip(), *_interpreter_rows()]
    for section in flow.sections:
        lines += ["", f"## {section.title}"]
        for question in section.questions:
            kind = "several answers" if question.type == "multi" else "one answer"
            lines += [
                "",
                f"### {question.label} (`{question.id}`, {kind})",
                "",
                f"> {question.text}",
                "",
                "| # | option | system | code | display | free text (intents) |",
                "|---|---|---|---|---|---|",
            ]
            for number, option in enumerate(question.options, start=1):
                system, code, display = option.code
                lines.append(
                    f"| {number} | {option.text} | {SYSTEM_NAMES[system]} | `{code}` | {display} |"
                )
            lines.append(
                f"| {len(question.options) + 1} | Prefer not to say | — | — | nothing stored |"
            )
    lines.append(AFTERWARDS.rstrip())
    lines += ["", SOMEONE_ELSE.rstrip(), *_authority_rows()]
    return "\n".join(lines) + "\n"


def main() -> int:
    """Rewrite docs/assessment.md."""
    DOC.write_text(assessment_markdown(default_flow()), encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO_ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
