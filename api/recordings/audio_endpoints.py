"""The recorded prompts' audio, for Twilio's `<Play>`: public, content-addressed, cached for ever.

Anyone with a URL can fetch it (Twilio fetches without credentials); a URL is only ever given
out inside our TwiML, holds no personal data, and can't be guessed (api/recordings/urls.py).
"""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from fastapi.responses import Response

from api.core.deps import SessionDep, SettingsDep
from api.recordings.storage import audio_store
from api.recordings.urls import AUDIO_PREFIX, url_key, verified_sha256

router = APIRouter(prefix=AUDIO_PREFIX, include_in_schema=False)
FOREVER = "public, max-age=31536000, immutable"


@router.get("/{name}")
def get_audio(name: str, session: SessionDep, settings: SettingsDep) -> Response:
    """The audio a signed name stands for; 404 for anything else."""
    sha256 = verified_sha256(url_key(settings.data_key), name)
    found = audio_store().get(session, sha256) if sha256 else None
    if found is None:
        raise HTTPException(status_code=404, detail="No such audio.")
    content_type, data = found
    return Response(
        data,
        media_type=content_type,
        headers={
            "Cache-Control": FOREVER,
            "ETag": f'"{sha256}"',
            "X-Content-Type-Options": "nosniff",
        },
    )
