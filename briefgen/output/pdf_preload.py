"""What the PDF fork server imports before it forks any worker: WeasyPrint, once.

``briefgen.output.pdf`` starts the server early in a build, so this import (about a second) runs
while the build loads the content and renders the print HTML. A WeasyPrint that cannot
load its system libraries is not an error here: each worker then reports it, document by
document.
"""

try:
    import weasyprint  # noqa: F401
except Exception:
    pass
