"""Strategy linkage (seed 000, challenge 1): the municipality's strategic goals, the development
projects that serve them, and each project's indicators from input to impact."""
