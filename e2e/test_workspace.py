"""The agent workspace in a real browser: the walk of issue 5 from filing to the customer's timeline.

A customer files in the portal, an agent takes the waiting list from the head until the request is theirs, logs
20 minutes, sees the decision turn paid (paid.complex-over-15-min), resolves with a solution, and the customer
reads the solution, the time and the paid reason on the request's timeline.

Taking work and logging time are refused outside support hours, so this module runs its own server whose clock
starts on a Wednesday at 10:00 in Ljubljana (CLOCK_START) and runs on in real time; the walk holds at any hour of
the machine. The server is the same binary as e2e/run's, on a fresh SQLite file with the demo data.
"""

import os
import re
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
import uuid

import pytest
from selenium.webdriver.common.by import By

from conftest import PASSWORD, make_driver, screenshot, visible, wait

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BINARY = os.path.join(ROOT, ".build", "debug", "podpora")
CLOCK_START = "2026-11-25T10:00:00+01:00"
NUMBER = re.compile(r"/workspace/requests/(\d{4}-\d{6})")


@pytest.fixture(scope="module")
def base():
    """A server of its own at a fixed support hour; stopped (and its files removed) after the module."""
    assert os.access(BINARY, os.X_OK), f"{BINARY} is missing; build first (swift build)"
    work = tempfile.mkdtemp(prefix="podpora-e2e-workspace-")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"http://127.0.0.1:{port}"
    environment = dict(
        os.environ, DATABASE_URL=f"sqlite://{work}/podpora.sqlite", DATA_DIR=os.path.join(work, "data"),
        HOST="127.0.0.1", PORT=str(port), PUBLIC_URL=address, LOG_LEVEL="warning", CLOCK_START=CLOCK_START)
    log = open(os.path.join(work, "server.log"), "wb")
    server = subprocess.Popen([BINARY, "serve"], cwd=work, env=environment, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        while True:
            assert server.poll() is None, "the workspace server stopped: " + open(log.name).read()[-2000:]
            try:
                if urllib.request.urlopen(address + "/healthz", timeout=2).status == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the workspace server did not become healthy"
            time.sleep(0.5)
        yield address
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()
        shutil.rmtree(work, ignore_errors=True)


@pytest.fixture
def customer():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def agent():
    driver = make_driver()
    yield driver
    driver.quit()


def sign_in(driver, base, email, staff=False):
    driver.get(base + ("/staff/sign-in" if staff else "/portal/sign-in"))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    wait(driver).until(lambda d: "/sign-in" not in d.current_url)


def test_file_take_log_resolve_and_the_customer_sees_it(base, customer, agent):
    # The customer files a free question in the portal.
    sign_in(customer, base, "ana@demo.si")
    customer.get(base + "/portal/requests/new")
    subject = "Zaključek obračuna plač " + uuid.uuid4().hex[:6]
    customer.find_element(By.CSS_SELECTOR, "#program option[value='PL']").click()
    customer.find_element(By.ID, "subject").send_keys(subject)
    customer.find_element(By.ID, "body").send_keys("Kako zaključim obračun plač za november in pripravim REK-1?")
    customer.find_element(By.CSS_SELECTOR, "button[name='intent'][value='file']").click()
    wait(customer).until(lambda d: "filed=1" in d.current_url)
    number = customer.find_element(By.ID, "request-number").text

    # The agent takes next from the head of the list until the new request is theirs (older ones come first).
    sign_in(agent, base, "agent@podpora.si", staff=True)
    assert agent.current_url.endswith("/workspace")
    assert number in visible(agent, "#waiting-list").text
    screenshot(agent, "workspace-01-waiting-list")
    taken = []
    for _ in range(20):
        agent.get(base + "/workspace")
        visible(agent, "#take-next").click()
        wait(agent).until(lambda d: NUMBER.search(d.current_url))
        taken.append(NUMBER.search(agent.current_url).group(1))
        if taken[-1] == number:
            break
    assert taken[-1] == number, f"take next never reached {number}: {taken}"
    assert len(set(taken)) == len(taken), "no request was handed out twice"
    assert "V reševanju" in visible(agent, ".request-header").text

    # 20 minutes of work: over the free limit, so the decision turns paid and the agent is told.
    minutes = agent.find_element(By.ID, "minutes")
    minutes.send_keys("20")
    agent.find_element(By.ID, "time-note").send_keys("Pregled obračuna po telefonu")
    agent.find_element(By.CSS_SELECTOR, "form.manual-time button[type=submit]").click()
    wait(agent).until(lambda d: "notice=limit-crossed" in d.current_url)
    assert "paid.complex-over-15-min" in agent.find_element(By.CSS_SELECTOR, "p.notice").text
    panel = agent.find_element(By.ID, "decision").text
    assert "plačljivo" in panel and "paid.complex-over-15-min" in panel
    assert "20 min od 15 min" in agent.find_element(By.ID, "minutes-used").text
    screenshot(agent, "workspace-02-limit-crossed")

    # Resolve with a solution and clear instructions.
    solution = "Obračun zaključite v meniju Obračun → Zaključi; REK-1 nato izvozite v meniju Izpisi."
    agent.find_element(By.ID, "solution").send_keys(solution)
    agent.find_element(By.CSS_SELECTOR, "label[for='clear-instructions']").click()
    agent.find_element(By.ID, "resolve").click()
    wait(agent).until(lambda d: "notice=resolved" in d.current_url)
    assert "Rešena" in agent.find_element(By.CSS_SELECTOR, ".request-header").text
    screenshot(agent, "workspace-03-resolved")

    # The customer's timeline holds the solution, the time used and the paid reason.
    customer.get(base + f"/portal/requests/{number}")
    timeline = visible(customer, "ol.timeline").text
    assert "Sprejeta v reševanje" in timeline
    assert solution in timeline
    assert "20 min" in timeline
    assert "reševanje traja dlje od brezplačne kratke pomoči" in timeline, "the paid reason, in the customer's words"
    screenshot(customer, "workspace-04-customer-timeline")
