"""Datasette set-up for `nachlese serve`: metadata, canned queries, and the plugin (this package, with templates/).

Datasette is given this package as its plugin, so it finds the reading view's `templates/` and `static/`
folders here (package data, so they work from an installed nachlese); the hooks live in `plugin.py`.
"""

from nachlese.datasette.plugin import (
    extra_css_urls,
    extra_template_vars,
    handle_exception,
    prepare_connection,
    prepare_jinja2_environment,
    render_cell,
    startup,
)

__all__ = ["extra_css_urls", "extra_template_vars", "handle_exception", "prepare_connection",
           "prepare_jinja2_environment", "render_cell", "startup"]
