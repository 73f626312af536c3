"""Onboarding bookings in a real browser: the way out of refuse.person-not-onboarded.

eva@tuji.si was never onboarded, so the policy refuses her requests and tells her to book onboarding in the portal.
She follows the verdict's "Book onboarding" button and books; an agent schedules a date and marks it completed;
her next verdict is no longer a refusal. The module runs its own server (test_workspace's `base`), so eva stays
refused for the other modules.
"""

import pytest
from selenium.webdriver.common.by import By

from conftest import make_driver, screenshot, visible, wait
from test_workspace import base, sign_in  # noqa: F401 (base is a fixture)


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


def test_refused_contact_books_onboarding_and_is_helped_after_it(base, customer, agent):
    sign_in(customer, base, "eva@tuji.si")
    customer.get(base + "/portal/requests/new")
    visible(customer, "#verdict .verdict[data-outcome='refused'] li[data-rule='refuse.person-not-onboarded']")
    customer.find_element(By.ID, "book-onboarding").click()
    wait(customer).until(lambda d: d.current_url.endswith("/portal/onboarding"))
    customer.find_element(By.ID, "preferred").send_keys("torek dopoldne")
    customer.find_element(By.ID, "note").send_keys("Dva nova sodelavca v računovodstvu.")
    customer.find_element(By.CSS_SELECTOR, "form.stacked button[type=submit]").click()
    booking = visible(customer, "table.bookings .badge.booking-requested")
    assert "torek dopoldne" in customer.find_element(By.CSS_SELECTOR, "table.bookings").text
    assert customer.find_element(By.CSS_SELECTOR, "p.notice").is_displayed()
    screenshot(customer, "onboarding-01-booked")

    sign_in(agent, base, "agent@podpora.si", staff=True)
    agent.get(base + "/workspace/onboarding")
    card = visible(agent, "section.booking")
    assert "eva" in card.text.lower() and "torek dopoldne" in card.text
    when = card.find_element(By.CSS_SELECTOR, "input[name=scheduledAt]")
    agent.execute_script("arguments[0].value = '2026-12-01T10:00'", when)
    card.find_element(By.CSS_SELECTOR, "input[id^=schedule-note]").send_keys("Povezavo pošljemo dan prej.")
    card.find_element(By.CSS_SELECTOR, "form[action$='/schedule'] button").click()
    visible(agent, "p.notice")
    card = visible(agent, "section.booking")
    screenshot(agent, "onboarding-02-scheduled")
    card.find_element(By.CSS_SELECTOR, "form[action$='/complete'] button").click()
    visible(agent, "p.notice")
    assert not agent.find_elements(By.CSS_SELECTOR, "section.booking"), "a completed booking leaves the open list"

    customer.get(base + "/portal/onboarding")
    visible(customer, "ul.trainings li")
    assert customer.find_elements(By.CSS_SELECTOR, "table.bookings .badge.booking-completed")
    assert booking is not None
    customer.get(base + "/portal/requests/new")
    verdict = visible(customer, "#verdict .verdict")
    assert verdict.get_attribute("data-outcome") != "refused"
    assert not customer.find_elements(By.CSS_SELECTOR, "#verdict li[data-rule='refuse.person-not-onboarded']")
    screenshot(customer, "onboarding-03-helped")
