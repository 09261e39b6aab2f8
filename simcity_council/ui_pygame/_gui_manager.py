"""A pygame_gui UIManager whose theme looks up element ids in constant time.

pygame_gui 0.6's ``UIAppearanceTheme.build_all_combined_ids`` builds its cache key with nested
``str.join`` calls (``str(a).join(str(b).join(str(c)).join(str(d)))``), whose length grows with the
product of the id strings' lengths: for a button inside a card inside a scrolling area the key is
megabytes long, and building the turn screen spent most of a second there. This theme computes the
same ids with the same rules, cached on a tuple of the ids instead.

The list of combined ids grows with nesting (96 for a button in a card in a scrolling area), and
every theme lookup walks it; most of them name nothing in the theme. The list is therefore kept
to its most specific id (pygame_gui reports events under it, and the screens match on it) and the
ids the theme defines: every lookup finds what it found before, twenty times faster, so a button
that changes its look (a choice, on the turn screen) is restyled in a fraction of a millisecond.

Both overrides lean on pygame_gui's internals (``_get_next_id_node``, ``_locale``, the theme's
tables), so pyproject.toml pins pygame_gui below its next minor version (``>=0.6.12,<0.7``);
tests/ui_pygame/test_gui_manager.py checks that the overridden methods and the internals still
have the shapes used here, and that the ids are the library's, minus those the theme never names.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import pygame_gui
from pygame_gui.core import UIAppearanceTheme

if TYPE_CHECKING:
    import io
    import os

    from pygame_gui.core.package_resource import PackageResource

    #: What pygame_gui takes as a theme: a file, a package resource, or the theme itself.
    ThemeSource: TypeAlias = str | os.PathLike[str] | io.StringIO | PackageResource | dict[str, Any]


def _key(ids: Sequence[str | None] | None) -> tuple[str | None, ...] | None:
    return None if ids is None else tuple(ids)


class _Theme(UIAppearanceTheme):
    # Overrides UIAppearanceTheme.build_all_combined_ids of pygame_gui 0.6 (pinned <0.7 in
    # pyproject.toml); test_gui_manager.py compares the two.
    def build_all_combined_ids(
        self,
        element_base_ids: list[str | None] | None,
        element_ids: list[str] | None,
        class_ids: list[str | None] | None,
        object_ids: list[str | None] | None,
    ) -> list[str]:
        key = (_key(element_base_ids), _key(element_ids), _key(class_ids), _key(object_ids))
        known = self._council_known()
        cache: dict[Any, list[str]] = self.__dict__.setdefault("_council_ids", {})
        found = cache.get(key)
        if found is not None:
            return found
        combined: list[str] = []
        if (
            object_ids is not None
            and element_ids is not None
            and class_ids is not None
            and element_base_ids is not None
        ):
            if not len(object_ids) == len(element_ids) == len(class_ids) == len(element_base_ids):
                raise ValueError(
                    f"Object & class ID hierarchy is not equal in length to Element ID "
                    f"hierarchy: {element_ids} {class_ids} {object_ids}"
                )
            if element_ids:
                self._get_next_id_node(
                    None,
                    element_base_ids,
                    element_ids,
                    class_ids,
                    object_ids,
                    0,
                    len(element_ids),
                    combined,
                )
            current = combined[:]
            done = not current
            while not done:
                for index, cid in enumerate(current):
                    stop = cid.find(".")
                    if stop == -1:
                        done = True
                    else:
                        current[index] = cid[stop + 1 :]
                        combined.append(current[index])
        combined = combined[:1] + list(dict.fromkeys(c for c in combined[1:] if c in known))
        cache[key] = combined
        return combined

    def _council_known(self) -> set[str]:
        """Every combined id the theme defines something for (recomputed, and the id cache
        emptied, when the theme's data changes)."""
        tables = (
            self.ui_element_colours,
            self.ui_element_misc_data,
            self.ele_font_res,
            self.ui_element_fonts_info,
            self.ui_element_image_locs,
            self.ui_element_image_surfaces,
        )
        sizes = tuple(len(t) for t in tables)
        cached = self.__dict__.get("_council_known_set")
        if cached is None or cached[0] != sizes:
            cached = (sizes, set().union(*tables))
            self.__dict__["_council_known_set"] = cached
            self.__dict__["_council_ids"] = {}
        return cached[1]


class UIManager(pygame_gui.UIManager):
    """pygame_gui's manager with the fast theme above (same behaviour otherwise)."""

    # Overrides pygame_gui.UIManager.create_new_theme of pygame_gui 0.6 (pinned <0.7 in
    # pyproject.toml): the same body with _Theme for UIAppearanceTheme.
    def create_new_theme(self, theme_path: ThemeSource | None = None) -> UIAppearanceTheme:
        theme = _Theme(self.resource_loader, self._locale)
        if theme_path is not None:
            theme.load_theme(theme_path)
        return theme
