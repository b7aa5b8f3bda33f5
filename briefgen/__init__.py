"""briefgen: curated YAML summaries rendered into cited briefing notes."""

__version__ = "0.1.0"
