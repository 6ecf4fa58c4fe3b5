"""The dashboard as sections: each a title, a chart, its data table and a one-sentence text
alternative, built from insight.selectors. The sections are grouped in views (VIEWS), each its own
page, so a page reads only its own figures. A view's page, CSV and XLSX export show the same
sections, so an export is exactly what is shown. Only aggregates: names of services, units,
categories and rules, never a person's."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from luukku.core.models import Sector, Unit
from luukku.core.translation import tr

from . import charts, selectors
from .extractors import CHANNELS

TOP = 50  # rows of a long table (services): the rest summed in one row


@dataclass
class Column:
    label: str
    kind: str = "int"  # text | int | pct (0–100) | days | mean


@dataclass
class Section:
    key: str
    title: str
    intro: str
    columns: list[Column]
    rows: list[list] = field(default_factory=list)
    chart: str = ""
    summary: str = ""  # the chart's text alternative, one sentence
    note: str = ""


def channel_labels() -> dict:
    return {"online": _("Online (self-service)"), "phone": _("Phone"), "service_point": _("Service point"),
            "email": _("Email"), "mail": _("Mail"), "chat": _("Chat"), "": _("Not known")}


def pct(part, whole):
    return round(100 * part / whole, 1) if whole else None


def fmt(value, kind: str) -> str:
    """A cell as the page shows it."""
    if value is None:
        return "–"
    if kind == "pct":
        return f"{value:.1f} %".replace(".0 %", " %")
    if kind == "mean":
        return f"{value:.1f}"
    if kind == "days":
        return _("about %(n)s") % {"n": value}
    return str(value)


def month_label(month: dt.date) -> str:
    return f"{month.month}/{month.year}"


def _names(model, ids, lang, **filters) -> dict:
    ids = [i for i in ids if i is not None]
    manager = getattr(model, "all_objects", model._default_manager)  # national codes are not scoped
    return {pk: tr(name, lang) for pk, name in manager.filter(pk__in=ids, **filters)
            .values_list("pk", "name")} if ids else {}


def _service_names(ids, lang):
    from luukku.catalogue.models import Service

    return _names(Service, ids, lang)


def _top(rows, names, unknown, lang):
    """[(label, count)] with at most TOP rows, the rest summed as "others"."""
    out = [(names.get(pk) or unknown, n) for pk, n in rows[:TOP]]
    rest = sum(n for _pk, n in rows[TOP:])
    if rest:
        out.append((_("Others"), rest))
    return out


def _demand(scope, lang, key, dimension, title, label, names, unknown, intro, demand=None) -> Section:
    rows = selectors.demand_by(scope, dimension, demand)
    items = _top(rows, names([pk for pk, _n in rows], lang), unknown, lang)
    s = Section(key, title, intro, [Column(label, "text"), Column(_("Transactions"))],
                rows=[[name, n] for name, n in items])
    if items:
        total = sum(n for _l, n in items)
        s.summary = _("Most transactions were for %(name)s: %(n)s of %(total)s.") % {
            "name": items[0][0], "n": items[0][1], "total": total}
        s.chart = charts.bars(key, title, s.summary, [(name, n, str(n)) for name, n in items[:15]])
        if len(items) > 15:
            s.note = _("The chart shows the 15 largest; the table has them all.")
    return s


def demand_section(scope, lang, key, demand=None) -> Section:
    """`demand`: selectors.demand_rows(scope) if already read."""
    from luukku.catalogue.models import Code

    intro = _("Cases submitted, front-office contacts and feedback given in the period.")
    if key == "demand-service":
        return _demand(scope, lang, key, "service_id", _("Demand by service"), _("Service"), _service_names,
                       _("No service (e.g. feedback)"), intro, demand)
    if key == "demand-sector":
        return _demand(scope, lang, key, "sector_id", _("Demand by sector"), _("Sector"),
                       lambda ids, lang: _names(Sector, ids, lang), _("No sector"), intro, demand)
    return _demand(scope, lang, key, "life_event_id", _("Demand by life event"), _("Life event"),
                   lambda ids, lang: _names(Code, ids, lang), _("No life event"),
                   _("Each service counts under its first life event in the catalogue."), demand)


def demand_sections(scope, lang, demand=None) -> list[Section]:
    return [demand_section(scope, lang, key, demand)
            for key in ("demand-service", "demand-sector", "demand-life-event")]


def channel_section(scope, lang) -> Section:
    months = selectors.channel_mix(scope)
    labels = channel_labels()
    used = [c for c in [*dict.fromkeys(CHANNELS.values()), ""] if any(c in m["channels"] for m in months)]
    used += sorted({c for m in months for c in m["channels"]} - set(used))
    title = _("Channel mix and digital share")
    s = Section("channels", title, _("Transactions per month by channel. The digital share counts online "
                                     "self-service (e-services, web forms, apps) of all transactions."),
                [Column(_("Month"), "text"), *[Column(labels.get(c, c)) for c in used], Column(_("Total")),
                 Column(_("Digital share (%)"), "pct")])
    for m in months:
        s.rows.append([month_label(m["month"]), *[m["channels"].get(c, 0) for c in used], m["total"],
                       pct(m["digital"], m["total"])])
    if months:
        first, last = months[0], months[-1]
        s.summary = _("The digital share was %(first)s in %(from)s and %(last)s in %(to)s.") % {
            "first": fmt(pct(first["digital"], first["total"]), "pct"), "from": month_label(first["month"]),
            "last": fmt(pct(last["digital"], last["total"]), "pct"), "to": month_label(last["month"])}
        s.chart = charts.line("channels", _("Digital share per month (%)"), s.summary, [
            (month_label(m["month"]), pct(m["digital"], m["total"]), fmt(pct(m["digital"], m["total"]), "pct"))
            for m in months])
    return s


def processing_section(scope, lang) -> Section:
    rows = selectors.processing_times(scope)
    names = _service_names([r["service_id"] for r in rows], lang)
    targets = selectors.targets([r["service_id"] for r in rows])
    title = _("Processing times against the service-level targets")
    s = Section("processing", title,
                _("Decisions in the period: calendar days from submission to decision. Medians and 90th "
                  "percentiles are read from day ranges, so they are approximate (“about”)."),
                [Column(_("Service"), "text"), Column(_("Decisions")), Column(_("Median (days)"), "days"),
                 Column(_("90th percentile (days)"), "days"), Column(_("Target (working days)")),
                 Column(_("Decided by the due date (%)"), "pct")])
    for r in rows[:TOP]:
        s.rows.append([names.get(r["service_id"]) or _("No service"), r["decisions"], r["median"], r["p90"],
                       targets.get(r["service_id"]), pct(r["on_time"], r["with_target"])])
    if rows:
        total = sum(r["decisions"] for r in rows)
        on_time = sum(r["on_time"] for r in rows)
        with_target = sum(r["with_target"] for r in rows)
        s.summary = ngettext("%(n)s decision; %(share)s of those with a due date were made by it.",
                             "%(n)s decisions; %(share)s of those with a due date were made by it.", total) % {
            "n": total, "share": fmt(pct(on_time, with_target), "pct")}
        s.chart = charts.bars("processing", _("Median processing time per service (days, about)"), s.summary, [
            (row[0], row[2] or 0, fmt(row[2], "days")) for row in s.rows[:15]])
    return s


def backlog_section(scope, lang, today=None) -> Section:
    counts = selectors.backlog(scope, today)
    names = dict(Unit.all_objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    title = _("Backlog and overdue cases now")
    s = Section("backlog", title, _("Cases open today (the period does not apply), and of them those past "
                                    "their due date while not waiting for the resident."),
                [Column(_("Unit"), "text"), Column(_("Open cases now")), Column(_("Overdue"))])
    rows = sorted(((tr(names.get(pk), lang) or _("Unknown unit"), c["open"], c["overdue"])
                   for pk, c in counts.items()), key=lambda r: (-r[1], r[0]))
    s.rows = [list(r) for r in rows]
    if rows:
        open_, overdue = sum(r[1] for r in rows), sum(r[2] for r in rows)
        s.summary = ngettext("%(open)s case is open, %(overdue)s of them overdue; the most in %(unit)s (%(n)s).",
                             "%(open)s cases are open, %(overdue)s of them overdue; the most in %(unit)s (%(n)s).",
                             open_) % {"open": open_, "overdue": overdue, "unit": rows[0][0], "n": rows[0][1]}
        s.chart = charts.bars("backlog", title, s.summary, [
            (r[0], r[1], _("%(open)s open, %(overdue)s overdue") % {"open": r[1], "overdue": r[2]}) for r in rows[:15]])
    return s


def satisfaction_section(scope, lang, feedback=None) -> Section:
    data = selectors.satisfaction(scope, feedback)
    title = _("Satisfaction")
    s = Section("satisfaction", title, _("Ratings of how feedback was handled, 1 (poor) to 5 (good), given in "
                                         "the period."), [Column(_("Rating"), "text"), Column(_("Ratings"))])
    if data["total"]:
        s.rows = [[str(k), data["counts"][k]] for k in range(5, 0, -1)]
        s.summary = ngettext("The mean rating was %(mean)s of 5, from %(n)s rating.",
                             "The mean rating was %(mean)s of 5, from %(n)s ratings.", data["total"]) % {
            "mean": fmt(data["mean"], "mean"), "n": data["total"]}
        s.chart = charts.bars("satisfaction", title, s.summary, [(f"{r[0]} / 5", r[1], str(r[1])) for r in s.rows])
    return s


def themes_section(scope, lang, feedback=None) -> Section:
    from luukku.feedback.models import Category

    rows = selectors.feedback_by_theme(scope, feedback)
    names = {code: tr(name, lang) for code, name in Category.all_objects.filter(
        municipality_id=scope.municipality_id, code__in=[t for t, _n in rows]).values_list("code", "name")}
    title = _("Feedback by theme")
    s = Section("themes", title, _("Feedback given in the period, by category."),
                [Column(_("Category"), "text"), Column(_("Feedback"))],
                rows=[[names.get(t) or t or _("No category"), n] for t, n in rows[:TOP]])
    if rows:
        s.summary = _("Most feedback was about %(name)s: %(n)s of %(total)s.") % {
            "name": s.rows[0][0], "n": s.rows[0][1], "total": sum(n for _t, n in rows)}
        s.chart = charts.bars("themes", title, s.summary, [(r[0], r[1], str(r[1])) for r in s.rows[:15]])
    return s


def campaigns_section(scope, lang) -> Section:
    from luukku.proactive.models import Rule

    rows = selectors.campaign_outcomes(scope)
    names = {slug: tr(name, lang) for slug, name in Rule.all_objects.filter(
        municipality_id=scope.municipality_id, slug__in=[r["rule"] for r in rows]).values_list("slug", "name")}
    title = _("Proactive offers and their outcomes")
    s = Section("campaigns", title, _("Offers made in the period and the answers given in it, per rule."),
                [Column(_("Rule"), "text"), Column(_("Offers made")), Column(_("Accepted")), Column(_("Declined")),
                 Column(_("Change requested")), Column(_("No answer by the deadline")),
                 Column(_("Accepted of offers made (%)"), "pct")])
    for r in rows:
        s.rows.append([names.get(r["rule"]) or r["rule"] or _("No rule"), r["made"], r["accept"], r["decline"],
                       r["change"], r["no_answer"], pct(r["accept"], r["made"])])
    if rows:
        made, accepted = sum(r["made"] for r in rows), sum(r["accept"] for r in rows)
        s.summary = _("Of %(made)s offers made, %(accepted)s were accepted.") % {"made": made, "accepted": accepted}
        s.chart = charts.bars("campaigns", title, s.summary, [
            (row[0], row[2], _("%(n)s accepted") % {"n": row[2]}) for row in s.rows[:15]])
    return s


def demand_view(scope, lang, today=None) -> list[Section]:
    demand = selectors.demand_rows(scope)  # one read for the three demand sections
    return [*demand_sections(scope, lang, demand), channel_section(scope, lang)]


def processing_view(scope, lang, today=None) -> list[Section]:
    return [processing_section(scope, lang), backlog_section(scope, lang, today)]


def feedback_view(scope, lang, today=None) -> list[Section]:
    feedback = selectors.feedback_rows(scope)  # one read for both sections
    return [satisfaction_section(scope, lang, feedback), themes_section(scope, lang, feedback)]


def campaigns_view(scope, lang, today=None) -> list[Section]:
    return [campaigns_section(scope, lang)]


# The dashboard's views, each its own page (the first is the dashboard's default): key → (label, builder).
VIEWS = {
    "demand": (gettext_lazy("Demand and channels"), demand_view),
    "processing": (gettext_lazy("Processing and backlog"), processing_view),
    "feedback": (gettext_lazy("Feedback"), feedback_view),
    "campaigns": (gettext_lazy("Proactive campaigns"), campaigns_view),
}


def view_sections(scope, lang, view: str, today=None) -> list[Section]:
    return VIEWS[view][1](scope, lang, today)


def sections(scope, lang, today=None) -> list[Section]:
    """Every section, view by view."""
    return [s for view in VIEWS for s in view_sections(scope, lang, view, today)]
