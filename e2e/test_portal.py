"""The customer portal in a real browser: sign-in, the live verdict and suggestions, filing, following a request.

The server's clock is real time, so every assertion holds at any hour: outside support hours portal requests are
still accepted onto the waiting list, only the wording of when work can start changes.
"""

import os
import re
import tempfile

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC

from conftest import screenshot, sign_in, url, visible, wait

NUMBER = re.compile(r"^\d{4}-\d{6}$")


def first_request_number(driver):
    driver.get(url("/portal/requests"))
    link = visible(driver, "table.requests td a")
    return link.text


def test_anonymous_request_page_leads_to_sign_in_and_back(browser):
    sign_in(browser, "ana@demo.si")
    number = first_request_number(browser)
    assert NUMBER.match(number)
    browser.delete_all_cookies()

    browser.get(url(f"/portal/requests/{number}"))
    wait(browser).until(lambda d: "/portal/sign-in" in d.current_url)
    assert f"next=/portal/requests/{number}" in browser.current_url.replace("%2F", "/")
    screenshot(browser, "01-sign-in")
    sign_in(browser, "ana@demo.si")
    assert browser.current_url.endswith(f"/portal/requests/{number}")
    assert browser.find_element(By.ID, "request-number").text == number


def test_ana_files_a_request_with_suggestions_and_a_paid_verdict(browser):
    sign_in(browser, "ana@demo.si")
    screenshot(browser, "02-my-requests-ana")
    browser.get(url("/portal/requests/new"))
    visible(browser, "form#new-request.is-live")
    screenshot(browser, "03-new-request")

    browser.find_element(By.CSS_SELECTOR, "#program option[value='PL']").click()
    browser.find_element(By.ID, "subject").send_keys("Obračun plač")
    browser.find_element(By.ID, "body").send_keys("Ne vem, kako zaključim obračun plač za november.")
    visible(browser, "#suggestions .suggestion a")
    wait(browser).until(lambda d: "Obračun plač: od priprave do zaključka" in d.find_element(By.ID, "suggestions").text)
    links = [a.get_attribute("href") for a in browser.find_elements(By.CSS_SELECTOR, "#suggestions .suggestion a")]
    assert any(link.endswith("/pomoc/clanek/obracun-plac") for link in links), links
    verdict = browser.find_element(By.CSS_SELECTOR, "#verdict .verdict")
    assert verdict.get_attribute("data-outcome") == "free"
    assert browser.find_element(By.ID, "consent-box").is_displayed() is False
    screenshot(browser, "04-suggestion-and-free-verdict")

    browser.find_element(By.CSS_SELECTOR, "label[for='category-legislation']").click()
    visible(browser, "#verdict .verdict[data-outcome='paid'] li[data-rule='paid.legislation-or-business']")
    verdict_text = browser.find_element(By.ID, "verdict").text
    assert "zakonodajo" in verdict_text
    assert "na uro brez DDV" in verdict_text
    consent = visible(browser, "#consent-box")
    screenshot(browser, "05-paid-verdict")

    # A small PDF goes with the request, through a real multipart upload.
    with tempfile.NamedTemporaryFile("wb", suffix=".pdf", prefix="izpis-", delete=False) as handle:
        handle.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")
        pdf = handle.name
    try:
        browser.find_element(By.ID, "attachments").send_keys(pdf)
        consent.find_element(By.ID, "paidConsent").click()
        browser.find_element(By.CSS_SELECTOR, "button[name='intent'][value='file']").click()
        wait(browser).until(lambda d: "filed=1" in d.current_url)
    finally:
        os.unlink(pdf)

    number = browser.find_element(By.ID, "request-number").text
    assert NUMBER.match(number)
    position = browser.find_element(By.ID, "position").text
    assert position.isdigit() and int(position) >= 1
    estimate = browser.find_element(By.ID, "estimate").text
    assert estimate.startswith("Predviden začetek reševanja:")
    assert re.search(r"\d{4}, ob \d{1,2}\.\d{2}", estimate)
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Zahtevo smo prejeli" in page
    assert "zakonodajo" in page
    assert browser.find_element(By.PARTIAL_LINK_TEXT, "izpis-").get_attribute("href").startswith(
        url(f"/portal/requests/{number}/attachments/"))
    screenshot(browser, "06-filed-request")

    browser.get(url("/portal/requests"))
    assert number in browser.find_element(By.CSS_SELECTOR, "table.requests").text


def test_cene_sees_a_refusal_for_unpaid_obligations_and_can_keep_the_record(browser):
    sign_in(browser, "cene@dolznik.si")
    browser.get(url("/portal/requests/new"))
    refusal = visible(browser, "#verdict .verdict[data-outcome='refused'] li[data-rule='refuse.unpaid-obligations']")
    assert "obveznosti" in refusal.text
    assert "Poravnajte zapadle obveznosti" in browser.find_element(By.ID, "verdict").text
    keep = visible(browser, "#keep-box")
    browser.find_element(By.ID, "subject").send_keys("Obračun bolniške za november")
    browser.find_element(By.ID, "body").send_keys("Kako obračunam bolniško nad 30 dni?")
    screenshot(browser, "07-refusal-cene")
    keep.find_element(By.ID, "keepIfRefused").click()
    browser.find_element(By.CSS_SELECTOR, "button[name='intent'][value='file']").click()
    wait(browser).until(lambda d: "filed=1" in d.current_url)
    assert "Zavrnjena" in browser.find_element(By.CSS_SELECTOR, ".request-head").text
    assert browser.find_elements(By.ID, "position") == []
    screenshot(browser, "08-refused-record")


def test_boris_sees_anas_request(browser):
    sign_in(browser, "boris@demo.si")
    table = visible(browser, "table.requests")
    assert "Zahteve organizacije" in browser.find_element(By.TAG_NAME, "h1").text
    rows = [row for row in table.find_elements(By.CSS_SELECTOR, "tbody tr") if "Ana Novak" in row.text]
    assert rows, "boris, the organisation admin, sees ana's requests"
    screenshot(browser, "09-organisation-requests-boris")
    rows[0].find_element(By.CSS_SELECTOR, "td a").click()
    visible(browser, "#request-number")
    assert "Ana Novak" in browser.find_element(By.CSS_SELECTOR, "dl.facts").text
    assert browser.find_elements(By.CSS_SELECTOR, "ol.timeline li.event")
    screenshot(browser, "10-anas-request-seen-by-boris")


def test_resolved_request_timeline_and_reply(browser):
    sign_in(browser, "ana@demo.si")
    browser.get(url("/portal/requests?status=resolved"))
    visible(browser, "table.requests td a").click()
    timeline = visible(browser, "ol.timeline")
    assert "Sprejeta v reševanje" in timeline.text
    assert "Rešitev:" in timeline.text
    screenshot(browser, "11-resolved-request")
    browser.find_element(By.ID, "reply").send_keys("Rešitev ne deluje, izvoz še vedno javi napako.")
    browser.find_element(By.CSS_SELECTOR, "section.reply button[type=submit]").click()
    wait(browser).until(lambda d: "replied=reopened" in d.current_url)
    assert "V reševanju" in browser.find_element(By.CSS_SELECTOR, ".request-head").text
    screenshot(browser, "12-reopened-by-reply")


def test_the_form_works_without_javascript(browser_without_javascript):
    browser = browser_without_javascript
    sign_in(browser, "ana@demo.si")
    browser.get(url("/portal/requests/new"))
    assert "is-live" not in browser.find_element(By.ID, "new-request").get_attribute("class")
    browser.find_element(By.CSS_SELECTOR, "#program option[value='PL']").click()
    browser.find_element(By.ID, "subject").send_keys("Obračun plač")
    browser.find_element(By.CSS_SELECTOR, "label[for='category-legislation']").click()
    browser.find_element(By.CSS_SELECTOR, "button[name='intent'][value='check']").click()
    wait(browser).until(EC.presence_of_element_located((By.CSS_SELECTOR, "#suggestions .suggestion")))
    assert "Obračun plač: od priprave do zaključka" in browser.find_element(By.ID, "suggestions").text
    assert browser.find_element(By.CSS_SELECTOR, "#verdict .verdict").get_attribute("data-outcome") == "paid"
    assert browser.find_element(By.ID, "subject").get_attribute("value") == "Obračun plač"
    assert browser.find_element(By.ID, "consent-box").is_displayed()
    # "This answered my question" ends the form.
    browser.find_element(By.CSS_SELECTOR, "#suggestions button[name='answered']").click()
    wait(browser).until(lambda d: "Veseli nas" in d.find_element(By.TAG_NAME, "h1").text)
    screenshot(browser, "13-deflected-without-javascript")


def test_policy_page_and_english(browser):
    browser.get(url("/portal/policy"))
    rules = browser.find_elements(By.CSS_SELECTOR, "li[data-rule]")
    assert len(rules) == 15
    screenshot(browser, "14-how-we-decide")
    sign_in(browser, "eva@tuji.si")
    browser.get(url("/portal/requests/new"))
    refusal = visible(browser, "#verdict li[data-rule='refuse.person-not-onboarded']")
    assert "onboarding" in refusal.text, "eva's remembered language is English"
    screenshot(browser, "15-refusal-eva-english")
