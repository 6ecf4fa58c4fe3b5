"""Hearings (kuulemiset): a plan or decision draft in sections, comments and votes on them,
moderation, and a report for the decision-maker. Model after Helsinki's Kerrokantasi."""
