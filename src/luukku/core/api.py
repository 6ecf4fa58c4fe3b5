"""Shared API pieces: the error shape and the municipality-scoped view base."""

from django.http import Http404
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc, context):
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(response.data, dict) and "detail" in response.data and len(response.data) == 1:
        response.data = {"detail": response.data["detail"], "code": getattr(exc, "default_code", "error")}
    return response


class MunicipalityViewMixin:
    """API views under /api/v1/<slug>/: the middleware has chosen the municipality."""

    def initial(self, request, *args, **kwargs):
        if getattr(request, "municipality", None) is None:
            raise Http404
        super().initial(request, *args, **kwargs)

    @property
    def municipality(self):
        return self.request.municipality
