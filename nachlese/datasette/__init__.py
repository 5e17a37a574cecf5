"""Datasette set-up for `nachlese serve`: metadata, canned queries and the search-syntax plugin."""
