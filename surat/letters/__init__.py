"""A letter itself: its number, its snapshot, its PDF and the codes printed on it."""
