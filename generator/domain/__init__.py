"""What the data means: distances and coordinate systems, tour itineraries, the standards' checklists."""
