"""The "what changed" view: old and new wording of each changed claim side by side, differing words marked.

Orphans (claims whose text is gone) are listed below with their old quote. Every
piece of user or document text is HTML-escaped before it reaches Qt.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTextBrowser, QVBoxLayout, QWidget

from storage import Annotation, ClaimType
from storage.anchoring.word_diff import Piece, word_changes

REMOVED_STYLE = "background-color:#f8d0d0; color:#8a1c1c; text-decoration:line-through;"
ADDED_STYLE = "background-color:#cdeccd; color:#1d5e1d; font-weight:bold;"


def marked_html(pieces: list[Piece], style: str) -> str:
    """Return pieces as escaped HTML, differing pieces wrapped in a span with style."""
    return "".join(f'<span style="{style}">{escape(p.text)}</span>' if p.differs else escape(p.text) for p in pieces)


def changes_html(changed: list[tuple[Annotation, str]], orphans: list[Annotation], labels: dict[str, str]) -> str:
    """Return the view's HTML: a Before | Now table of changed claims, then the orphans."""
    rows = []
    for annotation, old in changed:
        old_pieces, new_pieces = word_changes(old, annotation.exact)
        label = escape(labels.get(annotation.claim_type, annotation.claim_type))
        rows.append(
            f'<tr><td colspan="2"><a href="claim:{escape(annotation.uuid)}"><b>{label}</b></a>'
            f"{_note(annotation)}</td></tr>"
            f'<tr><td width="50%" valign="top">{marked_html(old_pieces, REMOVED_STYLE)}</td>'
            f'<td width="50%" valign="top">{marked_html(new_pieces, ADDED_STYLE)}</td></tr>'
        )
    parts = []
    if rows:
        header = f"<tr><th align='left'>{escape(_tr('Before'))}</th><th align='left'>{escape(_tr('Now'))}</th></tr>"
        parts.append(f"<table width='100%' cellspacing='0' cellpadding='6'>{header}{''.join(rows)}</table>")
    if orphans:
        items = "".join(
            f"<li><b>{escape(labels.get(a.claim_type, a.claim_type))}</b>: {escape(a.exact)}{_note(a)}</li>"
            for a in orphans
        )
        parts.append(f"<h3>{escape(_tr('No longer in the text'))}</h3><ul>{items}</ul>")
    return "".join(parts) or f"<p>{escape(_tr('No claim reads differently in this version.'))}</p>"


def _tr(text: str) -> str:
    return QCoreApplication.translate("changes_view", text)


def _note(annotation: Annotation) -> str:
    return f" — <i>{escape(annotation.note)}</i>" if annotation.note else ""


class ChangesView(QDialog):
    """A non-modal window listing how the claims of one document read before and after its last update."""

    claim_requested = Signal(str)  # uuid of a changed claim the reader should show

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("changesView")
        self.setWindowTitle(self.tr("What Changed — {title}").format(title=title))
        self.resize(860, 560)
        self.summary = QLabel(self)
        self.summary.setObjectName("changesSummary")
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("changesBrowser")
        self.browser.setAccessibleName(self.tr("Changed claims, before and now"))
        self.browser.setOpenLinks(False)  # links name claims; nothing is ever fetched
        self.browser.anchorClicked.connect(lambda url: self.claim_requested.emit(url.path()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)

    def set_changes(
        self, changed: list[tuple[Annotation, str]], orphans: list[Annotation], claim_types: list[ClaimType]
    ) -> None:
        """Show changed claims (with their previous wording) and orphans."""
        labels = {t.name: t.label for t in claim_types}
        changed_text = self.tr("1 claim reads differently") if len(changed) == 1 else self.tr(
            "{n} claims read differently").format(n=len(changed))  # fmt: skip
        orphans_text = self.tr("1 is no longer found in the text") if len(orphans) == 1 else self.tr(
            "{n} are no longer found in the text").format(n=len(orphans))  # fmt: skip
        self.summary.setText(f"{changed_text}; {orphans_text}.")
        self.browser.setHtml(changes_html(changed, orphans, labels))
