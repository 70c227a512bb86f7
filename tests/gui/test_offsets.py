"""The one helper between canonical code-point offsets and Qt's UTF-16 positions."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor, QTextDocument

from gui.offsets import OffsetMap

_TEXT = st.text(alphabet=st.sampled_from(["a", "é", " ", "😀", "𝔸", "中", "\u0301"]), max_size=40)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_offsets_round_trip_and_match_utf16(text: str) -> None:
    """to_qt counts UTF-16 units before each code point, and from_qt inverts it."""
    offsets = OffsetMap(text)
    for offset in range(len(text) + 1):
        position = offsets.to_qt(offset)
        assert len(text[:offset].encode("utf-16-le")) // 2 == position
        assert offsets.from_qt(position) == offset


def test_offsets_select_emoji_text_in_qt(qapp: object) -> None:
    """A range computed in code points selects exactly that text in a QTextDocument."""
    text = "Hi 😀 there, 𝔸lpha 😀 end"
    start = text.index("there")
    end = text.index(" end")
    document = QTextDocument(text)
    offsets = OffsetMap(text)
    cursor = QTextCursor(document)
    cursor.setPosition(offsets.to_qt(start))
    cursor.setPosition(offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    assert text[start:end] == cursor.selectedText()


def test_position_inside_surrogate_pair_rounds_down() -> None:
    """A Qt position between the two halves of an emoji maps to the emoji's start."""
    offsets = OffsetMap("a😀b")
    assert 1 == offsets.from_qt(2)
