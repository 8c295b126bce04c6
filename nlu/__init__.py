"""mobi's own German-first intent and entity engine."""
