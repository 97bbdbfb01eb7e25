"""Process settings, read once from the environment."""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

# The data key's placeholder lives with the keys (api/core/data_keys.py), which the bot shares.
from api.core.data_keys import DEV_DATA_KEY
from api.core.environment import DEVELOPMENT, is_secret, placeholder_problems, production_message

REPO_ROOT = Path(__file__).resolve().parents[2]
DEV_SERVICE_TOKEN = "dev-service-token"  # noqa: S105 - a published development placeholder
DEV_ADMIN_TOKEN = "dev-admin-token"  # noqa: S105 - a published development placeholder
# Signs OAuth2 access tokens (api/auth/oauth.py); scripts/setup writes a random one into .env.
DEV_OAUTH_SIGNING_KEY = "dev-oauth-signing-key-not-secret-0123456789"  # noqa: S105


class Environment(str, Enum):
    """Where the process runs: only FRONTDOOR_ENV=development is development; any other value,
    or none, is production, which refuses development placeholders."""

    development = "development"
    production = "production"


class Settings(BaseSettings):
    """Typed settings for the API process."""

    model_config = SettingsConfigDict(env_file=None, extra="ignore", populate_by_name=True)

    database_url: str = Field(
        default=f"sqlite:///{REPO_ROOT / 'var' / 'frontdoor.db'}", validation_alias="DATABASE_URL"
    )
    service_token: str = Field(
        default=DEV_SERVICE_TOKEN, min_length=8, validation_alias="FRONTDOOR_SERVICE_TOKEN"
    )
    environment: Environment = Field(
        default=Environment.production, validation_alias="FRONTDOOR_ENV"
    )
    locales_dir: Path = Field(default=REPO_ROOT / "locales", validation_alias="LOCALES_DIR")
    admin_token: str = Field(
        default=DEV_ADMIN_TOKEN, min_length=8, validation_alias="FRONTDOOR_ADMIN_TOKEN"
    )
    rate_limit_per_minute: int = Field(
        default=600, ge=1, le=100_000, validation_alias="FRONTDOOR_RATE_LIMIT_PER_MINUTE"
    )
    webhook_worker: bool = Field(default=True, validation_alias="FRONTDOOR_WEBHOOK_WORKER")
    oauth_signing_key: str = Field(
        default=DEV_OAUTH_SIGNING_KEY, min_length=32, validation_alias="FRONTDOOR_OAUTH_SIGNING_KEY"
    )
    oauth_token_seconds: int = Field(
        default=300, ge=30, le=3600, validation_alias="FRONTDOOR_OAUTH_TOKEN_SECONDS"
    )
    data_key: str = Field(
        default=DEV_DATA_KEY, min_length=32, validation_alias="FRONTDOOR_DATA_KEY"
    )
    # Comma-separated keys used before the current one: they decrypt, never encrypt.
    old_data_keys_csv: str = Field(default="", validation_alias="FRONTDOOR_OLD_DATA_KEYS")
    # Retention (api/retention/service.py): days each kind of record is kept.
    keep_conversations_days: int = Field(
        default=30, ge=1, validation_alias="FRONTDOOR_KEEP_CONVERSATIONS_DAYS"
    )
    keep_closed_callbacks_days: int = Field(
        default=90, ge=1, validation_alias="FRONTDOOR_KEEP_CLOSED_CALLBACKS_DAYS"
    )
    keep_verification_codes_days: int = Field(
        default=1, ge=1, validation_alias="FRONTDOOR_KEEP_VERIFICATION_CODES_DAYS"
    )
    keep_delivery_status_days: int = Field(
        default=180, ge=1, validation_alias="FRONTDOOR_KEEP_DELIVERY_STATUS_DAYS"
    )
    keep_after_withdrawal_days: int = Field(
        default=30, ge=0, validation_alias="FRONTDOOR_KEEP_AFTER_WITHDRAWAL_DAYS"
    )
    keep_bookings_days: int = Field(
        default=180, ge=1, validation_alias="FRONTDOOR_KEEP_BOOKINGS_DAYS"
    )
    keep_reminders_days: int = Field(
        default=30, ge=1, validation_alias="FRONTDOOR_KEEP_REMINDERS_DAYS"
    )
    keep_closed_waiting_days: int = Field(
        default=90, ge=1, validation_alias="FRONTDOOR_KEEP_CLOSED_WAITING_DAYS"
    )
    keep_check_ins_days: int = Field(
        default=180, ge=1, validation_alias="FRONTDOOR_KEEP_CHECK_INS_DAYS"
    )
    keep_feedback_days: int = Field(
        default=365, ge=1, validation_alias="FRONTDOOR_KEEP_FEEDBACK_DAYS"
    )
    keep_webhook_deliveries_days: int = Field(
        default=30, ge=1, validation_alias="FRONTDOOR_KEEP_WEBHOOK_DELIVERIES_DAYS"
    )
    keep_change_events_days: int = Field(
        default=90, ge=1, validation_alias="FRONTDOOR_KEEP_CHANGE_EVENTS_DAYS"
    )
    # Rasa's SQL tracker store, whose old conversation events retention deletes (path or URL).
    rasa_tracker_db: str = Field(
        default=str(REPO_ROOT / "var" / "rasa-tracker.db"), validation_alias="RASA_TRACKER_DB"
    )
    # Scale-out: Rasa's Redis tracker store (REDIS_URL's database), for erasure and key rotation.
    redis_url: str = Field(default="", validation_alias="REDIS_URL")
    # The ONS (GSS) area this deployment serves: journey steps are counted in it and the
    # measures compare with its population baseline by default (docs/metrics.md).
    area_code: str = Field(default="", pattern=r"^([A-Z][0-9A-Z]{0,15})?$",
                           validation_alias="FRONTDOOR_AREA_CODE")  # fmt: skip

    @field_validator("environment", mode="before")
    @classmethod
    def _production_unless_development(cls, value: object) -> Environment:
        """Anything but `development` (a typo, `staging`, empty) is production."""
        text = value.value if isinstance(value, Environment) else str(value or "")
        return Environment.development if text.strip() == DEVELOPMENT else Environment.production

    @model_validator(mode="after")
    def _refuse_placeholder_secret_in_production(self) -> Settings:
        """In production, refuse every secret still at a development placeholder."""
        if not self.is_production:
            return self
        # The defaults are the values published in .env.example (a test holds them equal).
        given = {
            field.validation_alias: getattr(self, name)
            for name, field in type(self).model_fields.items()
            if isinstance(field.validation_alias, str) and is_secret(field.validation_alias)
        }
        problems = placeholder_problems(given)
        if problems:
            raise ValueError(production_message(problems))
        return self

    @property
    def old_data_keys(self) -> list[str]:
        """Earlier data keys, still accepted for reading."""
        return [key.strip() for key in self.old_data_keys_csv.split(",") if key.strip()]

    @property
    def uses_dev_admin_token(self) -> bool:
        """Whether the admin token is the published development placeholder."""
        return self.admin_token == DEV_ADMIN_TOKEN

    @property
    def uses_dev_token(self) -> bool:
        """Whether the service token is the published development placeholder."""
        return self.service_token == DEV_SERVICE_TOKEN

    @property
    def is_production(self) -> bool:
        """Whether this process runs in production."""
        return self.environment is Environment.production
