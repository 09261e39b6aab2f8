"""A stakeholder group at a glance: trust bar and number, change, wellbeing, engagement, belief."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..engine.views import GroupChange, GroupView
from ..wording import sureness
from .bars import render_bar
from .explain import ENGAGEMENT, SHARE, TRUST, UNCERTAINTY, WELLBEING, with_causes
from .fmt import belief_text, change_between, esc, people, share_words
from .layout import TEXT_EDGES, Column

if TYPE_CHECKING:
    from pygame_gui.core import IContainerLikeInterface

    from .app import App
    from .screen import Screen


def build_group_card(
    screen: Screen,
    container: IContainerLikeInterface,
    x: int,
    y: int,
    width: int,
    group: GroupView,
    change: GroupChange | None,
    domain_names: dict[str, str],
    first_turn: bool,
) -> int:
    """Create the card; returns its height."""
    app = screen.app
    u = app.unit
    card = screen.panel((x, y, width, 100), f"#group_{group.id}", "@card", container=container)
    col = Column(screen, card, u, u // 2, width - 2 * u - 2)
    col.text(
        f"<b>{esc(group.name)}</b>  -  {share_words(group)}",
        f"#group_{group.id}_name",
        tooltip=esc(SHARE),
    )
    trust_tip = with_causes(TRUST, change.trust if change else None)
    before = group.trust - group.trust_change
    since = "" if first_turn else f" ({change_between(before, group.trust)} since last turn)"
    col.text(
        f"Trust <b>{people(group.trust)}</b>{since}", f"#group_{group.id}_trust", tooltip=trust_tip
    )
    bar_h = max(8, u + 2)
    bar = render_bar(
        app.pygame,
        (col.width - 8, bar_h),
        group.trust,
        None if first_turn else group.trust - group.trust_change,
        app.look.palette,
        app.look.palette.style(0).colour,
    )
    col.image(bar, f"#group_{group.id}_bar", tooltip=trust_tip, indent=4)
    col.gap(0.25)
    wb_tip = with_causes(WELLBEING, change.wellbeing if change else None)
    en_tip = with_causes(ENGAGEMENT, change.engagement if change else None)
    wb_was = group.wellbeing - group.wellbeing_change
    en_was = group.engagement - group.engagement_change
    wb = "" if first_turn else f" ({change_between(wb_was, group.wellbeing, '±0')})"
    en = "" if first_turn else f" ({change_between(en_was, group.engagement, '±0')})"
    wb_html = f"Wellbeing <b>{people(group.wellbeing)}</b>{wb}"
    en_html = f"Engagement <b>{people(group.engagement)}</b>{en}"
    half = (col.width - u) // 2
    need = max(_html_width(app, wb_html), _html_width(app, en_html)) + TEXT_EDGES
    if need <= half:  # side by side
        top = col.y
        a = screen.text(
            wb_html,
            (col.x, top, half, -1),
            f"#group_{group.id}_wellbeing",
            container=card,
            tooltip=wb_tip,
        )
        b = screen.text(
            en_html,
            (col.x + half + u, top, half, -1),
            f"#group_{group.id}_engagement",
            container=card,
            tooltip=en_tip,
        )
        col.y = top + max(a.rect.height, b.rect.height)
    else:  # large text in a narrow column: one under the other, never a word broken in two
        col.text(wb_html, f"#group_{group.id}_wellbeing", tooltip=wb_tip)
        col.text(en_html, f"#group_{group.id}_engagement", tooltip=en_tip)
    col.text(
        f"<i>Believed to want:</i> {belief_text(group.belief, domain_names)} "
        f"<i>(the city {sureness(group.uncertainty)})</i>",
        f"#group_{group.id}_belief",
        tooltip=esc(UNCERTAINTY),
    )
    height = col.y + u // 2 + 2
    card.set_dimensions((width, height))
    return height


def _html_width(app: App, html: str) -> int:
    """Width of one line of text with one ``<b>...</b>`` part, in the theme's body font."""
    head, _, rest = html.partition("<b>")
    bold, _, tail = rest.partition("</b>")
    return app.text_width(head) + app.text_width(bold, bold=True) + app.text_width(tail)
