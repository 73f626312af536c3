"""Billing in a real browser, the "done when" of issue 8.

A customer files a request in the portal; an agent takes it, logs 20 minutes (paid.complex-over-15-min) and resolves
it; the billable item is on the customer's charges page and on the organisation's monthly statement; the supervisor's
accounting export holds it once and the next export does not; then a supervisor imports an overdue standing for the
organisation through the import page, and the organisation's next portal request is refused for unpaid obligations.

Uses the workspace module's own server (a fixed support hour through CLOCK_START) so work can be logged at any hour.
"""

import os
import re
import tempfile
import uuid

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import make_driver, screenshot, visible, wait
from test_workspace import NUMBER, base, sign_in  # noqa: F401 (base is a fixture)

import pytest

MONTH = "2026-11"
DEMO_TAX_NUMBER = "SI12345678"


@pytest.fixture
def customer():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def staff():
    driver = make_driver()
    yield driver
    driver.quit()


def export(driver, base):
    """Submits the export form from the billing page with the page's own session and CSRF token; returns the CSV."""
    driver.get(base + "/workspace/billing")
    visible(driver, "#export-month")
    return driver.execute_async_script("""
        const done = arguments[arguments.length - 1];
        const form = document.getElementById('export-month').form;
        fetch(form.action, {method: 'POST', body: new URLSearchParams(new FormData(form)), credentials: 'same-origin'})
          .then(r => r.text().then(text => done(r.status + '\\n' + text)))
          .catch(e => done('error ' + e));
    """)


def test_bill_state_export_and_standing_import(base, customer, staff):
    # The customer (Demo d.o.o.'s organisation admin, so the statement is theirs to see) files a usage question.
    sign_in(customer, base, "boris@demo.si")
    customer.get(base + "/portal/requests/new")
    subject = "Obračun regresa " + uuid.uuid4().hex[:6]
    customer.find_element(By.CSS_SELECTOR, "#program option[value='PL']").click()
    customer.find_element(By.ID, "subject").send_keys(subject)
    customer.find_element(By.ID, "body").send_keys("Kako obračunam regres za letni dopust v programu Plače?")
    customer.find_element(By.CSS_SELECTOR, "button[name='intent'][value='file']").click()
    wait(customer).until(lambda d: "filed=1" in d.current_url)
    number = customer.find_element(By.ID, "request-number").text

    # The supervisor takes it (older requests come first), logs 20 minutes and resolves it.
    sign_in(staff, base, "vodja@podpora.si", staff=True)
    taken = []
    for _ in range(30):
        staff.get(base + "/workspace")
        visible(staff, "#take-next").click()
        wait(staff).until(lambda d: NUMBER.search(d.current_url))
        taken.append(NUMBER.search(staff.current_url).group(1))
        if taken[-1] == number:
            break
    assert taken[-1] == number, f"take next never reached {number}: {taken}"
    staff.find_element(By.ID, "minutes").send_keys("20")
    staff.find_element(By.CSS_SELECTOR, "form.manual-time button[type=submit]").click()
    wait(staff).until(lambda d: "notice=limit-crossed" in d.current_url)
    staff.find_element(By.ID, "solution").send_keys("Regres obračunate v meniju Obračun → Regres.")
    staff.find_element(By.ID, "resolve").click()
    wait(staff).until(lambda d: "notice=resolved" in d.current_url)

    # The billable item: 20 minutes = 2 units of 15 at 60,00 € = 30,00 € with the paid reason in the customer's words.
    customer.get(base + "/portal/charges")
    charge = visible(customer, "section.charge").text
    assert number in charge
    assert "20 min, 2 enot" in charge and "30,00" in charge
    assert "reševanje traja dlje od brezplačne kratke pomoči" in charge
    screenshot(customer, "billing-01-charges")

    # The monthly statement shows it, with the total.
    customer.get(base + f"/portal/charges/statement?month={MONTH}")
    statement = visible(customer, "table.charges").text
    assert number in statement and "30,00" in statement and "36,60" in statement
    screenshot(customer, "billing-02-statement")

    # The accounting export holds it once; the next export of the same month does not.
    first = export(staff, base)
    assert first.startswith("200\n"), first[:200]
    rows = [line for line in first.splitlines()[1:] if line]
    assert rows[0] == "tax_number,request_number,date,program,kind,minutes,units,rate,amount,vat,reasons"
    ours = [row for row in rows[1:] if f",{number}," in row]
    assert len(ours) == 1, rows
    assert ours[0].startswith(f"{DEMO_TAX_NUMBER},{number},2026-11-25,PL,standardSupport,20,2,60.00,30.00,6.60,")
    second = export(staff, base)
    assert second.startswith("200\n") and number not in second
    staff.get(base + "/workspace/billing")
    screenshot(staff, "billing-03-supervisor")

    # Accounting says Demo d.o.o. is overdue: preview the file, then confirm the import.
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as handle:
        handle.write(f"tax_number,standing,date\n{DEMO_TAX_NUMBER},overdue,2026-11-24\n")
        path = handle.name
    try:
        staff.get(base + "/workspace/billing/standing")
        visible(staff, "#standing-file").send_keys(path)
        staff.find_element(By.CSS_SELECTOR, "form[enctype] button[type=submit]").click()
        summary = visible(staff, "#standing-summary").text
        assert "Spremenjenih: 1" in summary, summary
        screenshot(staff, "billing-04-standing-preview")
        confirm = staff.find_element(By.ID, "confirm-import")
        confirm.click()
        wait(staff).until(EC.staleness_of(confirm))
        wait(staff).until(lambda d: "Uvoženo" in d.find_element(By.ID, "standing-report").text)
        assert "Spremenjenih: 1" in staff.find_element(By.ID, "standing-summary").text
        screenshot(staff, "billing-05-standing-imported")
    finally:
        os.unlink(path)

    # The organisation's next portal request is refused for unpaid obligations, in the verdict the customer reads.
    customer.get(base + "/portal/requests/new")
    customer.find_element(By.CSS_SELECTOR, "#program option[value='PL']").click()
    customer.find_element(By.ID, "subject").send_keys("Še eno vprašanje")
    customer.find_element(By.ID, "body").send_keys("Kako natisnem plačilne liste?")
    customer.find_element(By.CSS_SELECTOR, "button[name='intent'][value='check']").click()
    verdict = visible(customer, "#verdict").text
    assert re.search(r"ne moremo nuditi", verdict), verdict
    assert "nima poravnanih zapadlih obveznosti" in verdict
    screenshot(customer, "billing-06-refused")
