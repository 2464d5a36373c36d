"""A visitor's view of the built fixture site in headless Chromium, served on 127.0.0.1."""

from helpers.browser import screenshot, search, serve


def visit(browser, site, path):
    page = browser.page
    page.goto(path)
    page.wait_for_load_state("load")
    return page


def test_home_belt_point_route_pages(browser, fixture_site):
    with serve(fixture_site) as base:
        page = visit(browser, fixture_site, base)
        assert page.title().startswith("测试示范带网站")
        assert page.get_by_role("link", name="鼓楼区楼宇党建示范带").first.is_visible()
        screenshot(page, "site-home")

        page.get_by_role("link", name="鼓楼区楼宇党建示范带").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/belts/gulou/")
        assert page.locator("h1").inner_text() == "鼓楼区楼宇党建示范带"
        assert page.locator("article ol li").count() == 8
        screenshot(page, "site-belt")

        page.get_by_role("link", name="东街口党群服务中心").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/points/gl-01/")
        body = page.locator("article").inner_text()
        assert "东街 1 号" in body and "周一至周五 9:00-17:30" in body
        screenshot(page, "site-point")

        page.get_by_role("link", name="鼓楼楼宇半日步行线").first.click()
        page.wait_for_load_state("load")
        assert page.url.endswith("/routes/gulou-walk/")
        assert "东街口党群服务中心" in page.locator("article").inner_text()
        screenshot(page, "site-route")
    assert browser.outside == []
    assert browser.errors == []


def test_search_finds_service_centres(browser, fixture_site):
    with serve(fixture_site) as base:
        page = visit(browser, fixture_site, base)
        hrefs = search(page, "党群服务中心")
        screenshot(page, "site-search")
    assert any("points/gl-01/" in h for h in hrefs), hrefs
    assert any("points/gl-05/" in h for h in hrefs), hrefs
    assert browser.outside == []


def test_site_works_under_a_sub_path(browser, fixture_site, tmp_path):
    """Publishers may put site/ at http://host/showcase/: every link and map must still work."""
    import shutil

    shutil.copytree(fixture_site, tmp_path / "showcase")
    with serve(tmp_path) as base:
        page = browser.page
        page.goto(base + "showcase/")
        page.get_by_role("link", name="鼓楼区楼宇党建示范带").first.click()
        page.wait_for_load_state("load")
        assert page.url == base + "showcase/belts/gulou/"
        frame = page.locator(".showcase-map iframe").element_handle().content_frame()
        frame.wait_for_function("() => window.showcase && showcase.maps.length && showcase.maps[0].markers() === 8")
        page.get_by_role("link", name="东街口党群服务中心").first.click()
        page.wait_for_load_state("load")
        assert page.url == base + "showcase/points/gl-01/"
        assert page.locator("img.showcase-qr").evaluate("img => img.naturalWidth > 0")
    assert browser.outside == [] and browser.errors == []
