"""Citations rules: filled in by the citations issue."""
