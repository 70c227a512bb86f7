"""The sync commands end to end: a teacher sets up a server and a group, a student joins, tags and syncs."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
from pathlib import Path
from unittest import mock

from storage import Library
from tests.cli.runner import claimmark, fails

from .conftest import ROOT_README, Classroom


def _env(library: Path) -> dict[str, str]:
    return {**os.environ, "CLAIMMARK_LIBRARY": str(library), "PYTHONIOENCODING": "utf-8"}


def _article(folder: Path) -> Path:
    path = folder / "port.txt"
    path.write_text("Cruise ban\n\nThe council voted seven to two to close the old port.\n", encoding="utf-8")
    return path


def test_a_teacher_sets_up_a_group_and_a_student_joins_tags_and_syncs(classroom: Classroom, tmp_path: Path) -> None:
    """server init, group create, add-member, list, join, sync and the teacher's sync, all from the command line."""
    teacher_env, student_env = _env(tmp_path / "teacher.sqlite"), _env(tmp_path / "student.sqlite")
    assert "already up to date" in claimmark(teacher_env, "server", "init", classroom.admin).stdout
    teacher = classroom.dsn(classroom.teacher)
    claimmark(teacher_env, "group", "create", f"{classroom.group}-cli", "--server", teacher)
    student = f"{classroom.group}_carla"
    with mock.patch("sys.stdin", io.StringIO("carla's: secret\n")):
        added = claimmark(teacher_env, "group", "add-member", f"{classroom.group}-cli", student, "--password-stdin",
                          "--server", teacher).stdout  # fmt: skip
    assert f"{student}\tmember\n" == added
    listed = claimmark(teacher_env, "group", "list", "--server", teacher).stdout
    assert re.search(rf"{classroom.group}-cli\towner\tprivate\t.*{student}:member", listed)
    claimmark(teacher_env, "group", "join", teacher, "--group", f"{classroom.group}-cli")
    claimmark(teacher_env, "import", str(_article(tmp_path)))
    claimmark(teacher_env, "annotate", "1", "--quote", "seven to two", "--type", "fact")  # the key
    assert claimmark(teacher_env, "sync").stdout.startswith("synced\tpushed 2\t")

    dsn = classroom.postgres.dsn(user=student, password="carla's: secret", dbname="claimmark")
    joined = claimmark(student_env, "group", "join", dsn).stdout
    assert f"{classroom.group}-cli\t{student}\tmember\n" == joined
    claimmark(student_env, "sync")
    claimmark(student_env, "annotate", "1", "--quote", "voted seven to two", "--type", "fact")
    state = json.loads(claimmark(student_env, "sync", "--json").stdout)
    assert ("synced", 1, 0) == (state["status"], state["pushed"], state["pending"])
    claimmark(teacher_env, "sync")
    claims = json.loads(claimmark(teacher_env, "annotations", "1", "--json").stdout)
    assert {student, classroom.teacher} == {c["annotator"] for c in claims}
    compared = claimmark(teacher_env, "group", "compare", "1").stdout.splitlines()
    assert [
        "claim\tfact\t100%\t1/1\tseven to two\tmissed by: -",
        f"student\t{student}\tfound 1/1\tsame type 1\textra 0",
    ] == compared
    library_bytes = (tmp_path / "student.sqlite").read_bytes()
    assert b"carla's: secret" not in library_bytes


def test_sync_errors_are_one_line(classroom: Classroom, tmp_path: Path) -> None:
    """Not joined, a wrong password, a member without the right and a server that is down: one error line each."""
    env = _env(tmp_path / "lonely.sqlite")
    assert "group join" in fails(env, "sync")
    alice = classroom.add("alice")
    wrong = fails(env, "group", "join", classroom.dsn(alice, password="guess"))
    assert "wrong name or password" in wrong and "guess" not in wrong
    claimmark(env, "group", "join", classroom.dsn(alice))
    refused = fails(env, "group", "add-member", classroom.group, alice, "--role", "owner")
    assert refused.startswith("claimmark: error: only an owner of")
    with sqlite3.connect(tmp_path / "lonely.sqlite") as conn:  # the server moved away: nothing listens there
        conn.execute("UPDATE sync_link SET dsn = replace(dsn, ?, 'port=1')", [f"port={classroom.postgres.port}"])
    paused = fails(env, "sync", "--attempts", "1")
    assert paused.startswith("claimmark: error: sync paused: cannot reach")


def test_conflicts_are_listed_and_resolved_from_the_command_line(classroom: Classroom, tmp_path: Path) -> None:
    """A note changed on two laptops shows in `conflicts list`; `resolve --mine` brings mine back."""
    alice = classroom.add("alice")
    home, school = _env(tmp_path / "home.sqlite"), _env(tmp_path / "school.sqlite")
    claimmark(home, "group", "join", classroom.dsn(alice))
    claimmark(home, "import", str(_article(tmp_path)))
    uuid = claimmark(home, "annotate", "1", "--quote", "old port", "--type", "fact").stdout.strip()
    claimmark(home, "sync")
    claimmark(school, "group", "join", classroom.dsn(alice))
    claimmark(school, "sync")
    for env, note in ((home, "at home"), (school, "at school")):
        with Library(Path(env["CLAIMMARK_LIBRARY"])) as library:
            library.update_annotation(uuid, note=note)
    claimmark(home, "sync")
    claimmark(school, "sync")
    listed = claimmark(school, "conflicts", "list").stdout.splitlines()
    assert 1 == len(listed) and "\tnote\t" in listed[0] and "at school" in listed[0]
    conflict_id = listed[0].split("\t")[0]
    assert f"{conflict_id}\tmine\n" == claimmark(school, "conflicts", "resolve", conflict_id, "--mine").stdout
    assert "" == claimmark(school, "conflicts", "list").stdout
    claimmark(school, "sync")
    claimmark(home, "sync")
    notes = [c["note"] for c in json.loads(claimmark(home, "annotations", "1", "--json").stdout)]
    assert ["at school"] == notes


def test_every_sync_command_and_option_is_in_the_readme() -> None:
    """Every subcommand of server, group, sync and conflicts has a README line showing each of its options."""
    from claimmark.cli import build_parser

    lines = ROOT_README.read_text(encoding="utf-8").splitlines()
    commands = build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    missing = []
    for name in ("server", "group", "sync", "conflicts"):
        parsers = [(name, commands[name])]
        for action in commands[name]._actions:
            if isinstance(action.choices, dict):
                parsers = [(f"{name} {verb}", sub) for verb, sub in action.choices.items()]
        for label, sub in parsers:
            shown = " ".join(line for line in lines if f"claimmark {label}" in line)
            options = [o for a in sub._actions for o in a.option_strings if o.startswith("--")]
            missing += [label] if not shown else []
            missing += [f"{label} {o}" for o in options if o not in ("--help", "--library") and o not in shown]
    assert [] == missing


def test_leaving_a_group_keeps_the_library_and_stops_syncing(classroom: Classroom, tmp_path: Path) -> None:
    """group leave prints the group; afterwards sync says the library syncs with no group; claims stay."""
    env = _env(tmp_path / "leaver.sqlite")
    claimmark(env, "group", "join", classroom.dsn(classroom.add("alice")))
    claimmark(env, "import", str(_article(tmp_path)))
    claimmark(env, "annotate", "1", "--quote", "old port", "--type", "fact")
    assert f"{classroom.group}\n" == claimmark(env, "group", "leave").stdout
    assert "group join" in fails(env, "sync")
    assert 1 == len(json.loads(claimmark(env, "annotations", "1", "--json").stdout))
