"""Curated linguistic and domain rules, one module per concern (suffixes, ...),
kept apart from the code that applies them so they can be reviewed as data."""
