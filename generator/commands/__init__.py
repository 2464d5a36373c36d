"""The command line: check, build, export, new, diff, schema."""
