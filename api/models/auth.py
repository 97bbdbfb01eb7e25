"""Tables of api.auth.oauth (imported by api.models)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from api.core.db import utcnow
from api.models.tables import Base


class OAuthClient(Base):
    """The public client id of a provider credential that is used through OAuth2."""

    __tablename__ = "oauth_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(40), unique=True)
    provider_client_id: Mapped[int] = mapped_column(ForeignKey("provider_clients.id"), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
