"""Where a window listens for claimmark:// links, and whether the other end is the same user.

A window takes links over a Unix socket named after its library. The socket
lives in a directory only its user can enter: ``$XDG_RUNTIME_DIR/claimmark``
when the session has a runtime directory, else ``sockets`` in the user data
folder, created with mode 0700 and checked every time (ours, 0700, not a
symbolic link). In a shared folder such as /tmp, another local user could bind
the name first, leave the window without a server and receive every link
(library path, document and claim ids) meant for it.

Both ends also check the peer's user id on the connected socket:
``SO_PEERCRED`` on Linux, ``LOCAL_PEERCRED`` on macOS and the BSDs. Where
neither exists, ``peer_uid`` returns None and the private directory is the
only guard. (Windows has no Unix sockets here: Qt's local sockets are named
pipes there, which ``QLocalServer.UserAccessOption`` limits to the user.)
"""

from __future__ import annotations

import hashlib
import os
import socket
import stat
import struct
import sys
from collections.abc import Mapping
from pathlib import Path

import platformdirs

from .errors import LibraryError

RUNTIME_VARIABLE = "XDG_RUNTIME_DIR"
CONNECT_SECONDS = 0.3  # a window on this machine answers at once; this only keeps a wedged one from hanging us
MAX_MESSAGE_BYTES = 64 * 1024
MAX_SOCKET_PATH_BYTES = 103  # sun_path holds 104 bytes on macOS (108 on Linux), the last a NUL
_LOCAL_PEERCRED = 0x001  # macOS and the BSDs: <sys/un.h>, at level SOL_LOCAL (0)
_XUCRED = struct.Struct("=Ii")  # cr_version, cr_uid: the start of struct xucred


class LinkSocketError(LibraryError):
    """The link socket's directory is not private, or its path cannot be used."""


def check_private_directory(path: Path, uid: int | None = None) -> Path:
    """Return path if it is a real directory (not a symbolic link) owned by uid (default: ours), mode 0700.

    Raises:
        LinkSocketError: it is missing, a link, not a directory, another user's, or open to others.
    """
    uid = os.getuid() if uid is None else uid
    try:
        status = os.lstat(path)
    except OSError as error:
        raise LinkSocketError(f"{path}: cannot be checked ({error.strerror})") from None
    if stat.S_ISLNK(status.st_mode):
        raise LinkSocketError(f"{path}: is a symbolic link, not a private folder")
    if not stat.S_ISDIR(status.st_mode):
        raise LinkSocketError(f"{path}: is not a folder")
    if status.st_uid != uid:
        raise LinkSocketError(f"{path}: belongs to another user (uid {status.st_uid})")
    if stat.S_IMODE(status.st_mode) & 0o077:
        raise LinkSocketError(f"{path}: other users may enter it (mode {stat.S_IMODE(status.st_mode):o}, not 700)")
    return path


def private_directory(path: Path, uid: int | None = None) -> Path:
    """Create path with mode 0700 if it does not exist, then check it (see check_private_directory)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.mkdir(mode=0o700)
    except FileExistsError:
        pass
    except OSError as error:
        raise LinkSocketError(f"{path}: cannot be created ({error.strerror})") from None
    return check_private_directory(path, uid)


def socket_directory(environ: Mapping[str, str] | None = None, data_dir: Path | None = None) -> Path:
    """Return the private folder for link sockets, creating it: in $XDG_RUNTIME_DIR, else the user data folder.

    A runtime directory that is not private (or not absolute) is passed over for the data folder.

    Raises:
        LinkSocketError: the folder cannot be created or is not private.
    """
    environ = os.environ if environ is None else environ
    runtime = environ.get(RUNTIME_VARIABLE, "")
    if runtime and Path(runtime).is_absolute():
        try:
            return private_directory(check_private_directory(Path(runtime)) / "claimmark")
        except LinkSocketError:
            pass
    base = data_dir or platformdirs.user_data_path("Claimmark", appauthor=False)
    return private_directory(base / "sockets")


def socket_path(library_path: str | os.PathLike[str], directory: Path | None = None) -> Path:
    """Return the socket a window on library_path listens on (the directory is created and checked).

    Raises:
        LinkSocketError: the folder is not private, or the path is too long for a Unix socket.
    """
    digest = hashlib.sha256(str(Path(library_path).resolve()).encode("utf-8", "surrogateescape")).hexdigest()[:16]
    path = (directory or socket_directory()) / f"link-{digest}.sock"
    if len(os.fsencode(path)) > MAX_SOCKET_PATH_BYTES:
        raise LinkSocketError(f"{path}: longer than a Unix socket path may be ({MAX_SOCKET_PATH_BYTES} bytes)")
    return path


def peer_uid(connection: socket.socket | int) -> int | None:
    """Return the user id of the process at the other end of a connected Unix socket (or its descriptor).

    None where the platform cannot tell (or the socket is not a connected Unix socket).
    """
    if isinstance(connection, int):
        try:
            duplicate = socket.socket(fileno=os.dup(connection))
        except OSError:
            return None
        with duplicate:
            return peer_uid(duplicate)
    try:
        if hasattr(socket, "SO_PEERCRED"):  # Linux: struct ucred {pid, uid, gid}
            _, uid, _ = struct.unpack("3i", connection.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
            return int(uid) if uid >= 0 else None  # -1: not connected
        if sys.platform == "darwin" or "bsd" in sys.platform:
            _, uid = _XUCRED.unpack(connection.getsockopt(0, _LOCAL_PEERCRED, 76)[: _XUCRED.size])
            return int(uid)
    except OSError:
        return None
    return None


def peer_is_this_user(connection: socket.socket | int) -> bool | None:
    """True when the peer runs as this user, False when it runs as another, None when the platform cannot tell."""
    uid = peer_uid(connection)
    return None if uid is None else uid == os.getuid()


def send_link(path: Path, url: str, timeout: float = CONNECT_SECONDS) -> bool:
    """Hand url to the window of this user listening at path; False when none does (or another user does).

    The socket's folder must be private and the listening process must be this
    user's (where the platform tells): a link is never handed to anyone else.
    """
    if not hasattr(socket, "AF_UNIX") or len(url.encode("utf-8")) > MAX_MESSAGE_BYTES:
        return False
    try:
        check_private_directory(path.parent)
    except LinkSocketError:
        return False
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
        client.settimeout(timeout)
        try:
            client.connect(os.fspath(path))
            if peer_is_this_user(client) is False:
                return False
            client.sendall(url.encode("utf-8"))
        except OSError:
            return False
    return True
