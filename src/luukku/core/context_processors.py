from django.conf import settings

from . import idle
from .selectors import signed_in_user


def municipality(request):
    m = getattr(request, "municipality", None)
    languages = [(code, name) for code, name in settings.LANGUAGES if m is None or code in m.languages]
    user = signed_in_user(request)
    ends = idle.ends_at(request) if user is not None else None
    return {"municipality": m, "site_languages": languages, "signed_in_user": user,
            "session_ends_at": ends, "session_end_time": idle.end_time_html(ends) if ends else "",
            "idle_logout_minutes": idle.idle_notice(request) if user is None else None}
