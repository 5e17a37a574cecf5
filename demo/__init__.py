"""The bundled demo site: its content (content.py) and the generator of demo/site and truth.json (build_site.py)."""
