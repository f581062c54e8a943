"""Comment extraction from talk pages (docstring to follow)."""
