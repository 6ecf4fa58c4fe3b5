"""The read API of a municipality's catalogue, under /api/v1/<municipality>/.

The middleware has chosen the municipality, so every scoped query below is already limited to it;
only published services and channels are shown.
"""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from luukku.core.api import BoundedPagination, MunicipalityViewMixin
from luukku.core.models import Unit

from . import search as catalogue_search
from . import serializers as s
from .models import Channel, Code, CodeKind, PublishingStatus, Service

SEARCH_LIMIT = 100  # a text search returns at most this many best matches
SEARCH_PAGE = 20  # …a page of 20 of them unless `limit` says otherwise (as the search page and /search/)
LIFE_EVENT_KINDS = [CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT]

MUNICIPALITY_PARAMETER = OpenApiParameter(
    "municipality",
    OpenApiTypes.STR,
    OpenApiParameter.PATH,
    description="URL name (slug) of the municipality, e.g. `esimerkki`. An unknown name is a 404.",
)
NOT_FOUND = OpenApiResponse(s.ErrorSerializer, description="No such object in this municipality.")
BAD_FILTER = OpenApiResponse(
    OpenApiTypes.OBJECT, description="A filter value is invalid; the body names each parameter with its problems."
)


CataloguePagination = BoundedPagination  # (the name the catalogue and staff API import)


class CatalogueViewSet(MunicipalityViewMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CataloguePagination
    lookup_field = "public_id"  # a malformed id is a JSON 404 from get_object, never a 500
    detail_serializer_class = None
    authentication_classes = []  # public, read-only data: no session, no CSRF
    permission_classes = [AllowAny]

    def get_serializer_class(self):
        if self.action == "retrieve" and self.detail_serializer_class is not None:
            return self.detail_serializer_class
        return self.serializer_class

    def filters(self, serializer_class):
        params = serializer_class(data=self.request.query_params)
        params.is_valid(raise_exception=True)
        return params.validated_data


@extend_schema(
    parameters=[MUNICIPALITY_PARAMETER], tags=["municipality"], summary="The municipality",
    responses={200: s.MunicipalitySerializer, 404: NOT_FOUND},
)
class MunicipalityView(MunicipalityViewMixin, generics.RetrieveAPIView):
    """Public information of the municipality: name, languages, contact details and links."""

    serializer_class = s.MunicipalitySerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    def get_object(self):
        return self.municipality


@extend_schema(parameters=[MUNICIPALITY_PARAMETER], tags=["services"])
@extend_schema_view(
    list=extend_schema(
        summary="Published services",
        parameters=[s.ServiceFilterSerializer],
        responses={200: s.ServiceSerializer(many=True), 400: BAD_FILTER},
    ),
    retrieve=extend_schema(summary="One service in full", responses={200: s.ServiceDetailSerializer, 404: NOT_FOUND}),
)
class ServiceViewSet(CatalogueViewSet):
    """Published services of the municipality's catalogue.

    With `q` the list is ranked by relevance (at most 100 matches, 20 on a page unless `limit` is given);
    otherwise it is in URL-name order.
    """

    serializer_class = s.ServiceSerializer
    detail_serializer_class = s.ServiceDetailSerializer

    def get_queryset(self):
        qs = Service.objects.filter(status=PublishingStatus.PUBLISHED)
        qs = qs.select_related("sector", "responsible_unit").prefetch_related("codes")
        if self.action == "retrieve":
            qs = qs.prefetch_related("channels", "organisation_links__organisation")
        else:  # a list row shows a few columns: the long texts and the PTV record stay unread (and undecoded)
            qs = qs.only("public_id", "slug", "name", "summary", "type", "charge_type", "statutory", "modified",
                         "sector__slug", "responsible_unit__public_id")
        return qs

    def list(self, request, *args, **kwargs):
        params = self.filters(s.ServiceFilterSerializer)
        qs = self.get_queryset()
        if params.get("life_event"):
            qs = qs.filter(codes=params["life_event"])
        if params.get("target_group"):
            qs = qs.filter(codes=params["target_group"])
        if params.get("sector"):
            qs = qs.filter(sector=params["sector"])
        query = (params.get("q") or "").strip()
        if query:
            language = params.get("lang") or self.municipality.default_language
            found = catalogue_search.search(self.municipality, query, language, limit=SEARCH_LIMIT, ranking_only=True)
            if found.problem:
                raise ValidationError({"q": [found.problem]})
            # Page the ranked ids, then read the page's services only (not all 100 matches with their codes).
            allowed = set(qs.filter(pk__in=[hit.service_id for hit in found.results]).values_list("pk", flat=True))
            ranked = [hit.service_id for hit in found.results if hit.service_id in allowed]
            self.paginator.default_limit = SEARCH_PAGE
            page_ids = self.paginate_queryset(ranked)
            rank = {pk: i for i, pk in enumerate(page_ids)}
            page = sorted(qs.filter(pk__in=page_ids), key=lambda service: rank[service.pk])
        else:
            page = self.paginate_queryset(qs.distinct())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(
    parameters=[MUNICIPALITY_PARAMETER, s.SearchQuerySerializer], tags=["services"],
    summary="Search services, life events and sectors",
    responses={200: s.SearchSerializer, 400: BAD_FILTER},
)
class SearchView(MunicipalityViewMixin, generics.GenericAPIView):
    """What the portal's search page shows, in one answer: the matching services ranked as in `/services/?q=`,
    and beside them the life events ("muutto" → Moving to the municipality) and sectors whose names match.

    A query that cannot be searched (empty, only common words such as "and", no letters) is a 400 whose
    `q` says why in the language of `lang`."""

    serializer_class = s.SearchSerializer
    authentication_classes = []
    permission_classes = [AllowAny]

    def get(self, request, *args, **kwargs):
        params = s.SearchQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        language = params.validated_data.get("lang") or self.municipality.default_language
        found = catalogue_search.search(self.municipality, params.validated_data["q"], language,
                                        limit=params.validated_data["limit"])
        if found.problem:
            raise ValidationError({"q": [found.problem]})
        services = []
        for hit in found.results:
            hit.service.search_score, hit.service.search_terms = hit.score, hit.matched_terms
            services.append(hit.service)
        return Response(s.SearchSerializer({
            "query": found.query, "suggestion": found.suggestion, "services": services,
            "life_events": found.life_events, "sectors": found.sectors,
        }).data)


@extend_schema(parameters=[MUNICIPALITY_PARAMETER], tags=["channels"])
@extend_schema_view(
    list=extend_schema(
        summary="Published channels",
        parameters=[s.ChannelFilterSerializer],
        responses={200: s.ChannelSerializer(many=True), 400: BAD_FILTER},
    ),
    retrieve=extend_schema(
        summary="One channel with its service hours", responses={200: s.ChannelDetailSerializer, 404: NOT_FOUND}
    ),
)
class ChannelViewSet(CatalogueViewSet):
    """Where and how services are used: e-services, web pages, forms, phone lines, service points."""

    serializer_class = s.ChannelSerializer
    detail_serializer_class = s.ChannelDetailSerializer

    def get_queryset(self):
        qs = Channel.objects.filter(status=PublishingStatus.PUBLISHED).select_related("unit")
        if self.action == "retrieve":
            qs = qs.prefetch_related("hours", "services")
        return qs

    def list(self, request, *args, **kwargs):
        params = self.filters(s.ChannelFilterSerializer)
        qs = self.get_queryset()
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


@extend_schema(parameters=[MUNICIPALITY_PARAMETER], tags=["life events"])
@extend_schema_view(
    list=extend_schema(
        summary="Life events and business events",
        responses={200: s.LifeEventSerializer(many=True), 400: BAD_FILTER},
    ),
    retrieve=extend_schema(
        summary="One life event with the ids of its services",
        parameters=[OpenApiParameter("code", OpenApiTypes.STR, OpenApiParameter.PATH, description="e.g. KE1")],
        responses={200: s.LifeEventDetailSerializer, 404: NOT_FOUND},
    ),
)
class LifeEventViewSet(CatalogueViewSet):
    """The national life-event code list, with how many published services of this municipality each has."""

    serializer_class = s.LifeEventSerializer
    detail_serializer_class = s.LifeEventDetailSerializer
    lookup_field = "code"

    def get_queryset(self):
        in_catalogue = Q(services__municipality=self.municipality, services__status=PublishingStatus.PUBLISHED)
        return (
            Code.objects.filter(kind__in=LIFE_EVENT_KINDS)
            .select_related("parent")
            .annotate(service_count=Count("services", filter=in_catalogue, distinct=True))
        )

    def retrieve(self, request, *args, **kwargs):
        code = self.get_object()
        service_ids = Service.objects.filter(codes=code, status=PublishingStatus.PUBLISHED).values_list(
            "public_id", flat=True
        )
        context = {**self.get_serializer_context(), "service_ids": list(service_ids)}
        return Response(s.LifeEventDetailSerializer(code, context=context).data)


@extend_schema(parameters=[MUNICIPALITY_PARAMETER], tags=["units"])
@extend_schema_view(
    list=extend_schema(summary="Units", responses={200: s.UnitSerializer(many=True), 400: BAD_FILTER}),
    retrieve=extend_schema(
        summary="One unit with its published services and channels",
        responses={200: s.UnitDetailSerializer, 404: NOT_FOUND},
    ),
)
class UnitViewSet(CatalogueViewSet):
    """The municipality's units: the teams that own services and handle cases."""

    serializer_class = s.UnitSerializer
    detail_serializer_class = s.UnitDetailSerializer

    def get_queryset(self):
        return Unit.objects.select_related("sector")
