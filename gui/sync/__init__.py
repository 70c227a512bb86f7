"""The window's side of shared libraries: background sync, its status, conflicts, joining, the teacher's view.

``shared.SharedLibrary`` is the part the main window builds; the modules it
opens on demand (dialogs, the teacher's view) import ``storage.sync``, and so
psycopg, only when used. Nothing here is imported by gui/main_window.py at
start-up but ``shared``, ``background`` and ``status_widget``, which never
import ``storage.sync`` at module level.
"""
