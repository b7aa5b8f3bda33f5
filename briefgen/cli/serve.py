"""``briefgen serve``: the command over ``briefgen.preview``."""

from __future__ import annotations

import signal
import threading
from pathlib import Path

import click

from briefgen.cli.options import look_options
from briefgen.cli.options import page_size as page_size_option
from briefgen.content.project import find_root
from briefgen.preview import DEFAULT_HOST, DEFAULT_PORT, BuildState, PreviewServer, check_host


def _loopback(ctx, param, value: str) -> str:
    try:
        return check_host(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _report(state: BuildState) -> None:
    if state.ok:
        click.echo(f"built {len(state.documents)} documents (build {state.generation})", err=True)
    else:
        for line in state.errors:
            click.echo(line, err=True)


@click.command("serve")
@click.option("--host", default=DEFAULT_HOST, show_default=True, callback=_loopback,
              help="Loopback address to listen on (127.0.0.1, ::1 or localhost).")
@click.option("--port", type=click.IntRange(0, 65535), default=DEFAULT_PORT, show_default=True,
              help="Port to listen on; 0 picks a free one.")
@look_options
def serve_command(host, port, templates, css, page_size) -> None:
    """Preview the briefs in a browser, rebuilding and reloading on every change (Ctrl-C stops)."""
    size = page_size_option(page_size)
    server = PreviewServer(find_root(Path.cwd()), host=host, port=port, templates=templates, css=css,
                           page_size=size, on_build=_report)
    main = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _interrupt) if main else None  # stop as on Ctrl-C
    try:
        try:
            server.start()
        except OSError as exc:
            raise click.ClickException(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
        click.echo(f"serving {server.url}", err=True)
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        if main:
            signal.signal(signal.SIGTERM, previous)
