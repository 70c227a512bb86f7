"""The library as a research tool: search, claims across documents, collections, managed types and tags,
the same claim elsewhere, and statistics. Qt-free; the command line and the window share it.
"""
