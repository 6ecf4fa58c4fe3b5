"""/<municipality>/<lang>/virkailija/tietosuoja/: the data-protection officer's audit search.

POST the criteria (the identity code only ever in a POST body), kept in the session under a short
key; the results are then a GET (`?haku=<key>&page=N`, `&muoto=csv` for the export), so that paging
and downloading never put personal data in an address. Each results page and export is audited.
"""

import csv
import secrets
import uuid
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from luukku.core.decorators import staff_page
from luukku.core.models import Channel, Role
from luukku.core.translation import tr
from luukku.web.staff import nav

from . import dpo
from .dpo_forms import AuditSearchForm

PER_PAGE = 50
SESSION_PREFIX = "luukku_dpo_search:"
KEEP_SEARCHES = 10


# The staff gate (login, second factor, language), but only the officer and a superuser: not the
# administrators whom has_role lets everywhere.
dpo_page = staff_page((), may=dpo.is_dpo)
nav.register("dpo", gettext_lazy("Audit log search"), "privacy:dpo_search", dpo_page.may, order=60,
             desk_of=(Role.DATA_PROTECTION_OFFICER,))


def _keep(request, criteria) -> str:
    key = secrets.token_urlsafe(8)
    saved = [k for k in request.session.keys() if k.startswith(SESSION_PREFIX)]
    for old in saved[:max(0, len(saved) - KEEP_SEARCHES + 1)]:
        del request.session[old]
    request.session[SESSION_PREFIX + key] = {**criteria, "municipality": request.municipality.pk}
    return key


def _kept(request) -> tuple[str, dict | None]:
    key = request.GET.get("haku", "")
    criteria = request.session.get(SESSION_PREFIX + key) if key else None
    if not criteria or criteria.get("municipality") != request.municipality.pk:
        return "", None
    return key, criteria


def _errors(form) -> list[tuple[str, str]]:
    return [(f"id_{name}" if name != "__all__" else "", str(e)) for name, errs in form.errors.items() for e in errs]


@dpo_page
@require_http_methods(["GET", "HEAD", "POST"])
def audit_search(request, municipality, lang):
    m = request.municipality
    if request.method == "POST":
        form = AuditSearchForm(request.POST, municipality=m)
        if form.is_valid():
            key = _keep(request, form.criteria())
            url = reverse("privacy:dpo_search", kwargs={"municipality": m.slug, "lang": lang})
            return redirect(f"{url}?{urlencode({'haku': key})}")
        if request.POST.get("hetu", "").strip():  # a look-up by identity code leaves a trace even when it fails
            dpo.record_search(municipality=m, user=request.user, criteria={"hetu": "no match"})
        return render(request, "privacy/dpo_search.html", {"form": form, "errors": _errors(form)}, status=400)

    key, criteria = _kept(request)
    form = AuditSearchForm(municipality=m, initial=_initial(criteria))
    context = {"form": form, "errors": [], "key": key, "criteria": criteria}
    if criteria is None:
        return render(request, "privacy/dpo_search.html", context)
    events = dpo.search(m, criteria)
    if request.GET.get("muoto") == "csv":
        dpo.record_search(municipality=m, user=request.user, criteria=criteria, export=True)
        return _csv(m, events)
    dpo.record_search(municipality=m, user=request.user, criteria=criteria)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    people = dpo.people_named(m, page.object_list)
    context.update(page=page, query=urlencode({"haku": key}),
                   rows=[_row(e, people) for e in page.object_list],
                   searched_person=people.get(_uuid(criteria.get("person"))) if criteria.get("person") else None,
                   csv_url=f"?{urlencode({'haku': key, 'muoto': 'csv'})}")
    return render(request, "privacy/dpo_search.html", context)


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _initial(criteria) -> dict:
    if not criteria:
        return {}
    return {"staff_user": criteria.get("staff_username", ""), "unit": criteria.get("unit", ""),
            "action": criteria.get("action", ""), "date_from": criteria.get("date_from", ""),
            "date_to": criteria.get("date_to", "")}


def _row(event, people) -> dict:
    person = people.get(event.subject_id)
    actor = event.actor
    return {
        "at": event.at,
        "staff": (f"{actor.get_full_name()} ({actor.get_username()})" if actor.get_full_name()
                  else actor.get_username()) if actor else _("system"),
        "role": dict(Role.choices).get(event.actor_role, event.actor_role),
        "unit": tr(event.unit.name) if event.unit_id else "",
        "action": event.action,
        "person": person.full_name if person else ("" if str(event.subject_id) == dpo.NO_ONE else str(event.subject_id)),
        "purpose": event.purpose,
        "channel": dict(Channel.choices).get(event.channel, event.channel),
        "object": f"{event.object_type} {event.object_id}".strip(),
    }


def _safe(value) -> str:
    """A cell a spreadsheet will not run as a formula."""
    text = str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _csv(municipality, events) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="audit-{municipality.slug}-{stamp}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 only with a BOM
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Time"), _("Staff member"), _("Role"), _("Unit"), _("Action"), _("Whose data"),
                     _("Person id"), _("Purpose"), _("Channel"), _("Object")])
    for chunk in _chunks(events):
        people = dpo.people_named(municipality, chunk)
        for event in chunk:
            row = _row(event, people)
            writer.writerow([_safe(v) for v in (
                timezone.localtime(row["at"]).strftime("%Y-%m-%d %H:%M:%S"), row["staff"], row["role"], row["unit"],
                row["action"], row["person"], event.subject_id, row["purpose"], row["channel"], row["object"])])
    return response


def _chunks(events, size=1000):
    chunk = []
    for event in events.iterator(chunk_size=size):
        chunk.append(event)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk
