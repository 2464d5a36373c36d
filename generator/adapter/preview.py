"""The live preview when sites.yaml has errors: every page `mkdocs serve` shows gets a panel
listing the problems (file:line:col, message, hint), over the last version that built.

MkDocs' serve loop would otherwise stop at the error: the open page keeps the old version without
a word, a refresh waits for a build that never comes, and MkDocs drops a log line it has printed
before, so the same mistake saved twice shows nothing new. So while serving, the plugin keeps
building, and says it in the page and in a log line that is new each time.
"""

from __future__ import annotations

import html

PANEL_ID = "showcase-problems"
STYLE = ("position:sticky;top:0;z-index:10;margin:0;padding:1em 1.5em;background:#fff4f4;color:#1a1a1a;"
         "border-bottom:3px solid #c8102e;font:15px/1.6 system-ui,sans-serif;max-height:60vh;overflow:auto")


def panel(problems: list, lang: str = "zh") -> str:
    """The problems as an HTML panel; everything from the file is escaped."""
    heading = (f"sites.yaml 有 {len(problems)} 个错误:网站没有更新,下面显示的是上次成功生成的版本。改好并保存后页面会自动刷新。"
               if lang == "zh" else f"sites.yaml has {len(problems)} error(s): the site was not updated; "
               "this is the last version that built. Fix and save: the page reloads by itself.")
    items = []
    for p in problems:
        hint = p.hint_text(lang)
        items.append(
            f'<li><code>{html.escape(f"{p.file}:{p.line}:{p.col}")}</code> '
            + (f"<code>{html.escape(p.path)}</code> " if p.path else "")
            + html.escape(p.message(lang))
            + (f'<br><span class="hint">{"提示" if lang == "zh" else "hint"}:{html.escape(hint)}</span>' if hint else "")
            + "</li>"
        )
    return (f'<section id="{PANEL_ID}" role="alert" style="{STYLE}"><strong>{html.escape(heading)}</strong>'
            f'<ol style="margin:.5em 0 0 1.5em;padding:0">{"".join(items)}</ol></section>')


def inject(page_html: str, panel_html: str) -> str:
    """The page with the panel at the top of its body."""
    at = page_html.find("<body")
    at = page_html.find(">", at) + 1 if at >= 0 else 0
    return page_html[:at] + panel_html + page_html[at:]


def log_text(problems: list, build: int) -> str:
    """The problems for the terminal; the build number keeps MkDocs from dropping a repeat."""
    return (f"sites.yaml 有错误(第 {build} 次构建),预览页面上方列出了这些问题,网站其余部分是上次成功生成的版本:\n"
            + "\n".join(p.format() for p in problems))
