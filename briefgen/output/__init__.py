"""Writing what was rendered: atomic files, the manifest, the PDF workers, build and check."""
