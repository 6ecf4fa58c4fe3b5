"""The resident's data and the trail of it: who has handled it, consents to disclose it, export,
erasure and retention, the data-protection officer's audit search."""
