"""fupin_nlp: read, segment, extract numeric claims from, classify and check Chinese poverty-alleviation texts."""
