"""The pages every browser gate visits (axe-core, the Nu HTML checker, console errors,
screenshots), in Persian and English. Adding a page is one line.

Page(name, url name, persona who opens it, fixture-world object for URL arguments)
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    name: str
    url_name: str
    persona: str = "anonymous"
    object_name: str | None = None


PAGES = [
    Page("landing", "landing"),
    Page("login", "login"),
    Page("signup-student", "signup-student"),
    Page("signup-manager", "signup-manager"),
    Page("password-reset", "password_reset"),
    Page("dashboard-student", "dashboard-student", "student"),
    Page("dashboard-professor", "dashboard-professor", "supervisor"),
    Page("dashboard-manager", "dashboard-manager", "manager"),
    Page("dashboard-iro", "dashboard-iro", "iro"),
    Page("notifications", "notifications", "student"),
    Page("profile", "profile", "student"),
    Page("password-change", "password_change", "student"),
]
