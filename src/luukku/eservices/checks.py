"""Checks on an application that a parent or a handler would want to know of: whom it concerns is
outside the service's age range, the start date has passed, another application for the same
service is still open, or they already have a place (a decision, or an accepted proactive offer).

A start date in the past is an error (the form refuses it); the rest are warnings, and the
application may still be sent. The findings are stored with the case (cases.Case.warnings) as
codes with their figures, never as text or names, and worded in the reader's language when shown.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from luukku.core import clock

ERRORS = {"start_in_past"}


@dataclass(frozen=True)
class Finding:
    code: str  # too_young, too_old, start_in_past, open_application, decided_application, accepted_offer
    params: dict = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return self.code in ERRORS

    def as_json(self) -> dict:
        return {"code": self.code, "params": self.params}

    def text(self, name: str) -> str:
        """In the active language; `name`: whom the application concerns."""
        return describe(self.code, self.params, name)


def age_text(months: int) -> str:
    if months < 24:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    years, rest = divmod(months, 12)
    text = ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    if rest:
        text += " " + ngettext("%(n)s month", "%(n)s months", rest) % {"n": rest}
    return text


def _day(iso: str) -> str:
    try:
        day = dt.date.fromisoformat(str(iso))
    except ValueError:
        return str(iso)
    return f"{day.day}.{day.month}.{day.year}"


def describe(code: str, params: dict, name: str) -> str:
    p = params or {}
    if code == "too_young":
        return _("%(name)s is %(age)s old on %(day)s. This service is for those at least %(limit)s old.") % {
            "name": name, "age": age_text(p.get("age", 0)), "day": _day(p.get("on", "")),
            "limit": age_text(p.get("limit", 0))}
    if code == "too_old":
        return _("%(name)s is %(age)s old on %(day)s. This service is for those under %(limit)s.") % {
            "name": name, "age": age_text(p.get("age", 0)), "day": _day(p.get("on", "")),
            "limit": age_text(p.get("limit", 0))}
    if code == "start_in_past":
        return _("The start date %(day)s has already passed. Choose today or a later day.") % {
            "day": _day(p.get("on", ""))}
    if code == "open_application":
        return _("An application for this service for %(name)s, sent on %(day)s, is still being handled.") % {
            "name": name, "day": _day(p.get("on", ""))}
    if code == "decided_application":
        return _("A decision on this service was already made for %(name)s on %(day)s. Check whether "
                 "%(name)s already has a place.") % {"name": name, "day": _day(p.get("on", ""))}
    if code == "accepted_offer":
        return _("%(name)s already has a place in this service: an offer was accepted on %(day)s.") % {
            "name": name, "day": _day(p.get("on", ""))}
    return code


def age_in_months(birth: dt.date, on: dt.date) -> int:
    months = (on.year - birth.year) * 12 + on.month - birth.month
    return months - 1 if on.day < birth.day else months


def start_date(case_type, data: dict) -> dt.date | None:
    key = case_type.start_date_field
    if not key or not (data or {}).get(key):
        return None
    try:
        return dt.date.fromisoformat(str(data[key]))
    except ValueError:
        return None


def past_start(case_type, day) -> Finding | None:
    """The one error: the start date has passed (today is fine)."""
    if day is not None and day < clock.today():
        return Finding("start_in_past", {"on": day.isoformat()})
    return None


def check(case_type, data: dict, subject, *, cases=None, offers: bool = True) -> list[Finding]:
    """Every finding about an application of `case_type` with answers `data` for `subject`.
    `cases`: the cases to compare with (the applicant's visible ones on the resident's form);
    None compares with all of the subject's cases in the municipality (stored with the case).
    `offers`: whether accepted proactive offers may be looked at."""
    from luukku.cases.models import OPEN_STATUSES, Case, Status

    findings = []
    today = clock.today()
    start = start_date(case_type, data)
    past = past_start(case_type, start)
    if past is not None:
        findings.append(past)
    if subject is not None and subject.birth_date:
        on = start or today
        age = age_in_months(subject.birth_date, on)
        if case_type.min_age_months is not None and age < case_type.min_age_months:
            findings.append(Finding("too_young", {"age": age, "limit": case_type.min_age_months,
                                                  "on": on.isoformat()}))
        if case_type.max_age_months is not None and age >= case_type.max_age_months:
            findings.append(Finding("too_old", {"age": age, "limit": case_type.max_age_months,
                                                "on": on.isoformat()}))
    if subject is None:
        return findings
    if cases is None:
        cases = Case.all_objects.filter(municipality_id=case_type.municipality_id)
    same = cases.filter(subject=subject, case_type__service_id=case_type.service_id).order_by("-submitted_at")
    open_case = same.filter(status__in=OPEN_STATUSES).first()
    if open_case is not None:
        findings.append(Finding("open_application", {"on": _local_day(open_case.submitted_at)}))
    decided = same.filter(status__in=(Status.DECIDED, Status.CLOSED), decided_at__isnull=False).first()
    if decided is not None:
        findings.append(Finding("decided_application", {"on": _local_day(decided.decided_at)}))
    if offers:
        from luukku.proactive.selectors import accepted_places

        offer = accepted_places(subject, case_type.service_id).first()
        if offer is not None:
            findings.append(Finding("accepted_offer", {"on": _local_day(offer.answered_at or offer.updated_at)}))
    return findings


def _local_day(moment) -> str:
    return moment.astimezone(clock.HELSINKI).date().isoformat()


def for_resident(draft) -> list[Finding]:
    """The checks as the applicant may see them: only cases they may see themselves, and offers
    only when they apply for themself or as a guardian (not under a mandate limited to services)."""
    from luukku.cases.selectors import cases_for

    subject = draft.subject or draft.applicant
    limited = draft.mandate_id is not None and draft.mandate.limited
    return check(draft.case_type, draft.data, subject, cases=cases_for(draft.applicant), offers=not limited)


def stored(case) -> list[dict]:
    """A case's stored findings as [{"code", "text", "error"}] in the active language."""
    name = case.subject.full_name
    return [{"code": w.get("code", ""), "text": describe(w.get("code", ""), w.get("params") or {}, name),
             "error": w.get("code") in ERRORS}
            for w in (case.warnings or []) if isinstance(w, dict)]
