"""Writing scenarios: the scaffold a trainer starts from, the warnings and self-tests
`validate` runs on a file."""
