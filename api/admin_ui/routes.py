"""The admin page: languages, prompts side by side with English, edits, history, .po files."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.admin_ui import routes_auth
from api.admin_ui.auth import SignedIn
from api.admin_ui.models import ADMIN, STATUSES, TranslationEdit
from api.admin_ui.overrides import (
    Change,
    apply_change,
    history,
    published_statuses,
    validation_errors,
)
from api.admin_ui.po_io import PoImportError, export_po, import_po
from api.admin_ui.prompts import Prompt, find_prompt, prompts
from api.admin_ui.web import BASE, check_csrf, current_user, page, to_login
from api.deps import LanguagesDep, SessionDep, SettingsDep
from api.languages import Language, Languages
from api.translations import language_coverage, read_catalog

router = APIRouter(prefix=BASE, include_in_schema=False)
router.include_router(routes_auth.router)
MAX_PO_BYTES = 2_000_000


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
    """Every offered language with how much is translated, draft or missing."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    rows = [
        (
            language,
            language_coverage(
                language.code,
                read_catalog(settings.locales_dir, language.code),
                published_statuses(session=session, language=language.code),
            )
            if language.code != "en"
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
    """A language's prompts next to the English, with each one's status."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    language = _language(languages, code)
    rows = prompts(session=session, locales_dir=settings.locales_dir, language=code)
    return page(request, "prompts.html", user=user, language=language, rows=rows, message=message)


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
        statuses=STATUSES,
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
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Publish a translation: validated, recorded, live at once."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    prompt = find_prompt(session=session, locales_dir=settings.locales_dir, language=code, key=key)
    if prompt is None:
        raise HTTPException(status_code=404, detail="No such message.")
    errors = validation_errors(prompt.english, text, prompt.context)
    if status not in STATUSES:
        errors.append("Choose draft or reviewed.")
    if errors:
        edits = history(session=session, language=code, key=key)
        return _edit_page(
            request, user, language, prompt, edits=edits, errors=errors, draft=text, status_code=422
        )
    change = Change(code, prompt.context, prompt.english, text, status, user.username, "edit")
    apply_change(session=session, change=change)
    session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/messages/{key}", status_code=303)


@router.post("/languages/{code}/messages/{key}/rollback/{edit_id}")
def rollback(
    request: Request,
    code: str,
    key: str,
    edit_id: int,
    session: SessionDep,
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
    change = Change(
        code, edit.context, edit.msgid, edit.old_text, "reviewed", user.username, "rollback"
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
        session.rollback()
        rows = prompts(session=session, locales_dir=settings.locales_dir, language=code)
        return page(
            request, "prompts.html", 422, user=user, language=language, rows=rows,
            import_errors=error.errors, message=None,
        )  # fmt: skip
    session.commit()
    return RedirectResponse(
        f"{BASE}/languages/{code}?message=Imported+{count}+translations", status_code=303
    )
