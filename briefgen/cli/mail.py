"""``briefgen send``: the command over ``briefgen.output.sending``."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from briefgen.cli.options import EXIT_CONTENT, EXIT_USAGE, fail
from briefgen.content.config import load_config
from briefgen.content.cycle import parse_week
from briefgen.content.project import Selection, find_root
from briefgen.errors import BuildError, ContentError, Diagnostics
from briefgen.output.build import BuildFailed, BuildOptions, build
from briefgen.output.sending import Plan, Server, plan, read_recipients, send


def _server(ctx, param, value: str | None):
    if not value:
        return None
    host, _, port = value.rpartition(":") if ":" in value else (value, "", "")
    if not host or (port and not port.isdigit()) or (port and not 0 < int(port) < 65536):
        raise click.BadParameter(f"HOST or HOST:PORT, not {value!r}")
    return host, int(port) if port else 0


@click.command("send")
@click.argument("week")
@click.option("--to", "to", multiple=True, required=True, metavar="ADDRESS|FILE",
              help="A recipient, or a file of recipients (one address a line, # comments); repeatable.")
@click.option("--smtp", callback=_server, metavar="HOST[:PORT]", help="The SMTP server [default: [email] host, port].")
@click.option("--yes", is_flag=True, help="Send. Without it, only print what would be sent, and to whom.")
@click.option("--draft", is_flag=True, help="Send a brief that is not cleared (to reviewers), marked as a draft.")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("out"), show_default=True,
              help="The build folder holding the e-mail edition (built or brought up to date first).")
def send_command(week, to, smtp, yes, draft, out) -> None:
    """Send the e-mail edition of weekly brief WEEK (such as 2025-W44) by SMTP.

    The brief's e-mail edition is built first (as `briefgen build --format email` would), so
    what goes out is the content as it is now. A dry run unless --yes. A brief not cleared
    for release is refused unless --draft. Recipients who already received this very message
    are skipped: after a failure part way, run it again to send to the rest. Credentials come
    from the environment only: BRIEFGEN_SMTP_USER and BRIEFGEN_SMTP_PASSWORD.
    """
    if parse_week(week) is None:
        raise click.BadParameter(f"an ISO week such as 2025-W44, not {week!r}", param_hint="WEEK")
    root = find_root(Path.cwd())
    diagnostics = Diagnostics()
    recipients = read_recipients(to, diagnostics)
    if diagnostics.has_errors:
        fail(ContentError(diagnostics), EXIT_USAGE)
    try:
        config = load_config(root)
        if not (root / "briefs" / "weekly" / f"{week}.yaml").is_file():
            raise BuildError(f"briefs/weekly/{week}.yaml: no such weekly brief")
        build(BuildOptions(root, out, ("email",), config), Selection((), (week,)), jobs=1)
        server = Server(smtp[0], smtp[1] or config.email.effective_port, config.email.security) if smtp else None
        what = plan(out, week, recipients, config.email, server)
    except BuildFailed as exc:
        fail(BuildError("\n".join(exc.report.problems)))
    except (ContentError, BuildError) as exc:
        fail(exc)
    if what.draft and not draft:
        fail(BuildError(f"{week} is not cleared for release: clear it (`briefgen clear {week} --by NAME`), "
                         f"or send it to reviewers, marked as a draft, with --draft"))
    _describe(what, yes)
    if yes and what.pending:
        try:
            outcome = send(out, what, dict(os.environ))
        except BuildError as exc:
            fail(exc)
        for address in outcome.sent:
            click.echo(f"sent: {address}")
        for address, reason in outcome.failed:
            click.echo(f"not sent: {address}: {reason}", err=True)
        if outcome.failed:
            click.echo(f"error: {len(outcome.failed)} of {len(what.pending)} not sent; run the same command again "
                       f"to send to them only", err=True)
            sys.exit(EXIT_CONTENT)


def _describe(what: Plan, sending: bool) -> None:
    how = "one message, recipients in Bcc" if what.bcc else "one message each"
    verb = "sending" if sending else "would send"
    click.echo(f"{verb} {what.brief} “{what.subject}” via {what.server}, {how}, "
               f"to {len(what.pending)} recipient{'' if len(what.pending) == 1 else 's'}:")
    for address in what.pending:
        click.echo(f"  {address}")
    if what.done:
        click.echo(f"already sent, skipped: {', '.join(what.done)}")
    if not sending:
        click.echo("dry run: nothing sent; add --yes to send")
