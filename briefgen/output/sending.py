"""``briefgen send``: the e-mail edition of a brief to its readers, through SMTP.

The message is the ``.eml`` the build wrote (``briefgen.output.email_edition``), unchanged
but for the recipient: one message per recipient (``To:`` that reader), or, with ``[email]
bcc = true``, one message whose recipients are all blind copies (``To: undisclosed-recipients:;``).
Host, port and security come from ``[email]`` in ``briefgen.toml`` (or ``--smtp``);
credentials only from the environment (``BRIEFGEN_SMTP_USER``, ``BRIEFGEN_SMTP_PASSWORD``),
and never over a connection without TLS.

Each delivery is recorded as it happens in ``<out>/.briefgen/sent/<week>.json``, under the
message's Message-ID: a send that fails part way says who received the brief and who did
not, and running it again sends only to the rest. A corrected brief is a new message (its
Message-ID changes), which goes to everyone.
"""

from __future__ import annotations

import json
import os
import smtplib
import ssl
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import Path

from briefgen.content.mailing import PASSWORD_VARIABLE, USER_VARIABLE, MailConfig, is_address
from briefgen.errors import BuildError, Diagnostics, Location
from briefgen.files import Unreadable, read_regular
from briefgen.output.atomic import write_atomic
from briefgen.output.email_edition import CLEARANCE_HEADER

SENT_LOG = ".briefgen/sent"
MAX_RECIPIENTS_BYTES = 5 * 1024 * 1024
TIMEOUT = 60.0  # seconds an SMTP server may take to answer


@dataclass(frozen=True)
class Server:
    host: str
    port: int
    security: str  # "starttls", "tls" or "none"

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security.upper() if self.security != 'none' else 'no TLS'})"


@dataclass(frozen=True)
class Plan:
    """What a send would do: the message, who has it already, who is still to get it, and how."""

    brief: str
    subject: str
    message_id: str
    sender: str
    draft: bool
    server: Server
    bcc: bool
    done: tuple[str, ...]     # recipients who received this very message before
    pending: tuple[str, ...]  # recipients still to receive it


@dataclass
class Outcome:
    """Who received the message in this run, and who did not, with the server's reason."""

    sent: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def read_recipients(values: tuple[str, ...], diagnostics: Diagnostics) -> list[str]:
    """The recipients ``values`` name: each an address, or a file of addresses, one a line
    (blank lines and ``#`` comments skipped). Each once, in order; a bad one is a located error."""
    found: dict[str, str] = {}
    for value in values:
        path = Path(value)
        if os.path.lexists(path):
            for line, address in _lines(path, diagnostics):
                _add(found, address, Location(value, line, 1), diagnostics)
        else:
            _add(found, value, Location("--to"), diagnostics)
    return list(found.values())


def _lines(path: Path, diagnostics: Diagnostics):
    try:
        text = read_regular(path, MAX_RECIPIENTS_BYTES).decode("utf-8")
    except Unreadable as why:
        reason = {"special": "not a regular file", "large": "larger than 5 MiB"}.get(why.kind, why.detail)
        diagnostics.error(Location(str(path)), f"cannot read the recipients: {reason}")
        return
    except UnicodeDecodeError:
        diagnostics.error(Location(str(path)), "a file of addresses must be UTF-8")
        return
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if line and not line.startswith("#"):
            yield number, line


def _add(found: dict[str, str], address: str, where: Location, diagnostics: Diagnostics) -> None:
    if not is_address(address):
        diagnostics.error(where, f"not an e-mail address: {address!r}")
        return
    found.setdefault(parseaddr(address)[1].lower(), address.strip())


def plan(out: Path, week: str, recipients: list[str], config: MailConfig, server: Server | None = None) -> Plan:
    """What sending ``out/weekly/<week>.eml`` to ``recipients`` would do (nothing is sent)."""
    message = _message(out, week)
    server = server or Server(config.host, config.effective_port, config.security)
    if not server.host:
        raise BuildError("no SMTP server: set host in the [email] table of briefgen.toml, or give --smtp HOST:PORT")
    if not message["From"]:
        raise BuildError("the message has no sender: set from in the [email] table of briefgen.toml, then build again")
    done = set(_log(out, week).get(message["Message-ID"], ()))
    key = lambda address: parseaddr(address)[1].lower()  # noqa: E731
    return Plan(week, str(message["Subject"]), message["Message-ID"], parseaddr(message["From"])[1],
                message[CLEARANCE_HEADER] != "cleared", server, config.bcc,
                tuple(a for a in recipients if key(a) in done), tuple(a for a in recipients if key(a) not in done))


def send(out: Path, plan: Plan, environment: dict[str, str]) -> Outcome:
    """Deliver the message to ``plan.pending``, recording each delivery as it succeeds.

    Stops at the first failure of the connection itself; a recipient the server refuses is
    reported and the others are still sent to.
    """
    data = _path(out, plan.brief).read_bytes()
    outcome = Outcome()
    try:
        with _connect(plan.server, environment) as smtp:
            if plan.bcc:
                _deliver(smtp, plan, data, list(plan.pending), "undisclosed-recipients:;", out, outcome)
            else:
                for address in plan.pending:
                    _deliver(smtp, plan, data, [address], address, out, outcome)
    except (smtplib.SMTPException, OSError) as exc:
        reason = _reason(exc)
        done = set(outcome.sent) | {address for address, _ in outcome.failed}
        outcome.failed += [(address, reason) for address in plan.pending if address not in done]
    return outcome


def _deliver(smtp: smtplib.SMTP, plan: Plan, data: bytes, to: list[str], header: str, out: Path,
             outcome: Outcome) -> None:
    message = BytesParser(policy=policy.SMTP).parsebytes(data)
    message["To"] = header
    try:
        refused = smtp.sendmail(plan.sender, [parseaddr(a)[1] for a in to], message.as_bytes())
    except smtplib.SMTPRecipientsRefused as exc:
        refused = exc.recipients
    except (smtplib.SMTPDataError, smtplib.SMTPSenderRefused) as exc:
        outcome.failed += [(address, _reason(exc)) for address in to]
        return
    for address in to:
        reason = refused.get(parseaddr(address)[1])
        if reason is None:
            outcome.sent.append(address)
        else:
            outcome.failed.append((address, f"{reason[0]} {reason[1].decode('utf-8', 'replace')}"))
    _record(out, plan, outcome.sent)


def _connect(server: Server, environment: dict[str, str]) -> smtplib.SMTP:
    user, password = environment.get(USER_VARIABLE, ""), environment.get(PASSWORD_VARIABLE, "")
    if user and server.security == "none":
        raise BuildError(f"{USER_VARIABLE} is set but the connection to {server} has no TLS: credentials are "
                         f"sent only with security = \"starttls\" or \"tls\"")
    context = ssl.create_default_context()
    if server.security == "tls":
        smtp = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
    try:
        if server.security == "starttls":
            smtp.starttls(context=context)
        if user:
            smtp.login(user, password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def _message(out: Path, week: str):
    path = _path(out, week)
    try:
        return BytesParser(policy=policy.SMTP).parsebytes(path.read_bytes(), headersonly=True)
    except OSError:
        raise BuildError(f"{path}: no e-mail edition: build it with `briefgen build --format email`") from None


def _path(out: Path, week: str) -> Path:
    return out / "weekly" / f"{week}.eml"


def _log(out: Path, week: str) -> dict[str, list[str]]:
    try:
        data = json.loads((out / SENT_LOG / f"{week}.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _record(out: Path, plan: Plan, sent: list[str]) -> None:
    log = _log(out, plan.brief)
    addresses = dict.fromkeys([*log.get(plan.message_id, []), *(parseaddr(a)[1].lower() for a in sent)])
    log[plan.message_id] = list(addresses)
    write_atomic(out / SENT_LOG / f"{plan.brief}.json", json.dumps(log, indent=1).encode("utf-8"))


def _reason(exc: Exception) -> str:
    if isinstance(exc, smtplib.SMTPResponseException):
        error = exc.smtp_error
        return f"{exc.smtp_code} {error.decode('utf-8', 'replace') if isinstance(error, bytes) else error}"
    return str(exc) or type(exc).__name__
