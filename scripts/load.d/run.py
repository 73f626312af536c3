#!/usr/bin/env python3
"""scripts/load: HTTP load benchmarks W1-W5 of docs/PERFORMANCE.md against a release build of podpora.

For each database it seeds the load data set if the database is empty (`podpora seed-load`), starts
`podpora serve` on a free port, signs in contacts and agents through the real forms, makes API tokens with
`podpora token create`, drives each workload with wrk (Lua scripts beside this file), reads the server's peak
RSS (VmHWM, reset before each workload), checks take-next for double claims in SQL, stops the server, and
measures the bare INSERT+COMMIT ceiling with `podpora load-ceiling`. It prints a Markdown table and writes
the raw results as JSON.

The workloads write (new requests, claims, mail): run it on a database made for it, never on real data.
"""
import argparse
import datetime
import http.client
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
PASSWORD = "load1234"  # LoadData.password


def log(text):
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def clock_start():
    """The next working day at 10:00 in Ljubljana: take-next works only in support hours, so the server's clock
    (CLOCK_START) is moved into them; the data set was generated up to the real now, which lies before it."""
    zone = zoneinfo.ZoneInfo("Europe/Ljubljana")
    day = datetime.datetime.now(zone).date() + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime(day.year, day.month, day.day, 10, 0, tzinfo=zone).isoformat()


class Database:
    def __init__(self, kind, target):
        self.kind = kind
        self.target = target
        self.url = f"sqlite://{target}" if kind == "sqlite" else target

    def sql(self, query):
        if self.kind == "sqlite":
            out = subprocess.run(["sqlite3", "-separator", "\t", self.target, query], check=True,
                                 capture_output=True, text=True).stdout
        else:
            out = subprocess.run(["psql", self.target, "-AtF", "\t", "-c", query], check=True,
                                 capture_output=True, text=True).stdout
        return [line.split("\t") for line in out.splitlines() if line]

    def scalar(self, query):
        return int(self.sql(query)[0][0])


class Podpora:
    def __init__(self, binary, database, clock):
        self.binary = binary
        self.database = database
        self.env = dict(os.environ, DATABASE_URL=database.url, LOG_LEVEL="warning", CLOCK_START=clock,
                        DATA_DIR=tempfile.mkdtemp(prefix="podpora-load-data-"))
        self.process = None

    def cli(self, *args, check=True):
        result = subprocess.run([self.binary, *args], env=self.env, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"podpora {' '.join(args)} exited {result.returncode}: {result.stderr[-2000:]}")
        return result

    def serve(self):
        self.port = free_port()
        env = dict(self.env, PORT=str(self.port), HOST="127.0.0.1")
        self.log = open(os.path.join(tempfile.gettempdir(), f"podpora-load-{self.database.kind}.log"), "w")
        self.process = subprocess.Popen([self.binary, "serve"], env=env, stdout=self.log, stderr=self.log)
        for _ in range(600):
            try:
                if self.get("/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if self.process.poll() is not None:
                raise RuntimeError(f"podpora serve exited {self.process.returncode}, see {self.log.name}")
            time.sleep(0.5)
        raise RuntimeError("podpora serve did not answer /healthz")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
        self.process = None

    def request(self, method, path, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        data = response.read()
        cookies = {}
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                pair = value.split(";", 1)[0]
                key, _, val = pair.partition("=")
                cookies[key] = val
        connection.close()
        return response.status, cookies, data

    def get(self, path):
        return self.request("GET", path)

    def sign_in(self, email, staff=False):
        """Signs in through the real form; returns the Cookie header and the CSRF token."""
        path = "/staff/sign-in" if staff else "/portal/sign-in"
        _, cookies, _ = self.get(path)
        csrf = cookies["podpora_csrf"]
        body = urllib.parse.urlencode({"email": email, "password": PASSWORD, "csrf": csrf})
        status, more, _ = self.request("POST", path, body=body, headers={
            "Content-Type": "application/x-www-form-urlencoded", "Cookie": f"podpora_csrf={csrf}"})
        cookies.update(more)
        if status != 303 or "podpora_session" not in cookies:
            raise RuntimeError(f"sign-in of {email} answered {status}")
        return "; ".join(f"{k}={v}" for k, v in cookies.items()), csrf

    def rss_reset(self):
        # Writing 5 to clear_refs resets the peak resident set size (VmHWM) to the current one (Linux >= 4.0).
        with open(f"/proc/{self.process.pid}/clear_refs", "w") as f:
            f.write("5")

    def rss_peak_mb(self):
        with open(f"/proc/{self.process.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return 0.0


def wrk(server, script, threads, connections, seconds, identities, lines=None, expect=200, location=None):
    work = tempfile.mkdtemp(prefix="podpora-load-")
    identity_file = os.path.join(work, "identities")
    with open(identity_file, "w") as f:
        f.write("\n".join(identities) + "\n")
    env = dict(os.environ, LOAD_DIR=HERE, LOAD_IDENTITIES=identity_file, LOAD_EXPECT=str(expect))
    if lines is not None:
        lines_file = os.path.join(work, "lines")
        with open(lines_file, "w") as f:
            f.write("\n".join(lines) + "\n")
        env["LOAD_LINES"] = lines_file
    if location:
        env["LOAD_EXPECT_LOCATION"] = location
    server.rss_reset()
    load_before = os.getloadavg()[0]
    out = subprocess.run(
        ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{seconds}s", "--timeout", "10s", "--latency",
         "-s", os.path.join(HERE, script), f"http://127.0.0.1:{server.port}"],
        env=env, capture_output=True, text=True)
    if out.returncode != 0 or "{" not in out.stdout:
        raise RuntimeError(f"wrk {script} failed: {out.stdout[-1000:]} {out.stderr[-1000:]}")
    out = out.stdout
    result = json.loads([line for line in out.splitlines() if line.startswith("{")][-1])
    result["rss_mb"] = round(server.rss_peak_mb(), 1)
    result["load_before"] = load_before
    result["load_after"] = os.getloadavg()[0]
    shutil.rmtree(work, ignore_errors=True)
    return result


def per_thread_lines(identity, lines, work):
    """An identity whose thread reads its own lines (W2's request pages: each contact opens its own requests)."""
    path = os.path.join(work, f"lines-{len(os.listdir(work))}")
    with open(path, "w") as f:
        f.write("\n".join(lines) + "\n")
    return identity + "\t" + path


def run_database(database, args, clock):
    server = Podpora(args.binary, database, clock)
    results = {}
    if not args.no_seed:
        log(f"{database.kind}: seed-load (skipped if the database holds data)")
        seeded = server.cli("seed-load", "--requests", str(args.requests), "--organisations", str(args.organisations),
                            "--articles", str(args.articles), check=False)
        if seeded.returncode not in (0, 64):
            raise RuntimeError(seeded.stderr)
        log(seeded.stdout.strip().splitlines()[-1] if seeded.stdout.strip() else seeded.stderr.strip())
    total = database.scalar("SELECT count(*) FROM requests")
    organisations = database.scalar("SELECT count(*) FROM organisations")
    results["requests"] = total
    log(f"{database.kind}: {total} requests, {organisations} organisations; starting podpora serve")
    only = set(args.only.split(",")) if args.only else None
    wanted = lambda name: only is None or name in only  # noqa: E731
    seconds = args.duration
    work = tempfile.mkdtemp(prefix="podpora-load-lines-")
    server.serve()
    try:
        # Contacts (3 per organisation; the first is its admin): the biggest organisation's admin and a member,
        # and members of a middle-sized and a small organisation.
        def contact(org, k):
            return 3 * (org - 1) + 1 + k

        people = [contact(1, 0), contact(1, 1), contact(min(100, organisations), 1),
                  contact(max(1, organisations // 2), 1)]
        if wanted("W2"):
            identities, pages = [], []
            for person in people:
                cookie, _ = server.sign_in(f"kontakt{person}@load.podpora.test")
                identities.append(f"Cookie\t{cookie}")
                numbers = [row[0] for row in database.sql(
                    f"SELECT number FROM requests WHERE contact_id = {int(person)} ORDER BY id DESC LIMIT 500")]
                pages.append(per_thread_lines(f"Cookie\t{cookie}\t", [f"/portal/requests/{n}" for n in numbers], work))
            log("W2a: GET /portal/requests")
            results["W2a"] = wrk(server, "get.lua", 4, 16, seconds, identities, ["/portal/requests"])
            log(f"  {results['W2a']}")
            # One connection: the time one request takes when it does not queue behind others (the latency targets).
            results["W2a1"] = wrk(server, "get.lua", 1, 1, seconds // 2, identities[:1], ["/portal/requests"])
            log(f"  1 connection: {results['W2a1']}")
            log("W2b: GET /portal/requests/{number}")
            results["W2b"] = wrk(server, "get.lua", 4, 16, seconds, pages)
            log(f"  {results['W2b']}")
            results["W2b1"] = wrk(server, "get.lua", 1, 1, seconds // 2, pages[1:2])
            log(f"  1 connection: {results['W2b1']}")
        if wanted("W3"):
            rng = random.Random(7)
            titles = [row[0] for row in database.sql(
                "SELECT title FROM articles WHERE id % 7 = 0 ORDER BY id LIMIT 2000")]
            queries = []
            for _ in range(2000):
                words = rng.choice(titles).split()
                picked = rng.sample(words, min(len(words), rng.randint(1, 3)))
                if rng.random() < 0.5 and len(picked[-1]) > 3:
                    picked[-1] = picked[-1][:rng.randint(3, len(picked[-1]))]
                queries.append(urllib.parse.quote(" ".join(picked)))
            log("W3a: GET /pomoc/iskanje?q=…")
            results["W3a"] = wrk(server, "get.lua", 2, 16, seconds, [""], [f"/pomoc/iskanje?q={q}" for q in queries])
            log(f"  {results['W3a']}")
            results["W3a1"] = wrk(server, "get.lua", 1, 1, seconds // 2, [""], [f"/pomoc/iskanje?q={q}" for q in queries])
            log(f"  1 connection: {results['W3a1']}")
            log("W3b: GET /api/v1/search?q=…")
            results["W3b"] = wrk(server, "get.lua", 2, 16, seconds, [""], [f"/api/v1/search?q={q}" for q in queries])
            log(f"  {results['W3b']}")
            results["W3b1"] = wrk(server, "get.lua", 1, 1, seconds // 2, [""], [f"/api/v1/search?q={q}" for q in queries])
            log(f"  1 connection: {results['W3b1']}")
        if wanted("W4"):
            agents = []
            for n in range(1, 21):
                cookie, csrf = server.sign_in(f"agent{n}@load.podpora.test", staff=True)
                agents.append(f"Cookie\t{cookie}\t{csrf}")
            waiting = database.scalar("SELECT count(*) FROM requests WHERE status = 'waiting'")
            last_event = database.scalar("SELECT COALESCE(max(id), 0) FROM request_events")
            log(f"W4: POST /workspace/take-next, 20 agents, {waiting} waiting")
            result = wrk(server, "take-next.lua", 20, 20, args.take_next_duration, agents, expect=303,
                         location="/workspace/requests/")
            claims = database.scalar(
                f"SELECT count(*) FROM request_events WHERE kind = 'accepted' AND id > {int(last_event)}")
            double = database.scalar(
                "SELECT count(*) FROM (SELECT request_id FROM request_events WHERE kind = 'accepted' "
                f"AND id > {int(last_event)} GROUP BY request_id HAVING count(*) > 1) twice")
            assigned_twice = database.scalar(
                "SELECT count(*) FROM (SELECT e.request_id FROM request_events e JOIN requests r ON r.id = e.request_id "
                f"WHERE e.kind = 'accepted' AND e.id > {int(last_event)} AND r.status <> 'in_progress') moved")
            result.update(waiting_before=waiting, claims=claims, double_claims=double, claimed_not_in_progress=assigned_twice)
            results["W4"] = result
            log(f"  {result}")
        if wanted("W1"):
            identities = []
            for i, person in enumerate(people):
                token = server.cli("token", "create", "--scope", "customer", "--name", f"load-{i}-{time.time()}",
                                   "--contact", f"kontakt{person}@load.podpora.test").stdout
                token = re.search(r"pod_[A-Za-z0-9_\-]+", token).group(0)
                identities.append(f"Authorization\tBearer {token}")
            subjects = [row[0] for row in database.sql("SELECT subject FROM requests WHERE id % 97 = 0 LIMIT 2000")]
            before = database.scalar("SELECT count(*) FROM requests")
            log("W1: POST /api/v1/requests")
            result = wrk(server, "file-request.lua", 4, 32, seconds, identities, subjects, expect=201)
            result["filed"] = database.scalar("SELECT count(*) FROM requests") - before
            results["W1"] = result
            log(f"  {result}")
        if wanted("W5"):
            token = server.cli("token", "create", "--scope", "inbound-mail", "--name", f"load-mta-{time.time()}").stdout
            token = re.search(r"pod_[A-Za-z0-9_\-]+", token).group(0)
            senders = [f"kontakt{contact(org, 1)}@load.podpora.test"
                       for org in range(2, min(organisations, 400) + 1) if org % 100 != 99]
            before = database.scalar("SELECT count(*) FROM inbound_mails")
            log("W5: POST /api/v1/inbound-mail")
            result = wrk(server, "inbound-mail.lua", 2, 16, seconds, [f"Authorization\tBearer {token}"], senders,
                         expect=202)
            result["stored"] = database.scalar("SELECT count(*) FROM inbound_mails") - before
            result["processed"] = database.scalar(
                f"SELECT count(*) FROM inbound_mails WHERE id > {int(before)} AND status = 'processed'")
            results["W5"] = result
            log(f"  {result}")
    finally:
        server.stop()
        shutil.rmtree(work, ignore_errors=True)
    if wanted("ceiling"):
        log("ceiling: podpora load-ceiling (server stopped)")
        out = server.cli("load-ceiling", "--seconds", str(args.ceiling_duration), "--writers", "16").stdout.strip()
        match = re.search(r"([\d.]+) transactions/s, p50 ([\d.]+) ms, p99 ([\d.]+) ms", out)
        results["ceiling"] = {"text": out, "rps": float(match.group(1)), "p50_ms": float(match.group(2)),
                              "p99_ms": float(match.group(3))}
        log(f"  {out}")
    return results


NAMES = {
    "W1": "W1 file a request (POST /api/v1/requests)",
    "W2a": "W2 my requests (GET /portal/requests), 16 connections",
    "W2a1": "W2 my requests, 1 connection (biggest organisation's admin)",
    "W2b": "W2 a request page (GET /portal/requests/{n}), 16 connections",
    "W2b1": "W2 a request page, 1 connection",
    "W3a": "W3 help search page (GET /pomoc/iskanje), 16 connections",
    "W3a1": "W3 help search page, 1 connection",
    "W3b": "W3 search API (GET /api/v1/search), 16 connections",
    "W3b1": "W3 search API, 1 connection",
    "W4": "W4 take-next, 20 agents (POST /workspace/take-next)",
    "W5": "W5 e-mail ingest (POST /api/v1/inbound-mail)",
    "ceiling": "INSERT+COMMIT ceiling of a filing's rows (load-ceiling)",
}


def table(all_results):
    kinds = list(all_results)
    header = "| workload | " + " | ".join(f"{k} req/s | {k} p50 ms | {k} p99 ms | {k} peak RSS MB" for k in kinds) + " |"
    lines = [header, "|---" * (1 + 4 * len(kinds)) + "|"]
    for key, name in NAMES.items():
        if not any(key in r for r in all_results.values()):
            continue
        cells = []
        for kind in kinds:
            r = all_results[kind].get(key)
            if r is None:
                cells += ["–"] * 4
            else:
                cells += [f"{r['rps']:,.0f}", f"{r['p50_ms']:.1f}", f"{r['p99_ms']:.1f}",
                          f"{r['rss_mb']:.0f}" if "rss_mb" in r else "–"]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sqlite", help="SQLite file to use (seeded when empty)")
    parser.add_argument("--postgres", help="postgres:// URL of a database to use (seeded when empty)")
    parser.add_argument("--binary", default=os.path.join(ROOT, ".build/release/podpora"))
    parser.add_argument("--duration", type=int, default=20, help="seconds per workload")
    parser.add_argument("--take-next-duration", type=int, default=10,
                        help="seconds of W4 (20 agents empty a waiting list of 3,000 quickly)")
    parser.add_argument("--ceiling-duration", type=int, default=10)
    parser.add_argument("--only", help="comma-separated subset: W1,W2,W3,W4,W5,ceiling")
    parser.add_argument("--no-seed", action="store_true")
    parser.add_argument("--requests", type=int, default=1_000_000)
    parser.add_argument("--organisations", type=int, default=10_000)
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--out", default=os.path.join(tempfile.gettempdir(), "podpora-load-results.json"))
    args = parser.parse_args()
    if not args.sqlite and not args.postgres:
        parser.error("name at least one database: --sqlite FILE and/or --postgres URL")
    for tool in ["wrk", "sqlite3" if args.sqlite else "psql"]:
        if shutil.which(tool) is None:
            sys.exit(f"{tool} is missing: apt-get install wrk sqlite3 postgresql-client")
    if not os.path.exists(args.binary):
        log("building the release binary (swift build -c release)")
        subprocess.run(["swift", "build", "-c", "release", "--product", "podpora"], cwd=ROOT, check=True)
    clock = clock_start()
    machine = {"nproc": os.cpu_count(), "started": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
               "clock_start": clock, "load_at_start": os.getloadavg()}
    log(f"machine: {machine}")
    all_results = {}
    if args.sqlite:
        all_results["SQLite"] = run_database(Database("sqlite", os.path.abspath(args.sqlite)), args, clock)
    if args.postgres:
        all_results["PostgreSQL"] = run_database(Database("postgres", args.postgres), args, clock)
    machine["load_at_end"] = os.getloadavg()
    with open(args.out, "w") as f:
        json.dump({"machine": machine, "results": all_results}, f, indent=2)
    print()
    print(table(all_results))
    print(f"\nraw results: {args.out}")


if __name__ == "__main__":
    main()
