"""Built-in policy plugins: the store's default behaviour, on the public hooks."""
