from django.conf import settings

from .selectors import signed_in_user


def municipality(request):
    m = getattr(request, "municipality", None)
    languages = [(code, name) for code, name in settings.LANGUAGES if m is None or code in m.languages]
    return {"municipality": m, "site_languages": languages, "signed_in_user": signed_in_user(request)}
