"""The link socket's private folder, its path, and the peer check, with plain AF_UNIX sockets."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
from pathlib import Path

import pytest

from storage.link_socket import (
    LinkSocketError,
    check_private_directory,
    peer_is_this_user,
    peer_uid,
    private_directory,
    send_link,
    socket_directory,
    socket_path,
)


@pytest.fixture
def short_dir():
    """A folder with a short path (a Unix socket path holds at most 103 bytes)."""
    with tempfile.TemporaryDirectory(dir="/tmp", prefix="cm-") as name:
        yield Path(name)


def test_private_directory_is_created_0700(short_dir: Path) -> None:
    """A missing socket folder is created with mode 0700 and passes the check."""
    folder = private_directory(short_dir / "data" / "sockets")
    assert 0o700 == folder.stat().st_mode & 0o777


@pytest.mark.parametrize("mode", [0o755, 0o750, 0o701, 0o777])
def test_folder_open_to_others_is_refused(short_dir: Path, mode: int) -> None:
    """A folder other users may enter is not used for the socket."""
    folder = short_dir / "open"
    folder.mkdir()
    folder.chmod(mode)
    with pytest.raises(LinkSocketError, match="other users may enter it"):
        check_private_directory(folder)


def test_symbolic_link_is_refused(short_dir: Path) -> None:
    """A symbolic link in place of the folder is refused, even to a private folder."""
    target = private_directory(short_dir / "target")
    (short_dir / "link").symlink_to(target)
    with pytest.raises(LinkSocketError, match="symbolic link"):
        private_directory(short_dir / "link")


def test_folder_of_another_user_is_refused(short_dir: Path) -> None:
    """A folder owned by any other user id is refused."""
    folder = private_directory(short_dir / "theirs")
    with pytest.raises(LinkSocketError, match="belongs to another user"):
        check_private_directory(folder, uid=os.getuid() + 1)


def test_a_file_in_place_of_the_folder_is_refused(short_dir: Path) -> None:
    """A plain file where the folder should be is refused."""
    (short_dir / "sockets").write_text("x")
    with pytest.raises(LinkSocketError, match="not a folder"):
        private_directory(short_dir / "sockets")


def test_runtime_directory_is_preferred(short_dir: Path) -> None:
    """With a private $XDG_RUNTIME_DIR the sockets live in its claimmark folder."""
    runtime = private_directory(short_dir / "run")
    assert runtime / "claimmark" == socket_directory({"XDG_RUNTIME_DIR": str(runtime)}, short_dir / "data")


@pytest.mark.parametrize("runtime", ["", "relative/run", "/nonexistent/run", "OPEN"])
def test_without_a_usable_runtime_directory_the_data_folder_is_used(short_dir: Path, runtime: str) -> None:
    """No, a relative, a missing or a world-open runtime directory: sockets go to the user data folder."""
    if runtime == "OPEN":
        (short_dir / "open").mkdir()
        (short_dir / "open").chmod(0o777)
        runtime = str(short_dir / "open")
    assert short_dir / "data" / "sockets" == socket_directory({"XDG_RUNTIME_DIR": runtime}, short_dir / "data")


def test_socket_path_is_per_library_and_private(short_dir: Path) -> None:
    """Each library has its own socket name, inside the private folder."""
    folder = private_directory(short_dir / "s")
    first, second = socket_path("/a/one.sqlite", folder), socket_path("/a/two.sqlite", folder)
    assert first.parent == folder == second.parent and first != second
    assert first == socket_path("/a/../a/one.sqlite", folder)


def test_socket_path_too_long_is_refused(short_dir: Path) -> None:
    """A folder so deep that the socket path would not fit sun_path is one clear error."""
    deep = private_directory(short_dir / ("d" * 90))
    with pytest.raises(LinkSocketError, match="longer than a Unix socket path"):
        socket_path("/a/library.sqlite", deep)


def _server(path: Path) -> socket.socket:
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    server.listen(1)
    return server


def test_peer_uid_of_a_connected_socket_is_ours(short_dir: Path) -> None:
    """Both ends of a Unix socket see this user as the peer, by socket and by descriptor."""
    with _server(short_dir / "s.sock") as server, socket.socket(socket.AF_UNIX) as client:
        client.connect(str(short_dir / "s.sock"))
        accepted, _ = server.accept()
        with accepted:
            assert os.getuid() == peer_uid(accepted) == peer_uid(client) == peer_uid(accepted.fileno())
            assert peer_is_this_user(accepted) is True


def test_peer_uid_of_something_else_is_unknown(short_dir: Path) -> None:
    """A descriptor that is not a connected Unix socket gives no peer at all."""
    with open(short_dir / "plain", "w") as plain:
        assert peer_uid(plain.fileno()) is None
    with socket.socket(socket.AF_UNIX) as unconnected, socket.socket(socket.AF_INET) as internet:
        assert (None, None) == (peer_uid(unconnected), peer_uid(internet))


def test_send_link_reaches_a_listener_of_this_user(short_dir: Path) -> None:
    """send_link delivers the link to a server in a private folder and says so."""
    folder = private_directory(short_dir / "s")
    received: list[bytes] = []
    with _server(folder / "l.sock") as server:

        def accept() -> None:
            connection, _ = server.accept()
            with connection:
                received.append(connection.recv(1024))

        thread = threading.Thread(target=accept)
        thread.start()
        assert send_link(folder / "l.sock", "claimmark://open?x")
        thread.join(5)
    assert [b"claimmark://open?x"] == received


def test_send_link_refuses_a_socket_in_an_open_folder(short_dir: Path) -> None:
    """A listener in a folder others may enter (squatted, say) is never handed the link."""
    folder = short_dir / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    with _server(folder / "l.sock"):
        assert not send_link(folder / "l.sock", "claimmark://open?x")


def test_send_link_without_a_listener_is_false(short_dir: Path) -> None:
    """No window listening: the link is not taken."""
    assert not send_link(private_directory(short_dir / "s") / "none.sock", "claimmark://open?x")
