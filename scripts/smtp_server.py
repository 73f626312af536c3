#!/usr/bin/env python3
"""A real SMTP server for Podpora's tests, on aiosmtpd (pip install aiosmtpd).

Every accepted message is stored as SPOOL/<seq>.eml (the DATA exactly as received, after
dot-unstuffing) and SPOOL/<seq>.json ({"mail_from": ..., "rcpt_tos": [...]}); the .json is
written last, so a test that sees it can read the .eml.

Recipients whose local part is "tempfail" get "451 4.3.0 try later", those whose local part is
"reject" get "550 5.1.1 no such user".

Prints "READY <port>" on stdout once listening (use --port 0 for a free port) and exits cleanly
on SIGTERM or SIGINT.
"""

import argparse
import asyncio
import json
import os
import signal
import ssl
import subprocess
import sys

try:
    from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword
except ImportError:
    sys.stderr.write("smtp_server.py needs aiosmtpd: pip install aiosmtpd\n")
    sys.exit(2)


class SpoolHandler:
    def __init__(self, spool):
        self.spool = spool
        self.sequence = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        local = address.rsplit("@", 1)[0].lower()
        if local == "tempfail":
            return "451 4.3.0 try later"
        if local == "reject":
            return "550 5.1.1 no such user"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.sequence += 1
        base = os.path.join(self.spool, str(self.sequence))
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8", "surrogateescape")
        with open(base + ".eml", "wb") as f:
            f.write(content)
        ssl_object = server.transport.get_extra_info("ssl_object") if server.transport else None
        meta = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": list(envelope.rcpt_tos),
            # For tests to check that STARTTLS or AUTH really happened.
            "tls": bool(session.ssl) or ssl_object is not None,
            "auth": session.auth_data if session.authenticated else None,
        }
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(meta, f)
        os.replace(base + ".json.tmp", base + ".json")
        return "250 2.0.0 Message accepted for delivery"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        if not isinstance(auth_data, LoginPassword):
            return AuthResult(success=False, handled=False)
        if auth_data.login != user.encode() or auth_data.password != password.encode():
            # handled=False makes aiosmtpd answer "535 5.7.8"; its default leaves the client waiting.
            return AuthResult(success=False, handled=False)
        return AuthResult(success=True, auth_data={"login": user, "mechanism": mechanism})

    return authenticate


def self_signed(spool):
    cert = os.path.join(spool, "selfsigned-cert.pem")
    key = os.path.join(spool, "selfsigned-key.pem")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-keyout", key, "-out", cert, "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return cert, key


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port (see READY line)")
    parser.add_argument("--spool", required=True, help="directory for <seq>.eml and <seq>.json")
    parser.add_argument("--tls-cert", help="certificate (PEM); STARTTLS is offered")
    parser.add_argument("--tls-key", help="private key (PEM)")
    parser.add_argument("--self-signed", action="store_true", help="make a throwaway certificate in the spool")
    parser.add_argument("--implicit-tls", action="store_true", help="TLS from the first byte (smtps)")
    parser.add_argument("--auth", metavar="USER:PASSWORD", help="require AUTH PLAIN or LOGIN with these")
    parser.add_argument(
        "--auth-mechanisms", default="PLAIN,LOGIN", help="mechanisms offered with --auth (default PLAIN,LOGIN)"
    )
    args = parser.parse_args()

    os.makedirs(args.spool, exist_ok=True)
    cert, key = args.tls_cert, args.tls_key
    if bool(cert) != bool(key):
        parser.error("--tls-cert and --tls-key go together")
    if not cert and args.self_signed:
        cert, key = self_signed(args.spool)
    if args.implicit_tls and not cert:
        parser.error("--implicit-tls needs --tls-cert/--tls-key or --self-signed")

    context = None
    if cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)

    auth_user = auth_password = None
    if args.auth:
        if ":" not in args.auth:
            parser.error("--auth takes USER:PASSWORD")
        auth_user, auth_password = args.auth.split(":", 1)

    handler = SpoolHandler(args.spool)

    def factory():
        options = dict(hostname="podpora-test-smtp", ident="podpora test SMTP")
        if context and not args.implicit_tls:
            options["tls_context"] = context
        if auth_user is not None:
            options["authenticator"] = make_authenticator(auth_user, auth_password)
            options["auth_required"] = True
            offered = {m.strip().upper() for m in args.auth_mechanisms.split(",") if m.strip()}
            options["auth_exclude_mechanism"] = {"PLAIN", "LOGIN"} - offered
            # Over STARTTLS the password may only follow the upgrade; with implicit TLS (or no TLS
            # at all, for auth=plain-insecure tests) the connection is as secure as it will get.
            options["auth_require_tls"] = bool(context) and not args.implicit_tls
        return SMTP(handler, **options)

    # A parent may have spawned us with these blocked (Foundation's Process on Linux passes its
    # thread's signal mask on); blocked, SIGTERM would never stop the server.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    server = loop.run_until_complete(
        loop.create_server(factory, host=args.host, port=args.port, ssl=context if args.implicit_tls else None)
    )
    port = server.sockets[0].getsockname()[1]
    stop = asyncio.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    print(f"READY {port}", flush=True)
    loop.run_until_complete(stop.wait())
    server.close()
    loop.run_until_complete(server.wait_closed())
    loop.close()


if __name__ == "__main__":
    main()
