"""The project's own sample site, built as the README's first command builds it, as a visitor
sees it in Chromium: every map type draws its markers from inside its page, nothing is loaded from
another host, the board reads at desktop and phone widths."""

import pytest
from helpers.browser import screenshot, serve, wait_for_page_map


@pytest.mark.parametrize("kind", ["home", "belt", "point", "route"])
def test_each_map_type_draws_its_markers_inside_its_page(browser, sample_site, sample_visit, kind):
    page_path, markers = sample_visit.maps()[kind]
    with serve(sample_site) as base:
        page = browser.page
        page.goto(base + page_path)
        wait_for_page_map(page, markers)
        screenshot(page, "sample-map-" + (page_path.strip("/").replace("/", "-") or "home"))
    assert browser.outside == []
    assert browser.errors == []


def test_board_reads_at_desktop_and_phone_width(browser, sample_site, sample_project):
    phone = browser.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.route("**/*", browser._route)  # the same guard against outside requests
    with serve(sample_site) as base:
        for page, name in ((browser.page, "desktop"), (phone.new_page(), "phone")):
            page.goto(base + "board/")
            text = page.locator("article").inner_text()
            assert f"示范点和培育点共 {len(sample_project.points)} 个" in text
            assert all(belt.name in text for belt in sample_project.belts)
            # the page itself never scrolls sideways; wide tables scroll in their own box
            assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
            screenshot(page, f"sample-board-{name}")
    phone.close()
    assert browser.outside == [] and browser.errors == []


def test_guide_and_field_reference_are_in_the_site(sample_site):
    assert "编辑指南" in (sample_site / "guide/index.html").read_text(encoding="utf-8")
    reference = (sample_site / "reference/fields/index.html").read_text(encoding="utf-8")
    assert "lat" in reference and "纬度" in reference


def test_the_sample_has_no_address_so_no_qr_codes(sample_site, sample_visit):
    """The sample says `public_url: false`: no code that leads nowhere, the sign prints the path."""
    point = sample_visit.point
    sign = (sample_site / f"points/{point.id}/sign.html").read_text(encoding="utf-8")
    assert 'class="qr"' not in sign and f'<p class="path">points/{point.id}/</p>' in sign
    assert not list(sample_site.rglob("qr.svg"))
    point_page = (sample_site / f"points/{point.id}/index.html").read_text(encoding="utf-8")
    assert 'rel="canonical"' not in point_page and "showcase-qr" not in point_page
    printed = [*sample_site.glob("points/*/*.html"), *sample_site.glob("routes/*/*.html")]
    assert len(printed) > 90 and not [p for p in printed if "example.org" in p.read_text(encoding="utf-8")]


def test_belt_map_on_a_phone_shows_every_numbered_marker_without_piled_up_names(browser, sample_site, sample_visit):
    belt = sample_visit.belt
    phone = browser.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone.route("**/*", browser._route)
    with serve(sample_site) as base:
        page = phone.new_page()
        page.goto(base + f"belts/{belt.id}/")
        iframe = page.locator(".showcase-map iframe")
        iframe.scroll_into_view_if_needed()
        frame = iframe.element_handle().content_frame()
        frame.wait_for_function(f"() => window.showcase && showcase.maps.length && showcase.maps[0].markers() === {len(belt.points)}")
        inside = frame.evaluate("""() => {
            const box = document.querySelector('.leaflet-container').getBoundingClientRect();
            return [...document.querySelectorAll('.sc-marker')].every(m => {
                const r = m.getBoundingClientRect();
                return r.left >= box.left && r.right <= box.right && r.top >= box.top && r.bottom <= box.bottom;
            });
        }""")
        visible_names = frame.evaluate(
            "() => [...document.querySelectorAll('.sc-label')].filter(l => getComputedStyle(l).display !== 'none').length")
        screenshot(page, "sample-belt-map-phone")
    phone.close()
    assert inside
    assert visible_names == 0
    assert browser.outside == []
