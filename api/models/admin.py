"""Tables of the admin page: its users and sessions, published translations and their history."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base
from api.translations.status import CERTIFIED, DRAFT, REVIEWED

ADMIN, REVIEWER, TRANSLATOR = "admin", "reviewer", "translator"
ANALYST = "analyst"  # sees the measures dashboard only
ROLES = (ADMIN, REVIEWER, TRANSLATOR, ANALYST)
# Who may publish with which status: translators draft; qualified reviewers check; admins too.
ROLE_STATUSES = {
    TRANSLATOR: (DRAFT,),
    REVIEWER: (DRAFT, REVIEWED, CERTIFIED),
    ADMIN: (DRAFT, REVIEWED, CERTIFIED),
}


class AdminUser(Base):
    """A person who may sign in to the admin page (password stored as an Argon2 hash)."""

    __tablename__ = "admin_users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdminSession(Base):
    """A signed-in browser: the cookie's SHA-256 and the session's CSRF token."""

    __tablename__ = "admin_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int] = mapped_column(ForeignKey("admin_users.id", ondelete="CASCADE"))
    expires_at: Mapped[datetime] = mapped_column()


class TranslationOverride(Base):
    """A published translation that wins over the catalog, live on every instance."""

    __tablename__ = "translation_overrides"
    __table_args__ = (UniqueConstraint("language", "msg_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    msg_key: Mapped[str] = mapped_column(String(64))
    context: Mapped[str] = mapped_column(String(200))
    msgid: Mapped[str] = mapped_column(Text)
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    # The English the text was translated from (None in rows from before 0013: the msgid).
    source: Mapped[str | None] = mapped_column(Text, default=None)
    updated_by: Mapped[str] = mapped_column(String(100))
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class TranslationEdit(Base):
    """One change to a published translation: who, when, what it was and what it became."""

    __tablename__ = "translation_edits"
    __table_args__ = (Index("ix_translation_edits_language_msg_key", "language", "msg_key"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    language: Mapped[str] = mapped_column(String(16))
    msg_key: Mapped[str] = mapped_column(String(64))
    context: Mapped[str] = mapped_column(String(200))
    msgid: Mapped[str] = mapped_column(Text)
    old_text: Mapped[str | None] = mapped_column(Text, default=None)
    new_text: Mapped[str | None] = mapped_column(Text, default=None)
    status: Mapped[str] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(Text, default=None)
    # What the edit replaced, so a rollback restores its status and source too.
    old_status: Mapped[str | None] = mapped_column(String(16), default=None)
    old_source: Mapped[str | None] = mapped_column(Text, default=None)
    action: Mapped[str] = mapped_column(String(16))
    edited_by: Mapped[str] = mapped_column(String(100))
    edited_at: Mapped[datetime] = mapped_column(default=utcnow)


class AdminUserLanguage(Base):
    """A language an admin page user works in; a user with none listed works in every one."""

    __tablename__ = "admin_user_languages"
    __table_args__ = (UniqueConstraint("user_id", "language"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("admin_users.id", ondelete="CASCADE"))
    language: Mapped[str] = mapped_column(String(16))
