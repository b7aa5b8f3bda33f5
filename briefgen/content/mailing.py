"""How the e-mail edition is sent: the ``[email]`` table of ``briefgen.toml``.

```toml
[email]
from = "Drone Industry Desk <desk@example.org>"
host = "smtp.example.org"
port = 587              # default: 587 with STARTTLS, 465 with TLS, 25 with none
security = "starttls"   # "starttls" (default), "tls" (SMTPS), or "none" (a relay on this machine)
bcc = false             # false: one message per recipient; true: one message, recipients in Bcc
```

Credentials are never read from a file of the project: ``briefgen send`` takes them from
the environment variables ``BRIEFGEN_SMTP_USER`` and ``BRIEFGEN_SMTP_PASSWORD``.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import parseaddr

from briefgen.content.settings import SettingKind
from briefgen.errors import suggest

SECURITY = ("starttls", "tls", "none")
DEFAULT_PORTS = {"starttls": 587, "tls": 465, "none": 25}
USER_VARIABLE = "BRIEFGEN_SMTP_USER"
PASSWORD_VARIABLE = "BRIEFGEN_SMTP_PASSWORD"


@dataclass(frozen=True)
class MailConfig:
    """The sender and the SMTP server of the e-mail edition."""

    sender: str = ""         # the From address ("" for none: the .eml has no From, and send refuses)
    host: str = ""           # the SMTP server ("" for none: send needs --smtp)
    port: int = 0            # 0: the default port of ``security``
    security: str = "starttls"
    bcc: bool = False

    @property
    def effective_port(self) -> int:
        """The port to connect to: the one set, else the usual one for ``security``."""
        return self.port or DEFAULT_PORTS[self.security]


def is_address(text: str) -> bool:
    """Whether ``text`` is one e-mail address, with or without a display name."""
    if "," in text or "\n" in text or "\r" in text:
        return False
    address = parseaddr(text)[1]
    local, _, domain = address.rpartition("@")
    return bool(local) and "." in domain.strip(".") and not any(c.isspace() for c in address)


class MailSetting(SettingKind):
    """The ``[email]`` table: each key checked, with a located error."""

    KEYS = ("from", "host", "port", "security", "bcc")

    def read(self, place, key, value):
        """The ``MailConfig`` of the table ``value``; None after an error, located at ``key``."""
        if not isinstance(value, dict):
            place.error(key, f"[{key}] must be a table: from, host, port, security, bcc")
            return None
        good = True
        for name in value:
            if name not in self.KEYS:
                place.error(key, f"unknown key {name!r} in [{key}]{suggest(name, self.KEYS)}")
                good = False
        sender, host = value.get("from", ""), value.get("host", "")
        port, security, bcc = value.get("port", 0), value.get("security", "starttls"), value.get("bcc", False)
        problems = [
            (not isinstance(sender, str) or (sender and not is_address(sender)),
             f"{key}.from must be one e-mail address, such as \"Desk <desk@example.org>\""),
            (not isinstance(host, str) or any(c.isspace() for c in host), f"{key}.host must be a host name"),
            (isinstance(port, bool) or not isinstance(port, int) or not 0 <= port <= 65535,
             f"{key}.port must be a port number"),
            (security not in SECURITY, f"{key}.security must be one of {', '.join(SECURITY)}"),
            (not isinstance(bcc, bool), f"{key}.bcc must be true or false"),
        ]
        for wrong, message in problems:
            if wrong:
                place.error(key, message)
                good = False
        return MailConfig(sender.strip(), host.strip(), port, security, bcc) if good else None
