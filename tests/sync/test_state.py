"""The sync state a window shows, and when its background sync runs next."""

from __future__ import annotations

from storage.sync import NOT_LINKED, PAUSED, STOPPED, SYNCED, RetryPolicy, SyncSchedule, SyncState


def test_the_summary_says_what_a_status_bar_shows() -> None:
    """Synced with counts, paused with the reason and the retry, stopped with the reason."""
    assert "Synced" == SyncState(SYNCED).summary()
    assert "Synced · 2 conflicts · 1 change kept here" == SyncState(SYNCED, conflicts=2, held=1).summary()
    paused = SyncState(PAUSED, "cannot reach amira@db:5432/claimmark: Connection refused", retry_in=8.0)
    assert "Sync paused: cannot reach amira@db:5432/claimmark: Connection refused — retrying in 8 s" == paused.summary()
    assert "Sync stopped: wrong name or password" == SyncState(STOPPED, "wrong name or password").summary()
    assert "Not syncing" == SyncState(NOT_LINKED).summary()
    assert paused.to_dict()["summary"] == paused.summary()


def test_backoff_doubles_up_to_its_ceiling() -> None:
    """Delays after 1, 2, 3, ... failures: 1, 2, 4, ... seconds, never above max_delay."""
    policy = RetryPolicy(first_delay=1.0, factor=2.0, max_delay=5.0)
    assert [1.0, 2.0, 4.0, 5.0, 5.0] == [policy.delay(n) for n in range(1, 6)]


def test_the_schedule_backs_off_while_paused_and_waits_for_a_person_when_stopped() -> None:
    """Paused outcomes space the attempts out; a success resets them; stopped plans none."""
    schedule = SyncSchedule(interval=60.0, policy=RetryPolicy(first_delay=5.0, max_delay=300.0))
    delays = [schedule.after(SyncState(PAUSED, "down"))[1] for _ in range(3)]
    assert [5.0, 10.0, 20.0] == delays
    state, delay = schedule.after(SyncState(PAUSED, "down"))
    assert 40.0 == delay == state.retry_in
    assert (SyncState(SYNCED), 60.0) == schedule.after(SyncState(SYNCED))
    assert 5.0 == schedule.after(SyncState(PAUSED, "down"))[1]
    assert None is schedule.after(SyncState(STOPPED, "wrong password"))[1]
