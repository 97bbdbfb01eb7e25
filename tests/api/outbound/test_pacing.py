"""Each sender at its own rate; an SMS costs its segments."""

from __future__ import annotations

from api.outbound.pacing import Pacer


def test_a_sender_goes_at_its_rate_and_others_are_not_held_up() -> None:
    pacer = Pacer({"sms": 2.0, "whatsapp": 10.0})
    starts = [pacer.reserve("+447700900000", "sms", 1, now=0.0) for _ in range(4)]
    assert starts == [0.0, 0.5, 1.0, 1.5]
    assert pacer.reserve("whatsapp:+447700900000", "whatsapp", 1, now=0.0) == 0.0


def test_a_three_segment_text_books_three_slots() -> None:
    pacer = Pacer({"sms": 1.0})
    assert pacer.reserve("s", "sms", 3, now=10.0) == 10.0
    assert pacer.reserve("s", "sms", 1, now=10.0) == 13.0
    assert pacer.next_free("s", now=20.0) == 20.0  # idle time is not saved up


def test_a_worker_a_little_behind_catches_up_instead_of_losing_the_slots() -> None:
    pacer = Pacer({"sms": 10.0})
    assert pacer.reserve("s", "sms", 1, now=0.0) == 0.0
    assert pacer.reserve("s", "sms", 1, now=0.15) == 0.1  # 50 ms late: sent at once, on schedule
    assert pacer.reserve("s", "sms", 1, now=0.25) == 0.2
    assert pacer.reserve("s", "sms", 1, now=5.0) == 5.0  # a long pause starts afresh: no burst
