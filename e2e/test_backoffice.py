"""The back office and the reports in a real browser (issue 8).

A supervisor creates an organisation (a wrong tax number first, which is refused with the reason), invites a contact
to it, and opens the reports page, which shows SVG charts with their titles and tables. Runs against e2e/run's
server (fresh SQLite database with the demo data).
"""

import random
import uuid

from selenium.webdriver.common.by import By

from conftest import PASSWORD, screenshot, url, visible, wait


def sign_in_staff(driver, email):
    driver.get(url("/staff/sign-in"))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(lambda d: "/staff/sign-in" not in d.current_url)


def tax_number():
    """A random valid Slovenian tax number (mod-11 check digit), so the test can run again on the same server."""
    while True:
        digits = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(6)]
        check = 11 - sum(d * w for d, w in zip(digits, range(8, 1, -1))) % 11
        if check != 11:
            return "".join(map(str, digits)) + str(check % 10)


def fill(driver, form, values):
    for name, value in values.items():
        field = driver.find_element(By.ID, f"{form}-{name}")
        field.clear()
        field.send_keys(value)
    driver.find_element(By.CSS_SELECTOR, f"form#{form} button[type=submit]").click()


def test_supervisor_creates_an_organisation_invites_a_contact_and_reads_the_reports(browser):
    sign_in_staff(browser, "vodja@podpora.si")
    browser.find_element(By.LINK_TEXT, "Zaledna pisarna").click()
    visible(browser, "table#organisations")
    name = f"Brskalnik {uuid.uuid4().hex[:6]} d.o.o."

    fill(browser, "new-organisation", {"name": name, "taxNumber": "10000004"})
    error = visible(browser, "form#new-organisation .error")
    assert "kontrolno števko" in error.text and "check digit" in error.text
    screenshot(browser, "backoffice-organisation-error")

    number = tax_number()
    fill(browser, "new-organisation", {"name": name, "taxNumber": f"SI {number[:4]} {number[4:]}"})
    wait(browser).until(lambda d: "/workspace/back-office/organisations/" in d.current_url)
    assert browser.find_element(By.TAG_NAME, "h1").text == name
    assert browser.find_element(By.ID, "organisation-taxNumber").get_attribute("value") == "SI" + number

    email = f"povabljen-{uuid.uuid4().hex[:6]}@brskalnik.si"
    fill(browser, "new-contact", {"name": "Povabljena Oseba", "email": email})
    visible(browser, ".notice")
    summaries = [element.text for element in browser.find_elements(By.CSS_SELECTOR, "#main details.record summary")]
    assert any(email in text for text in summaries), summaries
    screenshot(browser, "backoffice-organisation")

    browser.find_element(By.LINK_TEXT, "Poročila").click()
    chart = visible(browser, "svg#chart-channels")
    assert chart.find_element(By.TAG_NAME, "title").get_attribute("textContent").startswith("Zahteve po kanalih")
    assert len(browser.find_elements(By.CSS_SELECTOR, "svg.chart")) == 7
    assert browser.find_elements(By.CSS_SELECTOR, "#report-channels a.csv")
    screenshot(browser, "reports")
