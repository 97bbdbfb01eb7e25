"""Recorded prompts on the admin page: upload (normalised), clear errors, roles and languages,
the recording script, zip import refused line by line, and the audio URL Twilio fetches."""

from __future__ import annotations

import csv
import io
import random
import re
import wave

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from api.admin.ui import cli
from api.models.admin import AdminUser, AdminUserLanguage
from api.recordings.pieces import text_id
from tests.api.admin_ui_support import add_user, csrf_of, sign_in
from tests.support.test_audio import tone, zipped

SAVED_EN = "Thank you. Your answers are saved and shared with the NHS services that care for you."
SAVED_ID = text_id("utter_saved", SAVED_EN)
PAGE = "/admin/ui/languages/so/recordings"
AUDIO = re.compile(r'src="(/voice/audio/[0-9a-f]{64}-[0-9a-f]{32}\.wav)"')


def upload(client: TestClient, piece: str, data: bytes, status: str = "draft", code: str = "so"):
    path = f"/admin/ui/languages/{code}/recordings/{piece}"
    return client.post(
        path,
        data={"status": status, "csrf_token": csrf_of(client, path)},
        files={"file": ("x.wav", data, "audio/wav")},
        follow_redirects=False,
    )


def test_an_upload_is_normalised_served_for_ever_and_bad_files_get_a_clear_error(
    client: TestClient, session: Session
) -> None:
    add_user(session, "rita", "reviewer")
    sign_in(client, "rita")

    saved = upload(client, SAVED_ID, tone(seconds=0.5, rate=44100, level=0.01), "reviewed")
    assert saved.status_code == 303, saved.text
    page = client.get(f"{PAGE}/{SAVED_ID}").text
    assert "reviewed" in page and "by rita" in page
    path = AUDIO.search(page).group(1)  # type: ignore[union-attr]

    client.cookies.clear()  # Twilio fetches with no session
    audio = client.get(path)
    assert audio.status_code == 200 and audio.headers["content-type"] == "audio/wav"
    assert "immutable" in audio.headers["cache-control"]
    with wave.open(io.BytesIO(audio.content)) as played:
        assert (played.getframerate(), played.getnchannels(), played.getsampwidth()) == (8000, 1, 2)
        frames = played.readframes(played.getnframes())
    peak = max(abs(int.from_bytes(frames[i : i + 2], "little", signed=True))
               for i in range(0, len(frames), 2))  # fmt: skip
    # A quiet take (-43 dBFS) comes out at -20 dBFS RMS: a sine's peak is then 0.141 of full scale.
    assert 0.12 * 32767 < peak < 0.16 * 32767, peak
    forged = path[:-12] + "0" * 8 + ".wav"
    assert client.get(forged).status_code == 404
    assert client.get(path.replace("/voice/audio/", "/voice/audio/x")).status_code == 404

    sign_in(client, "rita")
    for data, reason in (
        (b"not audio at all", "not a WAV or MP3"),
        (tone(seconds=0.05), "too short"),
        (tone(level=0.0), "silent"),
        (b"RIFF\x00\x00\x00\x00WAVEjunk", "could not be read"),
    ):
        refused = upload(client, SAVED_ID, data)
        assert refused.status_code == 422 and reason in refused.text, reason
    assert client.get(f"{PAGE}/nosuchpiece").status_code == 404


def test_a_translator_records_drafts_only_and_only_in_their_languages(
    client: TestClient, session: Session
) -> None:
    add_user(session, "tariq", "translator")
    user_id = session.query(AdminUser).filter_by(username="tariq").one().id
    session.add(AdminUserLanguage(user_id=user_id, language="ur"))
    session.commit()
    sign_in(client, "tariq")

    assert "can record only in your own languages" in upload(client, SAVED_ID, tone()).text
    assert upload(client, SAVED_ID, tone(), code="ur").status_code == 303
    refused = upload(client, SAVED_ID, tone(), status="certified", code="ur")
    assert refused.status_code == 422 and "As a translator" in refused.text


def test_the_script_lists_every_piece_and_a_zip_is_refused_file_by_file(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    script = list(csv.DictReader(io.StringIO(client.get(f"{PAGE}/script.csv").text)))
    by_id = {row["text id"]: row for row in script}
    assert by_id[SAVED_ID]["English"] == SAVED_EN and by_id[SAVED_ID]["words"]
    assert {"number-1", "number-20", "press", "star", "hash", "name"} <= set(by_id)
    assert by_id["name"]["words"] == "Soomaali"
    assert any(row["notes"].startswith("Part 1 of") for row in script)

    stale = by_id[SAVED_ID]["file"].replace(".wav", "").rsplit("_", 1)[0] + "_00000000.wav"
    archive = zipped([
        (by_id[SAVED_ID]["file"], tone()),
        ("number-3.wav", tone()),
        ("deadbeef0000.wav", tone()),
        (stale, tone()),
        ("press.txt", b"hello"),
        ("star.wav", b"garbage"),
    ])  # fmt: skip
    answer = client.post(
        f"{PAGE}/import",
        data={"status": "reviewed", "csrf_token": csrf_of(client, PAGE)},
        files={"file": ("takes.zip", archive, "application/zip")},
    )
    assert "Imported 2 recordings" in answer.text
    assert "deadbeef0000.wav: no such text" in answer.text
    assert f"{SAVED_ID}_00000000.wav: stale" in answer.text
    assert "press.txt: not a WAV or MP3" in answer.text
    assert "star.wav: The file is not a WAV" in answer.text
    page = client.get(PAGE).text
    assert page.count('class="status-reviewed"') == 2


def test_the_cli_limits_a_new_user_to_their_languages(
    database: str, session: Session, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", database)
    monkeypatch.setenv(cli.PASSWORD_VARIABLE, "a long enough password")
    args = ["create-user", "--username", "uma", "--role", "translator", "--languages", "ur, so"]
    assert cli.main(args) == 0
    user_id = session.query(AdminUser).filter_by(username="uma").one().id
    rows = session.query(AdminUserLanguage).filter_by(user_id=user_id).all()
    assert sorted(row.language for row in rows) == ["so", "ur"]


def test_a_voice_artists_zip_may_be_larger_than_other_requests(
    client: TestClient, session: Session
) -> None:
    add_user(session, "ada", "admin")
    sign_in(client, "ada")
    noise = random.Random(7).randbytes(1_500_000)  # doesn't compress
    take = tone(seconds=0.5) + noise  # a half-second WAV with trailing bytes its header ignores
    takes = [(f"number-{n}.wav", take) for n in (1, 2, 3)]
    archive = zipped(takes)
    assert len(archive) > 4 * 1024 * 1024  # more than the API takes for any other request
    answer = client.post(
        f"{PAGE}/import",
        data={"csrf_token": csrf_of(client, PAGE)},
        files={"file": ("takes.zip", archive, "application/zip")},
    )
    assert answer.status_code == 200 and "Imported 3 recordings" in answer.text, answer.text[-500:]
    big = upload(client, "number-4", take + noise * 3)
    assert big.status_code == 422 and "larger than 5 MB" in big.text
