"""Opening claimmark:// links: in a running window on the same library, else in a new one.

A window listens on a local socket named after its library file. `claimmark
open URL` first offers the link to that socket; if nobody answers, it opens a
window itself. Only a well-formed link (parsed by storage.links) is acted on.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtNetwork import QLocalServer, QLocalSocket
from PySide6.QtWidgets import QApplication

from storage.link_socket import LinkSocketError, peer_is_this_user, send_link, socket_path
from storage.links import ClaimLink, InvalidLink, build_link, parse_link

from .library_opening import open_library
from .main_window import MainWindow

CONNECT_MS = 300
HANDOVER = "claimmark-handover "
MAX_MESSAGE = 64 * 1024


def _same_library(one: object, other: object) -> bool:
    return Path(str(one)).resolve() == Path(str(other)).resolve()


class LinkServer(QObject):
    """Accepts links from `claimmark open URL` for one library and hands each one to on_link.

    A second `claimmark` started on the same library hands over to this window instead of opening
    another one: it sends a hand-over message (files to import, if any), given to on_handover.
    """

    def __init__(
        self,
        library_path: Path,
        on_link: Callable[[ClaimLink], object],
        parent: QObject | None = None,
        on_handover: Callable[[list[str]], object] | None = None,
    ) -> None:
        super().__init__(parent)
        self.library_path, self.on_link, self.on_handover = library_path, on_link, on_handover
        self.server = QLocalServer(self)
        self.problem = ""  # why no link can reach this window, when none can
        self.listening = False
        try:
            # In this user's private folder (0700, checked): another user can neither squat the name nor connect.
            path = str(socket_path(library_path))
        except LinkSocketError as error:
            self.problem = str(error)
            return
        QLocalServer.removeServer(path)  # a stale socket left by a crashed window
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.listening = self.server.listen(path)
        if not self.listening:
            self.problem = self.server.errorString()
        self.server.newConnection.connect(self._on_new_connection)

    def _on_new_connection(self) -> None:
        socket = self.server.nextPendingConnection()
        if socket is not None and peer_is_this_user(int(socket.socketDescriptor())) is False:
            socket.abort()  # another user's program: refused before it says anything
            return
        if socket is not None:
            socket.readyRead.connect(lambda: self._on_ready_read(socket))
            socket.disconnected.connect(socket.deleteLater)

    def _on_ready_read(self, socket: QLocalSocket) -> None:
        message = bytes(socket.read(MAX_MESSAGE).data()).decode("utf-8", "replace").strip()
        if message.startswith(HANDOVER):
            self._on_handover(message)
            return
        try:
            link = parse_link(message)
        except InvalidLink:
            return
        if _same_library(link.library, self.library_path):
            self.on_link(link)

    def _on_handover(self, message: str) -> None:
        try:
            data = json.loads(message.removeprefix(HANDOVER))
        except ValueError:
            return
        files = data.get("files") if isinstance(data, dict) else None
        if isinstance(files, list) and all(isinstance(f, str) for f in files) and self.on_handover is not None:
            self.on_handover(files)


def _send(library: Path, message: str) -> bool:
    """Hand message to this user's window on library (checked: the private folder, the listener's user)."""
    try:
        return send_link(socket_path(library), message)
    except LinkSocketError:
        return False


def send_to_running(link_url: str, link: ClaimLink) -> bool:
    """Hand the link to a window already open on its library; return whether one took it."""
    return _send(link.library, link_url)


def hand_over(library: Path, files: list[str]) -> bool:
    """Ask a window already open on library to come forward (and import files); return whether one did."""
    return _send(library, HANDOVER + json.dumps({"files": [str(Path(f).resolve()) if "://" not in f else f
                                                           for f in files]}))  # fmt: skip


def run_link(link: ClaimLink, url: str = "") -> int:
    """Open link: in a running window on its library, else in a new window; return the exit status."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    url = url or build_link(link.library, link.document_id, link.annotation)
    if send_to_running(url, link):
        return 0
    library = open_library(link.library)
    if library is None:
        return 1
    window = MainWindow(library)
    server = LinkServer(library.path, window.show_link, window)
    window.show()
    window.show_link(link)
    status = app.exec()
    del server
    library.close()
    return int(status)
