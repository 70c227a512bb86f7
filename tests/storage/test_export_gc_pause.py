"""gc_paused: bulk exports and imports pause the cyclic collector and always restore it."""

from __future__ import annotations

import gc

import pytest

from storage.gc_pause import gc_paused


def test_nested_blocks_restore_the_collector() -> None:
    """Inner blocks keep it paused; leaving the outer one (even by an error) turns it back on."""
    assert gc.isenabled()
    with pytest.raises(RuntimeError), gc_paused():
        with gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_a_collector_turned_off_stays_off() -> None:
    """If the collector was off before, it is still off after."""
    gc.disable()
    try:
        with gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
