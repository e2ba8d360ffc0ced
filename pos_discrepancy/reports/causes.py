"""Words for people: causes and outcomes as the reports print them."""

from __future__ import annotations

from ..i18n import N_, Words, words

#: The causes in English, marked for the catalogs (translated where printed).
CAUSE_LABELS = {
    "sale_ended_tag_left_up": N_("Sale ended, tag left up"),
    "wrong_location": N_("Tag in the wrong place"),
    "price_file_error": N_("Price file error"),
    "missing_tag": N_("Missing tag"),
    "other": N_("Other"),
}


def cause_label(cause: str | None, say: Words | None = None) -> str:
    """``Sale ended, tag left up`` in ``say``'s locale (default ``en_US``); ``Not known
    yet`` when no cause is recorded."""
    say = say or words()
    if not cause:
        return say.gettext("Not known yet")
    label = CAUSE_LABELS.get(cause)
    return say.gettext(label) if label else cause.replace("_", " ").capitalize()
