"""Subcommands of the `nachlese` command line, one module per job."""
