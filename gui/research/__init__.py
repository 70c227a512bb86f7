"""The window's research views: the library as a whole (search, claims across it, collections, managed types
and tags, statistics, …)."""
