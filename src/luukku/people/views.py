"""Strong identification: start (redirect to the broker) and the broker's return."""

import hashlib
import logging

from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from luukku.core.services import record_event

from . import hetu as hetu_module
from . import services
from .identity import IdentificationError, Identity, identity_providers
from .models import Person
from .registers import RegisterError, RegisterPerson
from .selectors import SESSION_KEY

logger = logging.getLogger(__name__)
NEXT_KEY = "luukku_identify_next"

MESSAGES = {
    "denied": (_("Identification was cancelled"),
               _("You cancelled the identification or the identification service refused it. You can try again.")),
    "state": (_("Identification could not be completed"),
              _("The identification took too long or was started in another window. Please start again.")),
    "failed": (_("Identification did not succeed"),
               _("The identification service did not confirm your identity. Please try again in a moment.")),
    "no_code": (_("Identification did not succeed"),
                _("The identification service did not tell us your personal identity code, so we cannot show your matters.")),
    "invalid_code": (_("Identification did not succeed"),
                     _("The personal identity code from the identification service is not valid.")),
    "temporary_code": (_("A temporary identity code cannot be used"),
                       _("You were identified with a temporary identity code. Electronic services need a permanent "
                         "personal identity code: please contact the service point, where we can help you in person.")),
    "register": (_("Your information could not be fetched"),
                 _("The population register could not be reached. Please try again later.")),
    "unavailable": (_("Strong identification is not available"),
                    _("Strong electronic identification is not in use in this service at the moment.")),
    "unreachable": (_("Identification is not available at the moment"),
                    _("The identification service cannot be reached at the moment. Please try again later.")),
}
# Not configured is a page that does not exist here; an unreachable broker or register is temporary.
STATUS = {"unavailable": 404, "unreachable": 503, "register": 503}


def _front(municipality, lang) -> str:
    return reverse("catalogue:front", kwargs={"municipality": municipality, "lang": lang})


def _safe_next(request, value) -> str | None:
    if value and url_has_allowed_host_and_scheme(value, allowed_hosts={request.get_host()},
                                                 require_https=request.is_secure()):
        return value
    return None


def _error(request, municipality, lang, code):
    title, text = MESSAGES.get(code, MESSAGES["failed"])
    context = {
        "title": title,
        "text": text,
        "code": code,
        "retry_url": reverse("people:identify", kwargs={"municipality": municipality, "lang": lang}),
        "local_login_url": identity_providers["local"].login_url(municipality, lang),
    }
    return render(request, "people/identify_error.html", context, status=STATUS.get(code, 400))


@never_cache
def identify(request, municipality, lang):
    """Start strong identification; `next` is kept in the session, not passed to the broker."""
    next_url = _safe_next(request, request.GET.get("next"))
    if next_url:
        request.session[NEXT_KEY] = next_url
    else:
        request.session.pop(NEXT_KEY, None)
    provider = identity_providers["oidc"]
    callback = request.build_absolute_uri(reverse("people:callback", kwargs={"municipality": municipality, "lang": lang}))
    try:
        return provider.start(request, callback)
    except IdentificationError as error:
        return _error(request, municipality, lang, error.code)


@never_cache
def callback(request, municipality, lang):
    """The broker's return: validate, find or create the user and Person, log in."""
    try:
        identity = identity_providers["oidc"].finish(request)
    except IdentificationError as error:
        logger.info("identification refused: %s", error.code)
        return _error(request, municipality, lang, error.code)
    m = request.municipality
    fallback = RegisterPerson(hetu=identity.hetu, first_names=identity.given_name, last_name=identity.family_name)
    try:
        with transaction.atomic():
            user = _user_for(m, identity)
            person = services.sync_person(m, identity.hetu, user=user, fallback=fallback)
            services.record_identification(person, loa=identity.loa, amr=list(identity.amr))
            record_event(municipality=m, kind="person.identified", obj=person, actor=user,
                         data={"provider": identity.provider, "loa": identity.loa, "strong": identity.strong})
    except IdentificationError as error:
        return _error(request, municipality, lang, error.code)
    except RegisterError as error:
        logger.warning("population register failed: %s", type(error).__name__)
        return _error(request, municipality, lang, "register")
    next_url = _safe_next(request, request.session.pop(NEXT_KEY, None)) or _front(municipality, lang)
    login(request, user, backend="luukku.people.backends.AccountBackend")
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "provider": identity.provider,
        "loa": identity.loa,
        "amr": list(identity.amr),
        "strong": identity.strong,
    }
    # A resident lands in their own language unless they chose one in this session (web.landing).
    from luukku.web.landing import resident_landing

    return redirect(resident_landing(request, next_url, person))


def _user_for(municipality, identity: Identity):
    """The account of this person: the one already linked to their Person (a demo or earlier
    account) unless it is a staff account, otherwise "oidc:<hash of sub>" (never the code:
    some brokers use the code as the subject)."""
    person = (
        Person.all_objects.filter(municipality=municipality, hetu_hash=hetu_module.lookup_hash(identity.hetu))
        .select_related("user")
        .first()
    )
    if person is not None and person.user is not None and person.user.is_active and not person.user.is_staff:
        return person.user
    User = get_user_model()
    digest = hashlib.sha256(f"{identity.provider}:{identity.subject}".encode()).hexdigest()[:40]
    user, created = User.objects.get_or_create(
        username=f"oidc:{digest}",
        defaults={"first_name": identity.given_name[:150], "last_name": identity.family_name[:150]},
    )
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    if not user.is_active:
        raise IdentificationError("failed")
    return user
