"""Opaque pagination cursors: a kind and a position, base64url-encoded and checked on the way in."""

from __future__ import annotations

import base64
import binascii

from fastapi import HTTPException

MAX_POSITION = 2**62


def encode_cursor(kind: str, position: int) -> str:
    """An opaque cursor for a position in a listing of this kind."""
    raw = f"{kind}:{position}".encode("ascii")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(kind: str, cursor: str | None) -> int:
    """The position a cursor of this kind points at (0 without one); 400 if it is not ours."""
    if cursor is None or cursor == "":
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        raw = base64.urlsafe_b64decode(padded.encode("ascii")).decode("ascii")
        name, _, number = raw.partition(":")
        position = int(number)
    except (ValueError, binascii.Error, UnicodeError) as exc:
        raise HTTPException(400, "The cursor is not valid.") from exc
    if name != kind or not number.isdigit() or position > MAX_POSITION:
        raise HTTPException(400, "The cursor is not valid.")
    return position
