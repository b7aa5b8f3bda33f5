"""From the content model to HTML: citations, Markdown, typography and the sandboxed templates."""
