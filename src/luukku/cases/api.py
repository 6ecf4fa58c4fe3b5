"""The resident API under /api/v1/<municipality>/me/: the same rules as the pages (own cases and
those of people the resident acts for; anything else is a 404). Session authentication with CSRF."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import get_language
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.exceptions import NotAuthenticated, PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from luukku.core.api import MunicipalityViewMixin
from luukku.people.selectors import current_person

from . import selectors, services
from . import serializers as s
from .models import Message

ERROR = OpenApiResponse(description="`{detail, code}`: not logged in (403), not yours or unknown (404), "
                                    "invalid input (400) or the case is closed (409).")


class ResidentView(MunicipalityViewMixin, GenericAPIView):
    parser_classes = [JSONParser, FormParser, MultiPartParser]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        if not request.user.is_authenticated:
            raise NotAuthenticated()
        self.person = current_person(request._request)
        if self.person is None:
            raise PermissionDenied("This account is not a resident of this municipality.")

    def get_serializer_context(self):
        language = (get_language() or "fi").split("-")[0]
        if language not in self.request.municipality.languages:
            language = self.request.municipality.default_language
        return {**super().get_serializer_context(), "language": language}

    def case(self):
        return selectors.case_for(self.person, self.kwargs["case_id"])

    @staticmethod
    def refused(exc: DjangoValidationError, code=None) -> Response:
        code = code or getattr(exc, "code", None) or "invalid"
        http = status.HTTP_409_CONFLICT if code == "case_closed" else status.HTTP_400_BAD_REQUEST
        return Response({"detail": " ".join(exc.messages), "code": code}, status=http)


class CaseList(ResidentView):
    serializer_class = s.CaseSummarySerializer

    def get_queryset(self):
        return selectors.cases_for(self.person)

    @extend_schema(summary="My cases", description="The resident's cases and those of people they act for.",
                   responses={200: s.CaseSummarySerializer(many=True), 403: ERROR})
    def get(self, request, *args, **kwargs):
        page = selectors.with_related(self.paginate_queryset(self.get_queryset()), self.person)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class CaseDetail(ResidentView):
    serializer_class = s.CaseDetailSerializer

    @extend_schema(summary="One case", description="Status, timeline, answers, messages and decisions.",
                   responses={200: s.CaseDetailSerializer, 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        return Response(self.get_serializer(self.case()).data)


class CaseMessages(ResidentView):
    serializer_class = s.MessageInputSerializer

    @extend_schema(summary="Send a message or answer a request for information",
                   request=s.MessageInputSerializer,
                   responses={201: s.MessageSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        body, answer_to = data.validated_data["body"], data.validated_data.get("answer_to")
        files = request.FILES.getlist("files") if hasattr(request, "FILES") else []
        try:
            if answer_to:
                asked = Message.all_objects.filter(case=case, public_id=answer_to, is_information_request=True).first()
                if asked is None:
                    raise Http404("no such request")
                message = services.answer_information_request(asked, self.person, body, files=files)
            else:
                message = services.send_message(case, by_person=self.person, body=body, files=files)
        except DjangoValidationError as exc:
            return self.refused(exc)
        except DjangoPermissionDenied:
            raise Http404("no such case") from None
        return Response(s.MessageSerializer(message, context=self.get_serializer_context()).data,
                        status=status.HTTP_201_CREATED)


class CaseWithdraw(ResidentView):
    serializer_class = s.WithdrawInputSerializer

    @extend_schema(summary="Withdraw the case", request=s.WithdrawInputSerializer,
                   responses={200: s.CaseSummarySerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case()
        data = self.get_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            case = services.withdraw(case, self.person, data.validated_data.get("reason", ""))
        except DjangoValidationError as exc:
            return self.refused(exc)
        except DjangoPermissionDenied:
            raise Http404("no such case") from None
        return Response(s.CaseSummarySerializer(case, context=self.get_serializer_context()).data)
