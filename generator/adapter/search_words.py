"""Words Material's Chinese search (jieba) must keep whole.

jieba would split 党群服务中心 into 党群 / 服务中心, and a visitor typing the whole word would then
find nothing; registering domain words keeps them whole in the index. Point names are not
registered: search matches word prefixes, so a name kept whole (东街口党群服务中心) would hide the
words inside it.
"""

from __future__ import annotations

from ..model import PointKind

DOMAIN_WORDS = [
    "党群服务中心", "党群活动服务中心", "党建示范带", "示范带", "示范点", "培育点", "党支部", "党总支", "党委",
    "红色驿站", "党员活动室", "楼宇党建", "两新组织", "五个一", "五个基本", "六有", "比学树",
]


def register() -> None:
    try:
        import jieba
    except ImportError:  # search still works, with coarser Chinese segmentation
        return
    for word in DOMAIN_WORDS + [k.label for k in PointKind]:
        jieba.add_word(word)
