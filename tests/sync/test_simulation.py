"""The sync simulation, small: a few client processes editing through a faulty network converge with nothing lost."""

from __future__ import annotations

from bench.postgres import PostgresCluster
from bench.sync_simulation import run_simulation


def test_clients_editing_through_a_faulty_network_converge_with_nothing_lost(postgres: PostgresCluster) -> None:
    """Two people on two laptops each, a third of connections faulty: every library equals the server, 0 lost."""
    report = run_simulation(postgres, clients=4, ops=25, sync_every=4, seed=7, fault_rate=0.35)
    assert [] == report.mismatched
    assert [] == report.lost
    assert 100 == report.edits and report.faults > 0 and report.server_writes > 0
