from django.conf import settings


def municipality(request):
    m = getattr(request, "municipality", None)
    languages = [(code, name) for code, name in settings.LANGUAGES if m is None or code in m.languages]
    # Look at the session only when there is one: anonymous pages stay cookie-free and cacheable.
    signed_in_user = None
    if settings.SESSION_COOKIE_NAME in request.COOKIES and getattr(request, "user", None) is not None:
        if request.user.is_authenticated:
            signed_in_user = request.user
    return {"municipality": m, "site_languages": languages, "signed_in_user": signed_in_user}
