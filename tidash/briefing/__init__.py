"""Briefing mode: a deck of full-screen slides built from the data, and its PDF export."""
