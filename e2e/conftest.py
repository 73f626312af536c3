"""Shared fixtures for the browser tests: the server's address, headless Chromium, sign-in and screenshots."""

import base64
import os
import re

import pytest
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

BASE_URL = os.environ.get("PODPORA_E2E_URL", "http://127.0.0.1:8080")
ARTIFACTS = os.environ.get("PODPORA_E2E_ARTIFACTS", os.path.join(os.path.dirname(__file__), "artifacts"))
PASSWORD = "demo1234"
WIDTHS = (1280, 390)


def make_driver(javascript=True):
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     "--window-size=1280,900", "--lang=sl-SI", "--force-device-scale-factor=1"):
        options.add_argument(argument)
    if not javascript:
        options.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    return driver


@pytest.fixture
def browser():
    driver = make_driver()
    yield driver
    driver.quit()


@pytest.fixture
def browser_without_javascript():
    driver = make_driver(javascript=False)
    yield driver
    driver.quit()


def url(path):
    return BASE_URL + path


def wait(driver, seconds=10):
    # A page being replaced leaves stale elements for a moment: look again instead of failing. Chromium sometimes
    # reports that moment as a generic inspector error ("Node with given id does not belong to the document")
    # rather than a stale element, so any WebDriver error while polling means "look again"; a real failure still
    # ends in a timeout naming what never appeared.
    return WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException, WebDriverException))


def sign_in(driver, email, next_path=None):
    """Signs in through the portal form; from a sign-in page already shown when next_path is None."""
    if next_path is not None or "/portal/sign-in" not in driver.current_url:
        driver.get(url("/portal/sign-in" + (f"?next={next_path}" if next_path else "")))
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    wait(driver).until(lambda d: "/portal/sign-in" not in d.current_url)


def screenshot(driver, name):
    """Saves the whole page at 1280 px and at 390 px wide (a phone), then returns to the desktop width."""
    os.makedirs(ARTIFACTS, exist_ok=True)
    for width in WIDTHS:
        mobile = width < 600
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": 844 if mobile else 900, "deviceScaleFactor": 1, "mobile": mobile})
        height = driver.execute_script(
            "return Math.max(document.documentElement.scrollHeight, document.body.scrollHeight)")
        overflow = driver.execute_script("return document.documentElement.scrollWidth") - width
        assert overflow <= 1, f"{name}: the page is {overflow} px wider than {width} px (horizontal scrolling)"
        driver.execute_script("window.scrollTo(0, 0)")
        safe = re.sub(r"[^a-z0-9-]+", "-", name.lower())
        capture(driver, os.path.join(ARTIFACTS, f"{safe}-{width}.png"), width, 0, min(height, 8000))
        if mobile and height > 1400:
            # A long phone page is also saved in screen-sized parts, which are easier to read.
            for part, top in enumerate(range(0, min(height, 8000), 1000), start=1):
                capture(driver, os.path.join(ARTIFACTS, f"{safe}-{width}-part{part}.png"), width, top,
                        min(1000, height - top))
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def capture(driver, path, width, top, height):
    shot = driver.execute_cdp_cmd("Page.captureScreenshot", {
        "format": "png", "captureBeyondViewport": True,
        "clip": {"x": 0, "y": top, "width": width, "height": height, "scale": 1}})
    with open(path, "wb") as handle:
        handle.write(base64.b64decode(shot["data"]))


def visible(driver, css, seconds=10):
    return wait(driver, seconds).until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)))
