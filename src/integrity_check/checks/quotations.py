"""Quotations rules: filled in by the quotations issue."""
