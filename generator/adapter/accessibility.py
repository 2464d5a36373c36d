"""What axe-core and a keyboard ask of Material's pages that no theme option gives.

- The search dialog gets a name (axe `aria-dialog-name`, serious).
- A page with the tour's stop navigation gets a first skip link to it: Material's own skip link
  jumps to the first heading of the table of contents, past the 上一站/下一站 buttons.

Colours (Material's red is 3.44:1 on white) and the closed drawer's hidden links are CSS, in
`static/showcase.css`.
"""

from __future__ import annotations

STOP_NAV_ID = "stop-nav"
_SEARCH = 'data-md-component="search" role="dialog"'
_SKIP = '<div data-md-component="skip">'


def improve(html: str) -> str:
    html = html.replace(_SEARCH, _SEARCH + ' aria-label="搜索"', 1)
    if f'id="{STOP_NAV_ID}"' in html:
        html = html.replace(_SKIP, f'{_SKIP}\n<a href="#{STOP_NAV_ID}" class="md-skip">跳到本站的路线导航</a>', 1)
    return html
