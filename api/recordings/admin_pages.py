"""The admin page's recordings: per language every spoken piece with its recording state; play,
upload, record in the browser, review, remove; the script for a voice artist and a zip import."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from api.admin.ui.auth import SignedIn
from api.admin.ui.web import BASE, check_csrf, current_user, page, to_login
from api.core.audit import record_audit
from api.core.deps import LanguagesDep, SessionDep, SettingsDep
from api.models.admin import ROLE_STATUSES, AdminUser, AdminUserLanguage
from api.recordings.audio import MAX_UPLOAD_BYTES, AudioError, Normalised, normalise
from api.recordings.pieces import SpokenPiece
from api.recordings.script import read_zip, script_csv
from api.recordings.service import (
    AUDIT_PURPOSE,
    STATE_LABELS,
    RecordingRefused,
    Uploader,
    recordings_of,
    review_recording,
    save_recording,
    spoken_pieces,
    state,
)
from api.recordings.storage import audio_store
from api.recordings.urls import audio_path, url_key
from api.translations.languages import Language, Languages
from api.translations.status import LABELS, STATUSES

router = APIRouter(prefix=f"{BASE}/languages/{{code}}/recordings", include_in_schema=False)
MAX_ZIP_UPLOAD = 200_000_000
RECORDER_JS = (Path(__file__).parent / "recorder.js").read_text(encoding="utf-8")


def _language(languages: Languages, code: str) -> Language:
    language = languages.get(code)
    if language is None:
        raise HTTPException(status_code=404, detail="Not an offered language.")
    return language


def uploader(session: Session, user: SignedIn) -> Uploader:
    """The signed-in user with the languages they work in (none listed: all)."""
    rows = session.scalars(
        select(AdminUserLanguage.language)
        .join(AdminUser, AdminUser.id == AdminUserLanguage.user_id)
        .where(AdminUser.username == user.username)
    ).all()
    return Uploader(user.username, user.role, frozenset(rows) if rows else None)


def _pieces(request: Request, session: Session, code: str) -> dict[str, SpokenPiece]:
    settings, languages = request.app.state.settings, request.app.state.languages
    found = spoken_pieces(
        session=session, locales_dir=settings.locales_dir, languages=languages, language=code
    )
    return {piece.piece_id: piece for piece in found}


def _with_media(response: Response) -> Response:
    """The page's policy, also letting the recorder play back what it just recorded."""
    policy = response.headers["Content-Security-Policy"]
    response.headers["Content-Security-Policy"] = policy + "; media-src 'self' blob:"
    return response


def _list_page(
    request: Request, session: Session, user: SignedIn, language: Language, status_code: int = 200,
    **extra: object,
) -> Response:  # fmt: skip
    key = url_key(request.app.state.settings.data_key)
    recordings = recordings_of(session=session, language=language.code)
    rows = [
        (piece, state(piece, recordings.get(piece.piece_id)), recordings.get(piece.piece_id))
        for piece in _pieces(request, session, language.code).values()
    ]
    counts = {
        label: sum(1 for _, s, _ in rows if s == name) for name, label in STATE_LABELS.items()
    }
    return page(
        request, "recordings.html", status_code=status_code, user=user, language=language,
        rows=rows, counts=counts, labels=STATE_LABELS,
        path=lambda r: audio_path(key, r.audio_sha256), **extra,
    )  # fmt: skip


@router.get("", response_class=HTMLResponse)
def recordings_page(
    request: Request, code: str, session: SessionDep, languages: LanguagesDep,
    message: str | None = None,
) -> Response:  # fmt: skip
    """Every spoken piece of a language with its recording state."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    return _list_page(request, session, user, _language(languages, code), message=message)


def _piece_page(
    request: Request, session: Session, user: SignedIn, language: Language, piece: SpokenPiece,
    status_code: int = 200, errors: list[str] | None = None,
) -> Response:  # fmt: skip
    recording = recordings_of(session=session, language=language.code).get(piece.piece_id)
    key = url_key(request.app.state.settings.data_key)
    return _with_media(
        page(
            request,
            "recording.html",
            status_code=status_code,
            user=user,
            language=language,
            piece=piece,
            recording=recording,
            state=state(piece, recording),
            labels=STATE_LABELS,
            statuses=[s for s in STATUSES if s in ROLE_STATUSES.get(user.role, ())],
            status_labels=LABELS,
            errors=errors or [],
            audio=audio_path(key, recording.audio_sha256) if recording else None,
        )  # fmt: skip
    )


def _piece(request: Request, session: Session, code: str, piece_id: str) -> SpokenPiece:
    piece = _pieces(request, session, code).get(piece_id)
    if piece is None:
        raise HTTPException(status_code=404, detail="No such spoken text.")
    return piece


@router.get("/script.csv")
def script(request: Request, code: str, session: SessionDep, languages: LanguagesDep) -> Response:
    """The recording script for a voice artist (text id, words, English, notes, file name)."""
    if current_user(request, session) is None:
        return to_login()
    _language(languages, code)
    body = script_csv(list(_pieces(request, session, code).values()))
    filename = f"frontdoor-recording-script-{code.replace('@', '-')}.csv"
    return PlainTextResponse(
        body,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/recorder.js")
def recorder_js(code: str) -> Response:
    """The page's recorder (a file, as the pages allow no inline script)."""
    return Response(RECORDER_JS, media_type="text/javascript; charset=utf-8")


def _audit_refusal(session: Session, code: str, action: str, by: str, count: int) -> None:
    session.rollback()
    record_audit(
        session=session, action=action, outcome="refused",
        fields=[f"language:{code}", f"errors:{count}", f"by:{by}"], purpose=AUDIT_PURPOSE,
    )  # fmt: skip
    session.commit()


@router.post("/import", response_class=HTMLResponse, max_body_size=MAX_ZIP_UPLOAD + 1_000_000)
async def import_zip(
    request: Request,
    code: str,
    session: SessionDep,
    languages: LanguagesDep,
    file: Annotated[UploadFile, File()],
    status: Annotated[str, Form(max_length=16)] = "draft",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Save every file of a zip named after a current text; list each refused one."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    who = uploader(session, user)
    data = await file.read(MAX_ZIP_UPLOAD + 1)
    pieces = _pieces(request, session, code)
    store = audio_store()

    def save(piece: SpokenPiece, audio: Normalised) -> None:
        save_recording(session=session, store=store, language=code, piece=piece, audio=audio,
                       status=status, who=who)  # fmt: skip

    try:
        if len(data) > MAX_ZIP_UPLOAD:
            raise RecordingRefused(["The zip is larger than 200 MB."])
        result = read_zip(data, pieces, save)
    except RecordingRefused as refused:
        _audit_refusal(session, code, "recording.import", user.username, len(refused.errors))
        return _list_page(request, session, user, language, 422, import_errors=refused.errors)
    session.commit()
    message = f"Imported {len(result.saved)} recordings."
    if result.refused:
        return _list_page(
            request, session, user, language, 422 if not result.saved else 200,
            message=message, import_errors=result.refused,
        )  # fmt: skip
    return RedirectResponse(
        f"{BASE}/languages/{code}/recordings?message={message.replace(' ', '+')}", status_code=303
    )


@router.get("/{piece_id}", response_class=HTMLResponse)
def piece_page(
    request: Request, code: str, piece_id: str, session: SessionDep, languages: LanguagesDep
) -> Response:
    """One piece: its words, English, recording, upload and record forms, review."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    language = _language(languages, code)
    return _piece_page(request, session, user, language, _piece(request, session, code, piece_id))


@router.post("/{piece_id}", response_class=HTMLResponse, max_body_size=2 * MAX_UPLOAD_BYTES)
async def upload(
    request: Request,
    code: str,
    piece_id: str,
    session: SessionDep,
    settings: SettingsDep,
    languages: LanguagesDep,
    file: Annotated[UploadFile, File()],
    status: Annotated[str, Form(max_length=16)] = "draft",
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Save an uploaded or browser-made recording: decoded, resampled, loudness-normalised."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    piece = _piece(request, session, code, piece_id)
    try:
        audio = normalise(await file.read(MAX_UPLOAD_BYTES + 1))
        save_recording(session=session, store=audio_store(), language=code, piece=piece,
                       audio=audio, status=status, who=uploader(session, user))  # fmt: skip
    except (AudioError, RecordingRefused) as error:
        errors = error.errors if isinstance(error, RecordingRefused) else [str(error)]
        _audit_refusal(session, code, "recording.save", user.username, len(errors))
        return _piece_page(request, session, user, language, piece, 422, errors)
    session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/recordings/{piece_id}", status_code=303)


@router.post("/{piece_id}/status", response_class=HTMLResponse)
def review(
    request: Request,
    code: str,
    piece_id: str,
    session: SessionDep,
    languages: LanguagesDep,
    status: Annotated[str, Form(max_length=16)],
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Give the current recording a status: a reviewer publishes it as reviewed or certified."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    piece = _piece(request, session, code, piece_id)
    try:
        review_recording(session=session, language=code, piece=piece, status=status,
                         who=uploader(session, user))  # fmt: skip
    except RecordingRefused as refused:
        _audit_refusal(session, code, "recording.review", user.username, len(refused.errors))
        return _piece_page(request, session, user, language, piece, 422, refused.errors)
    session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/recordings/{piece_id}", status_code=303)


@router.post("/{piece_id}/delete", response_class=HTMLResponse)
def remove(
    request: Request,
    code: str,
    piece_id: str,
    session: SessionDep,
    languages: LanguagesDep,
    csrf_token: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    """Remove a piece's recording (the voice or English says it again)."""
    user = current_user(request, session)
    if user is None:
        return to_login()
    check_csrf(user, csrf_token)
    language = _language(languages, code)
    who = uploader(session, user)
    row = recordings_of(session=session, language=code).get(piece_id)
    if who.languages is not None and code not in who.languages:
        piece = _piece(request, session, code, piece_id)
        return _piece_page(request, session, user, language, piece, 403,
                           ["You can remove recordings only in your own languages."])  # fmt: skip
    if row is not None:
        session.delete(row)
        record_audit(
            session=session, action="recording.remove", outcome="ok",
            fields=[f"language:{code}", f"piece:{piece_id}", f"by:{user.username}"],
            purpose=AUDIT_PURPOSE,
        )  # fmt: skip
        session.commit()
    return RedirectResponse(f"{BASE}/languages/{code}/recordings", status_code=303)
