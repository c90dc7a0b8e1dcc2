"""Browser test helpers: logging in, and screenshots kept for people to look at."""

import os
from pathlib import Path

from tests.services import BASE_DIR

# CI keeps this folder; git ignores it.
SCREENSHOT_DIR = Path(os.environ.get("SCREENSHOT_DIR", BASE_DIR / "screenshots"))


def log_in(page, base_url, email, password):
    """Log in through the real form; base_url carries the language prefix."""
    page.goto(f"{base_url}/accounts/login/")
    page.locator("input[name=username]").fill(email)
    page.locator("input[name=password]").fill(password)
    page.locator("form input[type=submit], form button[type=submit]").last.click()


def screenshot(page, name, full_page=True):
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    width = page.viewport_size["width"] if page.viewport_size else 0
    suffix = "phone" if width and width < 600 else "desktop"
    name = name if name.endswith(("phone", "desktop")) else f"{name}-{suffix}"
    page.screenshot(path=SCREENSHOT_DIR / f"{name}.png", full_page=full_page)
