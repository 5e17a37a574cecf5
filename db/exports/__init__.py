"""Migration exports: the stored articles as Markdown, HTML, WordPress WXR, CSV, and a redirect map."""
