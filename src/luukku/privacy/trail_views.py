"""The resident's page "Who has handled my data" (under My cases)."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.views.decorators.http import require_safe

from luukku.people.decorators import resident_page

from . import trail

PER_PAGE = 25


@resident_page
@require_safe
def data_trail(request, municipality, lang):
    person = request.person
    people = trail.people_shown(person)
    chosen = request.GET.get("henkilo", "")
    shown = [p for p in people if str(p.public_id) == chosen] or people
    if len(shown) == len(people):
        chosen = ""
    page = Paginator(trail.events_for(person, shown), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "privacy/trail.html", {
        "person": person, "people": people, "chosen": chosen, "page": page,
        "entries": trail.entries(page.object_list, person, people),
        "query": urlencode({"henkilo": chosen}) if chosen else "",
    })
