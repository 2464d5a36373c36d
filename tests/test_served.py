"""The built sample site as a publisher serves it: nginx under a sub-path, and a copy of `site/`
served by Python's http.server. Every page loads with nothing from outside."""

from __future__ import annotations

from helpers.browser import screenshot, serve
from helpers.nginx import copy_site, nginx


def test_sample_under_a_sub_path_on_nginx(sample_site, tmp_path, phone):
    with nginx(sample_site, tmp_path / "nginx") as base:
        phone.page.goto(base)
        phone.page.wait_for_selector(".md-content h1")
        assert phone.page.url.startswith(base)
        stylesheets = phone.page.evaluate("[...document.styleSheets].filter(s => s.href).length")
        assert stylesheets > 0
        first_belt = phone.page.locator(".md-content li a[href^='belts/']").first  # a belt, not the belts figure
        first_belt.click()
        phone.page.wait_for_selector("iframe")
        assert "/showcase/belts/" in phone.page.url
        screenshot(phone.page, "served-nginx-belt")
    assert phone.outside == [] and phone.errors == []


def test_a_copy_of_site_served_by_python(sample_site, tmp_path, browser):
    copy = copy_site(sample_site, tmp_path / "copy")
    with serve(copy) as base:
        browser.page.goto(base + "routes/")
        browser.page.wait_for_selector(".md-content h1")
        browser.page.locator(".md-content a[href='gulou-walk/']").first.click()
        browser.page.wait_for_selector("iframe")
        assert browser.page.url == base + "routes/gulou-walk/"
    assert browser.outside == [] and browser.errors == []
