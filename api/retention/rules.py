"""Where every table and store stands on erasure (DELETE) and retention: one list, one place.

`tests/api/retention/test_data_rules.py` fails when a table in the metadata (or a reply cache or

tracker
store class in bot/) has no entry here, and proves the rules by erasing a person recorded
everywhere. An entry is either what erasure / retention does, or an `Exempt` with the reason.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Exempt:
    """Not erased (or not aged out), and why."""

    reason: str


@dataclass(frozen=True)
class Rule:
    """What DELETE does to a table's rows about the person, and how long rows are kept."""

    erasure: str | Exempt
    retention: str | Exempt
    # After erasure a row may still hold the person's random id (and nothing else about them).
    keeps_erased_id: bool = False


WITH_PERSON = "with the person: erased when consent has been withdrawn everywhere for "
WITHDRAWN = WITH_PERSON + "FRONTDOOR_KEEP_AFTER_WITHDRAWAL_DAYS"
NOT_PERSONAL = "holds nothing about people who contact us"

TABLES: dict[str, Rule] = {
    "people": Rule(
        "scrubbed to a bare random id (number, language, confirmation gone)",
        WITHDRAWN,
        keeps_erased_id=True,
    ),
    "consents": Rule("deleted", WITHDRAWN),
    "needs": Rule("deleted (free text too)", WITHDRAWN),
    "person_nhs_numbers": Rule("deleted", WITHDRAWN),
    "organisation_consent_withdrawals": Rule("deleted", WITHDRAWN),
    "provider_needs": Rule("deleted (accepted, rejected or not yet answered)", WITHDRAWN),
    "bookings": Rule(
        "deleted; the slot is free again",
        "FRONTDOOR_KEEP_BOOKINGS_DAYS after the appointment, or the move or cancellation",
    ),
    "booking_reminders": Rule(
        "deleted with the bookings",
        "FRONTDOOR_KEEP_REMINDERS_DAYS after sending once the appointment passed; with bookings",
    ),
    "waiting_entries": Rule(
        "deleted (the referral text too)",
        "FRONTDOOR_KEEP_CLOSED_WAITING_DAYS after the entry ended; open entries: " + WITHDRAWN,
    ),
    "check_ins": Rule("deleted", "FRONTDOOR_KEEP_CHECK_INS_DAYS"),
    "check_in_prompts": Rule(
        "deleted", "FRONTDOOR_KEEP_CHECK_INS_DAYS (the newest while still waiting stays)"
    ),
    "feedback_answers": Rule(
        "kept only fully unlinked for the anonymous measures: no person, no booking, day only",
        "FRONTDOOR_KEEP_FEEDBACK_DAYS",
    ),
    "change_events": Rule(
        "deleted, then one `person.erased` tombstone with the random id only",
        "FRONTDOOR_KEEP_CHANGE_EVENTS_DAYS (tombstones too)",
        keeps_erased_id=True,
    ),
    "webhook_deliveries": Rule(
        "deleted with the person's change events",
        "FRONTDOOR_KEEP_WEBHOOK_DELIVERIES_DAYS after delivery or giving up; with their events",
    ),
    "message_status_events": Rule("deleted (by number)", "FRONTDOOR_KEEP_DELIVERY_STATUS_DAYS"),
    "outbound_messages": Rule(
        "deleted (by number), queued ones too: nothing more is sent",
        "FRONTDOOR_KEEP_DELIVERY_STATUS_DAYS after queueing, once sent or given up",
    ),
    "unreachable_channels": Rule(
        "deleted (by number)", Exempt("kept while the number stays refused, or it would be retried")
    ),
    "callback_requests": Rule(
        "deleted (by number; the staff's words too)",
        "FRONTDOOR_KEEP_CLOSED_CALLBACKS_DAYS after closing; open ones: " + WITHDRAWN,
    ),
    "representatives": Rule(
        "deleted: those acting for the person, and the number's own acting for anyone", WITHDRAWN
    ),
    "verification_codes": Rule(
        "deleted (by number)", "FRONTDOOR_KEEP_VERIFICATION_CODES_DAYS after expiry"
    ),
    "call_preferences": Rule(
        "deleted (by number)",
        "with the person; a number no person holds: FRONTDOOR_KEEP_CONVERSATIONS_DAYS after its "
        "last change, as the conversation it was asked for in",
    ),
    "contact_preferences": Rule(
        Exempt("a STOP opt-out must outlive erasure, or the number could be messaged again"),
        Exempt("kept while it stands for the same reason; START removes the opt-out"),
    ),
    "audit_events": Rule(
        Exempt("append-only record of who read what; names only the random id, no personal data"),
        Exempt("the accountability record; holds no personal data once the person is erased"),
        keeps_erased_id=True,
    ),
    "slots": Rule(Exempt(NOT_PERSONAL), Exempt("the provider's own timetable")),
    "organisations": Rule(Exempt(NOT_PERSONAL), Exempt("providers, removed by an admin")),
    "provider_clients": Rule(Exempt(NOT_PERSONAL), Exempt("credentials, revoked or expired")),
    "oauth_clients": Rule(Exempt(NOT_PERSONAL), Exempt("credentials, revoked or expired")),
    "webhook_subscriptions": Rule(Exempt(NOT_PERSONAL), Exempt("removed by the provider")),
    "admin_users": Rule(Exempt(NOT_PERSONAL), Exempt("staff accounts, removed by an admin")),
    "admin_sessions": Rule(Exempt(NOT_PERSONAL), Exempt("staff sessions, they expire")),
    "callback_staff": Rule(Exempt(NOT_PERSONAL), Exempt("staff roles, removed by an admin")),
    "translation_overrides": Rule(Exempt(NOT_PERSONAL), Exempt("the published wording")),
    "translation_edits": Rule(Exempt(NOT_PERSONAL), Exempt("the wording's history")),
    "flow_versions": Rule(Exempt(NOT_PERSONAL), Exempt("the flow's history")),
    "voice_recordings": Rule(Exempt(NOT_PERSONAL), Exempt("the recorded wording")),
    "admin_user_languages": Rule(Exempt(NOT_PERSONAL), Exempt("staff roles, removed by an admin")),
    "voice_audio": Rule(Exempt(NOT_PERSONAL), Exempt("audio of the recorded wording")),
    "text_sends": Rule(
        Exempt("counts per language and text only: no message, person or number"),
        Exempt("counts that order translation review"),
    ),
    "population_baselines": Rule(Exempt(NOT_PERSONAL), Exempt("published census counts")),
    "measure_steps": Rule(
        Exempt("steps reached, with no id: nothing links a row to a person or to another row"),
        Exempt("the measures' history; no personal data"),
    ),
    "whatsapp_templates": Rule(Exempt(NOT_PERSONAL), Exempt("a copy of Twilio's templates")),
}

# Stores outside the records database, keyed by the class that implements each (in bot/).
STORES: dict[str, Rule] = {
    "ReplyCache": Rule(
        "the DELETE turn drops the number's cached replies (bot/channels/twilio_sms.py)",
        "replies expire 24 hours after they were given",
    ),
    "RedisReplyCache": Rule(
        "the DELETE turn drops the number's cached replies, found through a keyed-hash index",
        "Redis expires each reply (and the index) 24 hours after it was given",
    ),
    "ErasingSQLTrackerStore": Rule(
        "the DELETE turn deletes the whole conversation, by its keyed hash (bot/tracker_stores.py);"
        " retention's erasure too (api/conversations/stores.py)",
        "FRONTDOOR_KEEP_CONVERSATIONS_DAYS (api/retention/service.py purge_conversations)",
    ),
    "ErasingRedisTrackerStore": Rule(
        "the DELETE turn deletes the whole conversation, by its keyed hash (bot/tracker_stores.py);"
        " retention's erasure too (api/conversations/stores.py)",
        "the key expires FRONTDOOR_KEEP_CONVERSATIONS_DAYS after it was first stored",
    ),
}
