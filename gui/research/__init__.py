"""The window's research views: the library as a whole (collections, managed types and tags, statistics, …)."""
