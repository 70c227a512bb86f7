"""The window's research views: searching the library, claims across it, and what else works on all documents."""
