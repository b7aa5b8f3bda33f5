"""The published static site: pages, feeds, search and the atomic swap."""
