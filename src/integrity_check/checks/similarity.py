"""Similarity rules: filled in by the similarity issue."""
