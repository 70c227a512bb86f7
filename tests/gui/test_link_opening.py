"""claimmark:// links reach a window already open on their library and show the linked claim."""

from __future__ import annotations

import os
from pathlib import Path

from documents import load_path
from storage import Library, find_occurrence
from storage.links import build_link, parse_link

QUOTE = "the US would be wise to revisit its sanctions"


def test_running_window_opens_a_sent_link(qtbot, make_window, library: Library, trt_path: Path, tmp_path: Path) -> None:
    """A link sent to the window's socket opens its document and selects its claim's card."""
    from gui.link_opening import LinkServer, send_to_running

    other, _ = library.import_document(load_path(trt_path))
    note = tmp_path / "note.txt"
    note.write_text("A Note\n\nNothing to see here.", encoding="utf-8")
    first, _ = library.import_document(load_path(note))
    annotation = library.add_annotation(other.id, *find_occurrence(library.document_text(other.id), QUOTE), "opinion")
    window = make_window(library)
    window.open_document(first.id)
    server = LinkServer(library.path, window.show_link, window)
    assert server.listening
    url = build_link(library.path, other.id, annotation.uuid)
    assert send_to_running(url, parse_link(url))
    qtbot.waitUntil(lambda: window.current_document_id == other.id, timeout=5_000)
    qtbot.waitUntil(lambda: window.annotation_panel.current_uuid() == annotation.uuid, timeout=5_000)


def test_no_window_no_taker(qtbot, tmp_path: Path) -> None:
    """With no window on the library, nobody takes the link (the command then opens one)."""
    from gui.link_opening import send_to_running

    url = build_link(tmp_path / "nobody.sqlite", 1)
    assert not send_to_running(url, parse_link(url))


def test_a_second_start_on_the_library_hands_over_to_the_running_window(
    qtbot, make_window, library: Library, tmp_path: Path
) -> None:
    """`claimmark FILE` on a library open in a window: that window imports the file; no second window."""
    from gui.link_opening import LinkServer, hand_over

    window = make_window(library)
    LinkServer(library.path, window.show_link, window, on_handover=window.take_over)
    article = tmp_path / "handed.txt"
    article.write_text("Handed Over\n\nA short article handed to the running window.", encoding="utf-8")
    assert hand_over(library.path, [str(article)])
    qtbot.waitUntil(lambda: [d.title for d in library.documents()] == ["Handed Over"], timeout=10_000)
    assert not hand_over(tmp_path / "other.sqlite", [])  # no window on that library: the caller opens one


def test_the_link_server_listens_in_this_users_private_folder(qtbot, make_window, library: Library) -> None:
    """The window's socket is in a folder only this user can enter (0700), so no one else can take its name."""
    import stat

    from gui.link_opening import LinkServer

    window = make_window(library)
    server = LinkServer(library.path, window.show_link, window)
    assert server.listening and "" == server.problem
    folder = Path(server.server.fullServerName()).parent
    assert 0o700 == stat.S_IMODE(folder.stat().st_mode) and folder.stat().st_uid == os.getuid()
