"""Headless Chromium (Debian's chromium and chromium-driver) on the pages nginx serves:
the unlock page refuses a wrong password and opens the destination with the right one.
Screenshots of the unlock and a landing page are kept in test-artifacts/."""
import json
import os
import shutil

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import ROOT, chromium
from nginx_server import NginxServer
from test_manifest import EXAMPLE, qrbuild

ARTIFACTS = os.path.join(ROOT, "test-artifacts")


@pytest.fixture
def browser():
    driver = chromium("--window-size=412,915")
    yield driver
    driver.quit()


def test_unlock_page_in_a_real_browser(tmp_path, browser):
    os.makedirs(ARTIFACTS, exist_ok=True)
    shutil.copy(EXAMPLE, tmp_path / "qrcodes.json")
    server = NginxServer(tmp_path, tmp_path / "dist")
    destination = f"http://127.0.0.1:{server.port}/landed?from=unlock"
    (tmp_path / "password.txt").write_text("correct horse battery\n")
    code_id = json.loads(qrbuild(tmp_path, "add", "--data", destination, "--name", "secret",
                                 "--password-file", "password.txt", "--json").stdout)[0]["id"]
    qrbuild(tmp_path, "build", "--access-log", tmp_path / "access.log", "--site-root", tmp_path / "dist" / "site")
    server.start()
    try:
        page = f"http://127.0.0.1:{server.port}/qr-pages/{code_id}"
        browser.get(page)
        browser.save_screenshot(os.path.join(ARTIFACTS, "unlock-page.png"))
        field = browser.find_element(By.ID, "password")
        field.send_keys("wrong password")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 30).until(lambda d: d.find_element(By.ID, "message").text != "")
        assert browser.find_element(By.ID, "message").text == "Wrong password. Please try again."
        assert browser.current_url == page, "a wrong password must not navigate"
        browser.save_screenshot(os.path.join(ARTIFACTS, "unlock-page-wrong-password.png"))
        field = browser.find_element(By.ID, "password")
        field.clear()
        field.send_keys("correct horse battery")
        browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
        WebDriverWait(browser, 30).until(lambda d: d.current_url == destination)

        browser.get(f"http://127.0.0.1:{server.port}/qr-pages/s6f4j8ea")
        link = browser.find_element(By.CSS_SELECTOR, "a.action")
        assert link.get_attribute("href") == "tel:+14155550123" and link.text == "Call"
        browser.save_screenshot(os.path.join(ARTIFACTS, "landing-page-phone.png"))
    finally:
        server.stop()
