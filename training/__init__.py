"""Offline training of Sleuth's cross-encoder re-ranker (needs the `train` extra; never imported at run time)."""
