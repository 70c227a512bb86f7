"""The PySide6 window: views, item models, undo commands and workers over storage/."""
