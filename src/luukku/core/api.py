"""Shared API pieces: the error shape and the municipality-scoped view base."""

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import LimitOffsetPagination
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


class BoundedPagination(LimitOffsetPagination):
    """limit/offset paging, the default of every API: a page holds at most `max_limit` rows (DRF's own
    has no maximum, and a 20-digit limit overflowed the database: a 500). A value that is not a whole
    number is a 400 naming the parameter (DRF would silently page from the start); too large ones are clamped."""

    max_limit = 200
    max_offset = 1_000_000_000

    def _number(self, request, name, minimum, default, maximum):
        if name not in request.query_params:
            return default
        raw = request.query_params[name]
        try:
            value = int(raw) if raw.isascii() and raw.lstrip("-").isdigit() else None
        except ValueError:  # more digits than int() parses
            value = None
        if value is None or value < minimum:
            message = _("Give a whole number of at least %(minimum)s.") % {"minimum": minimum}
            raise ValidationError({name: [message]})
        return min(value, maximum)

    def get_limit(self, request):
        return self._number(request, self.limit_query_param, 1, self.default_limit, self.max_limit)

    def get_offset(self, request):
        return self._number(request, self.offset_query_param, 0, 0, self.max_offset)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.limit_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_limit)
                parameter["description"] += f" At most {self.max_limit}: a larger value gives {self.max_limit}."
            else:
                parameter["schema"]["minimum"] = 0
        return parameters
