"""Open data under CC BY 4.0, public and without login: monthly statistics of transactions (per
service, channel and kind of transaction) and the service catalogue, as JSON (DRF, in the OpenAPI
schema) and as CSV, plus a page that explains them.

Suppression: a count below 5 is published as null (JSON) or "<5" (CSV). No totals are published,
and every cell is one month × service × channel × kind, never a sum of other published cells, so
no suppressed count can be worked out by subtracting. Only complete months are published (a count
of the running month would grow, and its growth reveal small numbers)."""

import csv
import datetime as dt
import io
import re

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from luukku.core import clock
from luukku.core.api import BoundedPagination, MunicipalityViewMixin
from luukku.catalogue.serializers import ErrorSerializer
from luukku.core.translation import tr

from . import selectors

LICENCE = {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
THRESHOLD = 5
MAX_MONTHS = 60
KINDS = {"case.submitted": "case", "contact.logged": "contact", "feedback.received": "feedback"}
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

MUNICIPALITY_PARAMETER = OpenApiParameter(
    "municipality", OpenApiTypes.STR, OpenApiParameter.PATH,
    description="URL name (slug) of the municipality, e.g. `esimerkki`. An unknown name is a 404.")
NOT_FOUND = OpenApiResponse(ErrorSerializer, description="No such municipality.")
BAD_FILTER = OpenApiResponse(OpenApiTypes.OBJECT,
                             description="A parameter is invalid; the body names each one with its problem.")


def suppressed(n: int) -> int | None:
    return n if n >= THRESHOLD else None


def last_complete_month(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


def _shift(month: dt.date, months: int) -> dt.date:
    total = month.year * 12 + month.month - 1 + months
    return dt.date(total // 12, total % 12 + 1, 1)


def months_from(params) -> tuple[dt.date, dt.date]:
    """The `from` and `to` months (YYYY-MM); by default the last 12 complete months. ValidationError
    names each bad one in words."""
    latest = last_complete_month(clock.today())
    errors, values = {}, {}
    for name in ("from", "to"):
        raw = params.get(name)
        if raw in (None, ""):
            continue
        match = MONTH.match(str(raw).strip())
        if not match:
            errors[name] = [_("Give a month as YYYY-MM, e.g. 2026-01.")]
            continue
        values[name] = dt.date(int(match[1]), int(match[2]), 1)
    if errors:
        raise ValidationError(errors)
    to = min(values.get("to", latest), latest)
    first = values.get("from", _shift(to, -11))
    if first > to:
        raise ValidationError({"from": [_("The first month is after the last one (%(to)s): give an earlier one.")
                                        % {"to": f"{to:%Y-%m}"}]})
    if (to.year - first.year) * 12 + to.month - first.month >= MAX_MONTHS:
        raise ValidationError({"from": [_("At most %(n)s months at a time: give a later first month.")
                                        % {"n": MAX_MONTHS}]})
    return first, to


def statistics_rows(municipality, first: dt.date, to: dt.date) -> list[dict]:
    from luukku.catalogue.models import Service

    rows = selectors.monthly_statistics(municipality.pk, first, to)
    services = {pk: (str(public_id), name) for pk, public_id, name in Service.all_objects.filter(
        pk__in={r["service_id"] for r in rows if r["service_id"]}).values_list("pk", "public_id", "name")}
    out = []
    for r in rows:
        service = services.get(r["service_id"])
        out.append({"month": f"{r['month']:%Y-%m}", "service_id": service[0] if service else None,
                    "service": tr(service[1], "fi") if service else None, "service_names": service[1] if service else {},
                    "channel": r["channel"], "transaction": KINDS[r["kind"]], "count": suppressed(r["n"])})
    return out


def catalogue_rows(municipality) -> list[dict]:
    from luukku.catalogue.models import CodeKind, PublishingStatus, Service

    services = (Service.all_objects.filter(municipality=municipality, status=PublishingStatus.PUBLISHED)
                .select_related("sector", "responsible_unit").prefetch_related("codes", "channels")
                .order_by("slug"))
    out = []
    for s in services:
        codes = list(s.codes.all())
        out.append({
            "id": str(s.public_id), "slug": s.slug, "name": {k: v for k, v in s.name.items() if v},
            "sector": tr(s.sector.name, "fi") if s.sector else None,
            "responsible_unit": tr(s.responsible_unit.name, "fi") if s.responsible_unit else None,
            "life_events": [c.code for c in codes if c.kind == CodeKind.LIFE_EVENT],
            "service_classes": [c.code for c in codes if c.kind == CodeKind.SERVICE_CLASS],
            "channels": sorted({c.kind for c in s.channels.all() if c.status == PublishingStatus.PUBLISHED}),
        })
    return out


# --- JSON (DRF) ---------------------------------------------------------------------------------

class LicenceSerializer(serializers.Serializer):
    name = serializers.CharField()
    url = serializers.URLField()


class StatisticsRowSerializer(serializers.Serializer):
    month = serializers.CharField(help_text="YYYY-MM")
    service_id = serializers.UUIDField(allow_null=True, help_text="The service's public id; null: no service "
                                                                  "(e.g. feedback).")
    service = serializers.CharField(allow_null=True, help_text="The service's name in Finnish.")
    channel = serializers.CharField(help_text="online, phone, service_point, email, mail, chat (empty: not known)")
    transaction = serializers.ChoiceField(choices=sorted(KINDS.values()))
    count = serializers.IntegerField(allow_null=True, help_text="null: fewer than 5 (suppressed).")


class ServiceRowSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    slug = serializers.CharField()
    name = serializers.DictField(child=serializers.CharField())
    sector = serializers.CharField(allow_null=True)
    responsible_unit = serializers.CharField(allow_null=True)
    life_events = serializers.ListField(child=serializers.CharField())
    service_classes = serializers.ListField(child=serializers.CharField())
    channels = serializers.ListField(child=serializers.CharField())


class _Page(serializers.Serializer):
    licence = LicenceSerializer()
    attribution = serializers.CharField()
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class StatisticsPageSerializer(_Page):
    suppression = serializers.CharField()
    first_month = serializers.CharField()
    last_month = serializers.CharField()
    results = StatisticsRowSerializer(many=True)


class CataloguePageSerializer(_Page):
    results = ServiceRowSerializer(many=True)


class _OpenDataView(MunicipalityViewMixin, APIView):
    authentication_classes = []  # public, read-only: no session, no CSRF
    permission_classes = [AllowAny]
    pagination_class = BoundedPagination

    def page(self, rows, **extra):
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, self.request, view=self)
        response = Response({
            "licence": LICENCE, "attribution": attribution(self.municipality), **extra,
            "count": paginator.count, "next": paginator.get_next_link(), "previous": paginator.get_previous_link(),
            "results": page})
        response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
        return response


def attribution(municipality) -> str:
    return f"{tr(municipality.name, 'fi')} / Luukku"


def suppression_text() -> str:
    return ("Counts below 5 are suppressed (null in JSON, \"<5\" in CSV). No totals are published and no "
            "published count is a sum of others, so a suppressed count cannot be worked out by subtraction. "
            "Only complete months are published.")


@extend_schema(
    tags=["open data"], summary="Monthly transaction statistics (CC BY 4.0)",
    parameters=[MUNICIPALITY_PARAMETER,
                OpenApiParameter("from", OpenApiTypes.STR, description="First month, YYYY-MM (default: 11 "
                                 "months before `to`)."),
                OpenApiParameter("to", OpenApiTypes.STR, description="Last month, YYYY-MM (default and latest: "
                                 "the last complete month)."),
                OpenApiParameter("limit", OpenApiTypes.INT), OpenApiParameter("offset", OpenApiTypes.INT)],
    responses={200: StatisticsPageSerializer, 400: BAD_FILTER, 404: NOT_FOUND},
)
class StatisticsView(_OpenDataView):
    """Cases submitted, front-office contacts and feedback given, per month, service and channel.
    Counts below 5 are null; no totals are published. Licence: CC BY 4.0."""

    def get(self, request, *args, **kwargs):
        first, to = months_from(request.query_params)
        rows = [{k: v for k, v in r.items() if k != "service_names"}
                for r in statistics_rows(self.municipality, first, to)]
        return self.page(rows, suppression=suppression_text(), first_month=f"{first:%Y-%m}",
                         last_month=f"{to:%Y-%m}")


@extend_schema(
    tags=["open data"], summary="The service catalogue as open data (CC BY 4.0)",
    parameters=[MUNICIPALITY_PARAMETER, OpenApiParameter("limit", OpenApiTypes.INT),
                OpenApiParameter("offset", OpenApiTypes.INT)],
    responses={200: CataloguePageSerializer, 400: BAD_FILTER, 404: NOT_FOUND},
)
class CatalogueView(_OpenDataView):
    """The municipality's published services: names, sector, responsible unit, life events (PTV
    codes), service classes and the kinds of their channels. Licence: CC BY 4.0."""

    def get(self, request, *args, **kwargs):
        return self.page(catalogue_rows(self.municipality))


# --- CSV and the page ---------------------------------------------------------------------------

def _csv(rows, header, name) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Link"] = f'<{LICENCE["url"]}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _csv_error(exc: ValidationError) -> HttpResponse:
    text = " ".join(f"{k}: {' '.join(str(m) for m in v)}" for k, v in exc.detail.items())
    return HttpResponse(text, status=400, content_type="text/plain; charset=utf-8")


def statistics_csv(request, municipality):
    try:
        first, to = months_from(request.GET)
    except ValidationError as exc:
        return _csv_error(exc)
    rows = [[r["month"], r["service_id"] or "", r["service"] or "", r["channel"], r["transaction"],
             "<5" if r["count"] is None else r["count"]] for r in statistics_rows(request.municipality, first, to)]
    return _csv(rows, ["month", "service_id", "service", "channel", "transaction", "count"],
                f"{request.municipality.slug}-statistics-{first:%Y-%m}-{to:%Y-%m}.csv")


def catalogue_csv(request, municipality):
    rows = [[r["id"], r["slug"], r["name"].get("fi", ""), r["name"].get("sv", ""), r["name"].get("en", ""),
             r["sector"] or "", r["responsible_unit"] or "", " ".join(r["life_events"]),
             " ".join(r["service_classes"]), " ".join(r["channels"])] for r in catalogue_rows(request.municipality)]
    return _csv(rows, ["id", "slug", "name_fi", "name_sv", "name_en", "sector", "responsible_unit", "life_events",
                       "service_classes", "channels"], f"{request.municipality.slug}-services.csv")


def page(request, municipality, lang):
    """The open-data page: what is published, under which licence, where; a preview of the statistics."""
    from django.http import Http404

    if lang not in request.municipality.languages:
        raise Http404("language not offered")
    first, to = months_from({})
    from .report import channel_labels

    preview = statistics_rows(request.municipality, to, to)[:20]
    # The files keep their codes (the API's values); the page says them in words.
    channels, transactions = channel_labels(), {"case": _("case submitted"), "contact": _("front-office contact"),
                                                 "feedback": _("feedback given")}
    for r in preview:
        r["service_name"] = tr(r["service_names"], lang) if r["service_names"] else ""
        r["channel_label"] = channels.get(r["channel"], r["channel"])
        r["transaction_label"] = transactions.get(r["transaction"], r["transaction"])
    return render(request, "insight/open_data.html", {
        "licence": LICENCE, "first": first, "to": to, "preview": preview, "threshold": THRESHOLD,
        "attribution": attribution(request.municipality),
    })
