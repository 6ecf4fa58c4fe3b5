"""The service guidance's pages: the resident's conversational page on the portal (/<m>/<lang>/palveluohjaus/)
and the agent's on a resident's card. Both work without JavaScript: a form with a textarea, the answer
below, the question kept in the field; earlier questions travel in hidden fields, never in the URL
(a resident's situation stays out of links and access logs). Nothing is cached: the answer may hold
the viewer's register data.
"""

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from luukku.core.selectors import signed_in_user
from luukku.people.selectors import current_person

from . import guidance, selectors
from .views import gate

FIELD = "kysymys"  # the names _guidance_ask.html posts
PREVIOUS = "aiempi"


def _asked(request):
    """(text, earlier turns, asked?) from the posted form."""
    if request.method != "POST":
        return "", [], False
    text = guidance.normalise_text(request.POST.get(FIELD, ""))
    return text, guidance.clean_turns(request.POST.getlist(PREVIOUS)), True


def _context(answer, text, previous, asked, action):
    problem = answer.problem if answer is not None else None
    return {
        "text": text, "previous": previous, "asked": asked, "answer": answer, "action": action,
        "max_chars": guidance.MAX_CHARS,
        "errors": [(f"id_{FIELD}", problem)] if problem else [],
        # The follow-up form carries the conversation so far (the latest question included).
        "conversation": [*previous, text.strip()][-guidance.MAX_TURNS:] if answer is not None and not problem else [],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def resident_guidance(request, municipality, lang):
    if lang not in request.municipality.languages:
        raise Http404("language not offered")
    text, previous, asked = _asked(request)
    answer = None
    if asked:
        person = current_person(request) if signed_in_user(request) else None

        def links(kind, obj):
            if kind == "form":
                return reverse("eservices:start", args=[municipality, lang, obj.slug])
            return reverse("booking:resource", args=[municipality, lang, obj.slug])

        answer = guidance.guide(request.municipality, text, lang, previous=previous, person=person, links=links)
    context = _context(answer, text, previous, asked, reverse("guidance:ask", args=[municipality, lang]))
    return render(request, "frontoffice/guidance.html", context,
                  status=400 if answer is not None and answer.problem else 200)


@gate
@require_http_methods(["GET", "POST"])
def agent_guidance(request, municipality, lang, person_id):
    person = selectors.person_of(request.municipality, person_id)
    text, previous, asked = _asked(request)
    answer = None
    selectors.audit_read(municipality=request.municipality, user=request.user, person=person,
                         purpose=f"{selectors.PURPOSE}: service guidance")
    if asked:
        staff_resources = reverse("booking:staff_resources", args=[municipality, lang])

        def links(kind, obj):
            if kind == "form":
                return reverse("frontoffice:start_case", args=[municipality, lang, person.public_id, obj.slug])
            return f"{staff_resources}?henkilo={person.public_id}"

        answer = guidance.guide(request.municipality, text, lang, previous=previous, person=person, links=links)
        if answer.register_notes:  # the notes name the children in the resident's care
            from luukku.people.selectors import children_of

            selectors.audit_results(municipality=request.municipality, user=request.user, action="person.named",
                                    persons=[c for c, _m in children_of(person)],
                                    purpose=f"{selectors.PURPOSE}: named in service guidance")
    context = _context(answer, text, previous, asked,
                       reverse("frontoffice:agent_guidance", args=[municipality, lang, person.public_id]))
    context.update(person=person, for_agent=True)
    return render(request, "frontoffice/guidance_agent.html", context,
                  status=400 if answer is not None and answer.problem else 200)
