"""The admin page: languages, prompts side by side with English, edits, history, .po files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from api.admin.ui.auth import SignedIn
from api.admin.ui.web import BASE, check_csrf, current_user, page, to_login
from api.core.audit import record_audit
from api.core.deps import LanguagesDep, SessionDep, SettingsDep
from api.models.admin import ADMIN, ROLE_STATUSES, TranslationEdit
from api.nlg.safety import is_safety_critical
from api.outbound.long_texts import long_texts
from api.translations.coverage import language_coverage, read_catalog
from api.translations.languages import DEFAULT_LANGUAGE, Language, Languages
from api.translations.overrides import (
    Change,
    apply_change,
    english_overrides,
    governance_errors,
    history,
    published_states,
    validation_errors,
)
from api.translations.po_io import PoImportError, export_po, import_po
from api.translations.prompts import Prompt, find_prompt, orphaned, prompts
from api.translations.review import batches, review_order, sends_by_context
from api.translations.status import CHECKED, DRAFT, LABELS, STATUSES

router = APIRouter(prefix=BASE, include_in_schema=False)
MAX_PO_BYTES = 2_000_000
AUDIT_PURPOSE = "translation governance"


def _language(languages: Languages, code: str) -> Language:
    """An offered language or 404."""
    language = languages.get(code)
    if language is None:
        raise HTTPException(status_code=404, detail="Not an offered language.")
    return language


@router.get("", response_class=HTMLResponse)
def languages_page(
    request: Request, session: SessionDep, settings: SettingsDep, languages: LanguagesDep
) -> Response:
    """Every offered language: texts certified, reviewed, machine drafts, stale and missing."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    english = english_overrides(session=session)
    rows = [
        (
            language,
            language_coverage(
                language.code,
                read_catalog(settings.locales_dir, language.code),
                published_states(session=session, language=language.code),
                english,
            )
            if language.code != DEFAULT_LANGUAGE
            else None,
        )
        for language in languages.ordered
    ]
    return page(request, "languages.html", user=user, rows=rows)


@router.get("/languages/{code}", response_class=HTMLResponse)
def prompts_page(
    request: Request,
    code: str,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
    message: str | None = None,
) -> Response:
    """A language's prompts next to the English, with each one's status, in review order
    (safety-critical first, then the most sent) and in batches (api/translations/review.py)."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    language = _language(languages, code)
    rows = prompts(session=session, locales_dir=settings.locales_dir, language=code)
    retired = orphaned(session=session, rows=rows, language=code)
    ordered = review_order(rows, sends_by_context(session, code))
    return page(
        request, "prompts.html", user=user, language=language, batches=batches(ordered),
        message=message, retired=retired, labels=LABELS, long_texts=long_texts(session, code),
    )  # fmt: skip


def _edit_page(
    request: Request, user: SignedIn, language: Language, prompt: Prompt, **extra: object
) -> Response:
    """The edit form for one prompt, with its history."""
    return page(
        request,
        "edit.html",
        status_code=int(str(extra.pop("status_code", 200))),
        user=user,
        language=language,
        prompt=prompt,
        statuses=[s for s in STATUSES if s in ROLE_STATUSES.get(user.role, ())],
        labels=LABELS,
        **extra,
    )


@router.get("/languages/{code}/messages/{key}", response_class=HTMLResponse)
def edit_page(
    request: Request,
    code: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
) -> Response:
    """Edit one prompt: English beside it, length, preview and history."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    language = _language(languages, code)
    prompt = find_prompt(session=session, locales_dir=settings.locales_dir, language=code, key=key)
    if prompt is None:
        raise HTTPException(status_code=404, detail="No such message.")
    edits = history(session=session, language=code, key=key)
    return _edit_page(request, user, language, prompt, edits=edits, errors=[], draft=prompt.text)


def _refused(session: Session, action: str, code: str, what: str, by: str) -> None:
    """Audit a refused publication (committed on its own: nothing else was changed)."""
    session.rollback()
    record_audit(
        session=session,
        action=action,
        outcome="refused",
        fields=[f"language:{code}", what, f"by:{by}"],
        purpose=AUDIT_PURPOSE,
    )
    session.commit()


@router.post("/languages/{code}/messages/{key}", response_class=HTMLResponse)
def publish(
    request: Request,
    code: str,
    key: str,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
    text: Annotated[str, Form(max_length=4000)],
    status: Annotated[str, Form(max_length=16)],
    english: Annotated[str | None, Form(max_length=4000)] = None,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Publish a translation: validated, checked against today's English, recorded, live at once.

    ``english`` is the English the form showed; if it has changed since, the text is refused.
    """
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    prompt = find_prompt(session=session, locales_dir=settings.locales_dir, language=code, key=key)
    if prompt is None:
        raise HTTPException(status_code=404, detail="No such message.")
    source = prompt.english if english is None else english.replace("\r\n", "\n")
    errors = validation_errors(prompt.english, text, prompt.context)
    errors += governance_errors(
        role=user.role,
        language=code,
        key=(prompt.context, prompt.msgid),
        status=status,
        source=source,
        english=prompt.english,
    )
    if errors:
        _refused(session, "translation.publish", code, f"context:{prompt.context}", user.username)
        edits = history(session=session, language=code, key=key)
        return _edit_page(
            request, user, language, prompt, edits=edits, errors=errors, draft=text, status_code=422
        )
    change = Change(
        code, prompt.context, prompt.msgid, text, status, user.username, "edit", source=source
    )
    apply_change(session=session, change=change)
    session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/messages/{key}", status_code=303)


def _rollback_errors(user: SignedIn, edit: TranslationEdit, english: str) -> list[str]:
    """Why this person may not restore the text an edit replaced."""
    if edit.old_text is None:
        return []  # the catalog's text comes back; the renderer still checks safety texts
    status = edit.old_status or DRAFT
    if edit.language != DEFAULT_LANGUAGE and status not in ROLE_STATUSES.get(user.role, ()):
        return [f"The text it replaced was {LABELS[status]}: ask a reviewer to roll it back."]
    if edit.language == DEFAULT_LANGUAGE and user.role == "translator":
        return ["Only admins and reviewers change the English."]
    source = edit.old_source or edit.msgid
    if (
        edit.language != DEFAULT_LANGUAGE
        and is_safety_critical(edit.context, edit.msgid)
        and (status not in CHECKED or source != english)
    ):
        return [
            "The text it replaced is safety-critical and is not a checked translation of today's "
            "English, so it can't be published again. Publish a reviewed translation instead."
        ]
    return []


@router.post("/languages/{code}/messages/{key}/rollback/{edit_id}", response_class=HTMLResponse)
def rollback(
    request: Request,
    code: str,
    key: str,
    edit_id: int,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Undo one edit: publish the text it replaced (or the catalog's, if it replaced none)."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    edit = session.get(TranslationEdit, edit_id)
    if edit is None or (edit.language, edit.msg_key) != (code, key):
        raise HTTPException(status_code=404, detail="No such edit.")
    prompt = find_prompt(session=session, locales_dir=settings.locales_dir, language=code, key=key)
    english = prompt.english if prompt else edit.msgid
    errors = _rollback_errors(user, edit, english)
    if errors and prompt is not None:
        _refused(session, "translation.rollback", code, f"context:{edit.context}", user.username)
        edits = history(session=session, language=code, key=key)
        return _edit_page(
            request, user, _language(languages, code), prompt, edits=edits, errors=errors,
            draft=prompt.text, status_code=422,
        )  # fmt: skip
    change = Change(
        code,
        edit.context,
        edit.msgid,
        edit.old_text,
        edit.old_status or DRAFT,
        user.username,
        "rollback",
        source=edit.old_source,
    )
    apply_change(session=session, change=change)
    session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/messages/{key}", status_code=303)


@router.get("/languages/{code}/export.po")
def export(
    request: Request, code: str, session: SessionDep, settings: SettingsDep, languages: LanguagesDep
) -> Response:
    """Download the language as .po for Poedit, Weblate or a translation agency."""
    if current_user(request, session) is None:
        return to_login()
    _language(languages, code)
    if code == "en":
        raise HTTPException(status_code=404, detail="English is the source language.")
    body = export_po(session=session, locales_dir=settings.locales_dir, language=code)
    filename = f"frontdoor-{code.replace('@', '-')}.po"
    return Response(
        body,
        media_type="text/x-gettext-translation; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.post("/languages/{code}/import", response_class=HTMLResponse)
async def import_file(
    request: Request,
    code: str,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
    file: Annotated[UploadFile, File()],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Publish a translated .po (admins only); any bad line refuses the whole file."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    if user.role != ADMIN:
        raise HTTPException(status_code=403, detail="Only admins import .po files.")
    data = await file.read(MAX_PO_BYTES + 1)
    try:
        if len(data) > MAX_PO_BYTES:
            raise PoImportError(["line 1: the file is larger than 2 MB"])
        count = import_po(
            session=session,
            locales_dir=settings.locales_dir,
            language=code,
            data=data,
            by=user.username,
        )
    except PoImportError as error:
        _refused(session, "translation.import", code, f"errors:{len(error.errors)}", user.username)
        rows = prompts(session=session, locales_dir=settings.locales_dir, language=code)
        return page(
            request, "prompts.html", 422, user=user, language=language, rows=rows,
            import_errors=error.errors, message=None,
        )  # fmt: skip
    record_audit(
        session=session,
        action="translation.import",
        outcome="ok",
        fields=[f"language:{code}", f"changes:{count}", f"by:{user.username}"],
        purpose=AUDIT_PURPOSE,
    )
    session.commit()
    return RedirectResponse(
        f"{BASE}/languages/{code}?message=Imported+{count}+translations", status_code=303
    )
