"""The analyst report: one self-contained HTML file with charts of what a database holds."""
