"""Acting for someone through Suomi.fi e-Authorizations: start (register the session and send the
browser to Valtuudet to choose whom to act for) and the return (read the choice, check the
authorisations, record the mandates). Not configured: these pages do not exist."""

import logging
import secrets
from dataclasses import asdict

from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from . import mandates
from .authorizations import AuthorizationError, Session, get_authorization_adapter
from .decorators import resident_required

logger = logging.getLogger(__name__)
SESSION_KEY = "luukku_valtuudet"


def _adapter(request):
    adapter = get_authorization_adapter(request.municipality)
    if not adapter.configured():
        raise Http404("e-Authorizations not in use")
    return adapter


def _callback(request, municipality, lang):
    return request.build_absolute_uri(reverse("people:valtuudet_callback",
                                              kwargs={"municipality": municipality, "lang": lang}))


def _unavailable(request):
    return render(request, "people/valtuudet_error.html", {
        "title": _("Suomi.fi e-Authorizations cannot be reached"),
        "text": _("We could not check your mandates from Suomi.fi at the moment. Please try again later."),
        "retry_url": reverse("people:valtuudet", kwargs={"municipality": request.municipality.slug,
                                                         "lang": request.LANGUAGE_CODE}),
    }, status=503)


@never_cache
@require_safe
@resident_required(strong=True)
def start(request, municipality, lang):
    adapter = _adapter(request)
    try:
        session = adapter.register(request.person.hetu)
    except AuthorizationError as error:
        logger.warning("e-Authorizations failed: %s", error)
        return _unavailable(request)
    state = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {**asdict(session), "person": str(request.person.public_id), "state": state}
    return redirect(adapter.authorize_url(session, _callback(request, municipality, lang), lang))


@never_cache
@require_safe
@resident_required(strong=True)
def callback(request, municipality, lang):
    adapter = _adapter(request)
    kept = request.session.pop(SESSION_KEY, None)
    code = request.GET.get("code", "")[:512]
    mandates_url = reverse("people:mandates", kwargs={"municipality": municipality, "lang": lang})
    if not kept or kept.get("person") != str(request.person.public_id) or not code:
        messages.error(request, _("Choosing whom you act for was cancelled or took too long. Please start again."))
        return redirect(mandates_url)
    session = Session(session_id=kept["session_id"], user_id=kept["user_id"])
    try:
        principals = adapter.finish(session, code, _callback(request, municipality, lang))
        confirmed = mandates.confirm_authorizations(request.person, adapter, session, principals,
                                                    settings.LUUKKU_VALTUUDET_ISSUES, by_user=request.user)
    except AuthorizationError as error:
        logger.warning("e-Authorizations failed: %s", error)
        return _unavailable(request)
    if confirmed:
        messages.success(request, _("You may act today for: %(names)s.") % {
            "names": ", ".join(m.principal.full_name for m in confirmed)})
    else:
        messages.error(request, _("Suomi.fi e-Authorizations did not confirm a mandate for any of our services."))
    return redirect(mandates_url)
