"""The outcome measures in words, one list for every face (CLI, dashboard, summary PDF),
so each shows the same figures the same way, in the store's language."""

from __future__ import annotations

from decimal import Decimal

from ..domain.chain_signal import ChainSignalRow
from ..domain.outcomes import INSPECTION_LINE, OutcomeMeasures, Trend
from ..i18n import Words, words
from .figures import duration

#: ``(key, label, text)``: a measure as a person reads it; ``key`` names it for tests and
#: page markup (``data-measure``).
MeasureRow = tuple[str, str, str]
NONE = "—"


def percent(value: Decimal | None, say: Words | None = None) -> str:
    """``99.88 %`` (``99,88 %`` in ``fr_CA``), or a dash when there is nothing to divide by."""
    return (say or words()).percent(value)


def median_p90(median: int | None, p90: int | None, say: Words | None = None) -> str:
    """``1 min / 1 min 30 s``."""
    return f"{duration(median, say)} / {duration(p90, say)}"


def trend_words(trend: Trend | None, say: Words | None = None) -> str:
    """``2.50 vs 1.00 per 1,000 scans (+150.00 %)``: the last week against the one before."""
    say = say or words()
    _ = say.gettext
    if trend is None:
        return _("— (the period holds one week)")
    values = {"last": say.number(trend.last), "previous": say.number(trend.previous)}
    if trend.basis == "per_1000_scans":
        text = _("%(last)s vs %(previous)s per 1,000 scans", **values)
    else:
        text = _("%(last)s vs %(previous)s incidents a day", **values)
    if trend.change_percent is None:
        return text
    change = _("%(percent)s %%", percent=say.signed(trend.change_percent))
    return f"{text} ({change})"


def measure_rows(m: OutcomeMeasures, say: Words | None = None) -> list[MeasureRow]:
    """Every measure of docs/outcomes.md as ``(key, label, text)``, in reading order."""
    say = say or words()
    _, n, ngettext = say.gettext, say.number, say.ngettext
    if m.scans is None:
        per_1000 = _("%(none)s (no scan counts reported)", none=NONE)
        accuracy = over_accuracy = NONE
    else:
        per_1000 = _(
            "%(rate)s (%(incidents)s over %(scans)s on %(days)s)",
            rate=NONE if m.incidents_per_1000_scans is None else n(m.incidents_per_1000_scans),
            incidents=ngettext("%(num)s incident", "%(num)s incidents", m.incidents_on_scan_days),
            scans=ngettext("%(num)s scan", "%(num)s scans", m.scans),
            days=ngettext("%(num)s day", "%(num)s days", m.scan_days),
        )
        value = percent(m.price_accuracy_percent, say)
        line = n(INSPECTION_LINE)
        if m.meets_inspection_line:
            accuracy = _("%(percent)s (passes the %(line)s %% line)", percent=value, line=line)
        else:
            accuracy = _("%(percent)s (fails the %(line)s %% line)", percent=value, line=line)
        over_accuracy = percent(m.overcharge_accuracy_percent, say)
    declined = _("%(walked)s of %(declined)s declined", walked=n(m.walked_away_after_decline),
                 declined=n(m.declined))  # fmt: skip
    return [
        ("incidents", _("Incidents"), _(
            "%(count)s (%(over)s, %(under)s)", count=n(m.incidents),
            over=ngettext("%(num)s overcharge", "%(num)s overcharges", m.overcharges),
            under=ngettext("%(num)s undercharge", "%(num)s undercharges", m.undercharges))),
        ("incidents_per_1000_scans", _("Incidents per 1,000 scans"), per_1000),
        ("price_accuracy", _("Price accuracy"), accuracy),
        ("overcharge_accuracy", _("Price accuracy, overcharges only"), over_accuracy),
        ("overcharged_undercharged", _("Overcharged / undercharged"),
         f"{say.money(m.overcharged)} / {say.money(m.undercharged)}"),
        ("given_away", _("Given away by honoring the tag"),
         _("%(money)s (%(count)s honored)", money=say.money(m.given_away), count=n(m.honored))),
        ("lost_sales", _("Sales lost: walked away after a decline"),
         _("%(money)s (%(declined)s, %(percent)s)", money=say.money(m.lost_sales_after_decline),
           declined=declined, percent=percent(m.walk_away_after_decline_percent, say))),
        ("escalation_wait", _("Escalation wait, median / p90"),
         _("%(times)s (%(count)s answered)", count=n(m.escalations_answered),
           times=median_p90(m.escalation_wait_median_seconds, m.escalation_wait_p90_seconds,
                            say))),
        ("time_to_fix", _("Time to fix the tag, median / p90"),
         _("%(times)s (%(count)s fixed)", count=n(m.fixed),
           times=median_p90(m.time_to_fix_median_seconds, m.time_to_fix_p90_seconds, say))),
        ("fixed_same_day", _("Fixed the same day"),
         _("%(fixed)s of %(incidents)s (%(percent)s)", fixed=n(m.fixed_same_day),
           incidents=n(m.incidents), percent=percent(m.fixed_same_day_percent, say))),
        ("repeat_skus", _("Repeat SKUs (again within 30 days of a fix)"),
         f"{ngettext('%(num)s incident', '%(num)s incidents', m.repeat_incidents)}, "
         f"{ngettext('%(num)s SKU', '%(num)s SKUs', len(m.repeat_skus))}"),
        ("trend", _("Last week vs the week before"), trend_words(m.trend, say)),
    ]  # fmt: skip


def chain_words(row: ChainSignalRow, say: Words | None = None, *, limit: int | None = None) -> str:
    """``S001 ×2, S002, S003``: the stores that met the SKU's mismatch, most incidents
    first; with ``limit``, that many stores and ``and 12 more stores`` (a SKU wrong in
    hundreds of a chain's stores must still fit a PDF table's cell)."""
    say = say or words()
    shown = row.stores if limit is None else row.stores[:limit]
    text = ", ".join(
        s.store + (f" ×{say.number(s.incidents)}" if s.incidents > 1 else "") for s in shown
    )
    rest = len(row.stores) - len(shown)
    if rest:
        text += " " + say.ngettext("and %(num)s more store", "and %(num)s more stores", rest)
    return text
