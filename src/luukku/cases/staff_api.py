"""The staff API under /api/v1/<municipality>/staff/: unit queues and case handling, with the rules of
the staff pages (cases.access): a case the user may not see is a 404, one they may see but not
change a 403. Every write goes through cases.services; every read of a case leaves an audit event.
Session authentication with CSRF; messages in the request's language (Accept-Language or ?lang=)."""

from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Q
from django.http import FileResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, PolymorphicProxySerializer, extend_schema
from rest_framework import status
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.parsers import JSONParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from luukku.catalogue.api import CataloguePagination
from luukku.core import selectors as core_selectors
from luukku.core.api import MunicipalityViewMixin
from luukku.core.models import Channel, Role, StaffMembership
from luukku.core.services import record_audits
from luukku.eservices.models import CaseType, DefinitionStatus, FormField
from luukku.twofactor.gate import SecondFactorPassed

from . import access, queues, services
from . import staff_serializers as s
from .models import Case, DecisionTemplate, PartnerOrganisation

ERROR = OpenApiResponse(description="`{detail, code}`, or `{field: [messages]}` for invalid input (400). "
                                    "403: not signed in, or not allowed; 404: no such case for this user; "
                                    "409: the case is closed or already taken.")
CONFLICTS = {"already_claimed", "already_decided", "case_closed", "idempotency_key_reused"}
TAGS = ["staff"]


class Refused(APIException):
    """A service's refusal that is not about one field: 400, or 409 for a conflict."""

    def __init__(self, detail, code):
        super().__init__(detail)
        self.status_code = status.HTTP_409_CONFLICT if code in CONFLICTS else status.HTTP_400_BAD_REQUEST
        self.default_code = code  # the error shape reports it as `code`


class StaffPagination(CataloguePagination):
    default_limit = 50


class StaffSchema(AutoSchema):
    """Every staff endpoint takes ?lang= for the language of its messages."""

    def get_override_parameters(self):
        return [*super().get_override_parameters(), OpenApiParameter(
            "lang", OpenApiTypes.STR, enum=["fi", "sv", "en"],
            description="Language of the messages, when not the one Accept-Language asks for.")]


class StaffView(MunicipalityViewMixin, GenericAPIView):
    schema = StaffSchema()
    parser_classes = [JSONParser]
    # Anonymous: 403 `not_authenticated` (session auth has no 401); password only: `second_factor_required`.
    permission_classes = [IsAuthenticated, SecondFactorPassed]
    pagination_class = StaffPagination
    roles = access.SUMMARY_ROLES  # who may use the endpoint at all (then cases.access per case)

    def initial(self, request, *args, **kwargs):
        municipality = getattr(request, "municipality", None)
        wanted = request.query_params.get("lang", "")
        if municipality is not None and wanted in municipality.languages:
            translation.activate(wanted)
            request._request.LANGUAGE_CODE = wanted
        super().initial(request, *args, **kwargs)
        if not core_selectors.has_role(request.user, self.municipality, self.roles):
            raise PermissionDenied(_("Your account may not use this part of the staff interface here."))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = self.language()
        return response

    def language(self) -> str:
        language = (translation.get_language() or "fi").split("-")[0]
        municipality = getattr(self.request, "municipality", None)
        if municipality is not None and language not in municipality.languages:
            language = municipality.default_language
        return language

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "language": self.language()}

    def ctx(self, **extra) -> dict:
        return {**self.get_serializer_context(), **extra}

    def valid(self, serializer_class, **context):
        data = serializer_class(data=self.request.data, context=self.ctx(**context))
        data.is_valid(raise_exception=True)
        return data.validated_data

    def paged(self, rows, serializer_class, **context):
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(serializer_class(page, many=True, context=self.ctx(**context)).data)

    def run(self, service, /, *args, fields=None, nest=None, **kwargs):
        """Call a service: PermissionDenied → 403; a refusal → 400 naming the field to blame (`fields`
        maps the refusal's code to a field; per-field errors go under `nest` when given), or 409."""
        try:
            return service(*args, **kwargs)
        except DjangoPermissionDenied:
            raise PermissionDenied() from None
        except DjangoValidationError as exc:
            if hasattr(exc, "error_dict"):
                errors = {"non_field_errors" if key == NON_FIELD_ERRORS else key: messages
                          for key, messages in exc.message_dict.items()}
                raise ValidationError({nest: errors} if nest else errors) from None
            code = getattr(exc, "code", None) or "invalid"
            if code not in CONFLICTS and (fields or {}).get(code):
                raise ValidationError({fields[code]: exc.messages}, code=code) from None
            raise Refused(" ".join(exc.messages), code) from None


class CaseView(StaffView):
    """Views of one case (<case_id> in the URL)."""

    def case(self, need="read") -> Case:
        """The case if the user may see it (else 404), and `need` ("summary", "read", "handle") else 403."""
        case = (Case.all_objects.select_related("case_type", "unit", "subject", "applicant", "assignee", "sub_status",
                                                "started_by", "handed_over_to", "municipality")
                .filter(municipality=self.municipality, public_id=self.kwargs["case_id"]).first())
        user = self.request.user
        if case is None or not access.may_see_summary(user, case):
            raise NotFound(_("No such case."))
        allowed = {"summary": True, "read": access.may_read, "handle": access.may_handle}[need]
        if allowed is not True and not allowed(user, case):
            raise PermissionDenied(_("Your account may not do this with cases of this unit."))
        return case

    def audit(self, case, action="case.read", object_type="cases.case", object_id=None):
        user = self.request.user
        role = (Role.CASE_HANDLER if access.may_handle(user, case) else Role.MANAGER if access.may_read(user, case)
                else Role.SERVICE_POINT_AGENT)
        object_id = object_id or case.public_id  # whom it concerns and, when another, who applied
        record_audits(municipality=case.municipality, actor=user, action=action,
                      purpose="case handling" if role != Role.SERVICE_POINT_AGENT else "service point: case status",
                      unit=case.unit, role=role, channel=Channel.API,
                      subjects=[(p.public_id, object_type, object_id) for p in (case.subject, case.applicant)])

    def row(self, case, http=status.HTTP_200_OK):
        case = Case.all_objects.select_related("case_type", "subject", "applicant", "assignee",
                                               "sub_status").get(pk=case.pk)
        return Response(s.CaseRowSerializer(case, context=self.ctx()).data, status=http)


# --- units and queues ---------------------------------------------------------------------------

class UnitList(StaffView):
    serializer_class = s.UnitQueueSerializer

    @extend_schema(tags=TAGS, summary="My units",
                   description="The units whose queues the user works or reads, with their open cases counted.",
                   responses={200: s.UnitQueueSerializer(many=True), 403: ERROR})
    def get(self, request, *args, **kwargs):
        figures = queues.unit_figures(request.user, self.municipality)
        handled = access.handled_units(request.user, self.municipality)
        handled = None if handled is None else {u.pk for u in handled}
        handlers = self.handlers([f.unit for f in figures])
        rows = [SimpleNamespace(**vars(f), may_handle=handled is None or f.unit.pk in handled,
                                handlers=handlers.get(f.unit.pk, [])) for f in figures]
        return self.paged(rows, s.UnitQueueSerializer)

    def handlers(self, units) -> dict:
        memberships = (StaffMembership.all_objects.select_related("user")
                       .filter(municipality=self.municipality, role=Role.CASE_HANDLER, user__is_active=True)
                       .filter(Q(unit__isnull=True) | Q(unit__in=units)).order_by("user__username"))
        found: dict = {unit.pk: {} for unit in units}
        for m in memberships:
            if m.is_active:
                for unit in units if m.unit_id is None else [m.unit]:
                    found.setdefault(unit.pk, {})[m.user_id] = m.user
        return {pk: list(users.values()) for pk, users in found.items()}


class CaseQueue(StaffView):
    serializer_class = s.CaseRowSerializer
    roles = access.READER_ROLES

    @extend_schema(tags=TAGS, summary="A unit's queue", parameters=[s.QueueFilterSerializer],
                   description="Open cases by default, the soonest due first. An unknown filter value is a 400 "
                               "naming the parameter and its allowed values.",
                   responses={200: s.CaseRowSerializer(many=True), 400: ERROR, 403: ERROR})
    def get(self, request, *args, **kwargs):
        m = self.municipality
        staff_ids = set(StaffMembership.all_objects.filter(municipality=m).values_list("user_id", flat=True))
        case_types = list(CaseType.all_objects.filter(municipality=m).order_by("slug").values_list("slug", flat=True))
        params = s.QueueFilterSerializer(data=request.query_params, context=self.ctx(
            units=queues.readable_units(request.user, m), staff_ids=staff_ids, case_types=case_types))
        params.is_valid(raise_exception=True)
        v = params.validated_data
        filters = queues.QueueFilters(status=v.get("status", ""), case_type=v.get("case_type", ""),
                                      due=v.get("due", ""), assignee=v.get("assignee", ""), q=v.get("q", ""))
        cases = queues.queue(request.user, m, v["unit"], filters).select_related("applicant", "sub_status")
        page = list(self.paginate_queryset(cases))
        handled = access.handled_units(request.user, m)
        handles = handled is None or v["unit"].pk in {u.pk for u in handled}
        services.audit_case_rows(request.user, m, page, action="case.queue", applicants=True, channel=Channel.API,
                                 role=Role.CASE_HANDLER if handles else Role.MANAGER)
        return self.get_paginated_response(s.CaseRowSerializer(page, many=True, context=self.ctx()).data)


# --- one case -------------------------------------------------------------------------------------

class CaseDetail(CaseView):
    serializer_class = s.StaffCaseDetailSerializer

    @extend_schema(tags=TAGS, summary="One case",
                   description="In full for the unit's handlers and managers; a summary (where the case is, not "
                               "what it says) for a service-point agent. Leaves an audit event.",
                   responses={200: PolymorphicProxySerializer(
                       component_name="StaffCaseOrSummary", resource_type_field_name=None,
                       serializers=[s.StaffCaseDetailSerializer, s.StaffCaseSummarySerializer]),
                       403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        case = self.case(need="summary")
        if not access.may_read(request.user, case):
            self.audit(case, action="case.read_summary")
            return Response(s.StaffCaseSummarySerializer(case, context=self.ctx()).data)
        self.audit(case)
        return Response(s.StaffCaseDetailSerializer(case, context=self.ctx(
            may_handle=access.may_handle(request.user, case))).data)


class CaseClaim(CaseView):
    serializer_class = s.CaseRowSerializer

    @extend_schema(tags=TAGS, summary="Take the case", request=None,
                   description="The first to claim wins; the second gets 409 `already_claimed`.",
                   responses={200: s.CaseRowSerializer, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        return self.row(self.run(services.claim, case, request.user))


class CaseAssign(CaseView):
    serializer_class = s.AssignInputSerializer

    @extend_schema(tags=TAGS, summary="Give the case to a handler (or release it)", request=s.AssignInputSerializer,
                   responses={200: s.CaseRowSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        from django.contrib.auth import get_user_model

        case = self.case(need="handle")
        assignee_id = self.valid(s.AssignInputSerializer)["assignee"]
        assignee = None
        if assignee_id is not None:
            assignee = get_user_model().objects.filter(pk=assignee_id).first()
            if assignee is None:
                raise ValidationError({"assignee": [_("No such staff member.")]})
        return self.row(self.run(services.assign, case, request.user, assignee, fields={"not_a_handler": "assignee"}))


class CaseStatus(CaseView):
    serializer_class = s.StatusInputSerializer

    @extend_schema(tags=TAGS, summary="Change the status (or sub-status)", request=s.StatusInputSerializer,
                   description="Only the changes the case's life cycle allows; others are a 400 on `status`.",
                   responses={200: s.CaseRowSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        v = self.valid(s.StatusInputSerializer)
        self.run(services.change_status, case, v["status"], by_user=request.user, reason=v.get("reason") or "",
                 sub_status=v.get("sub_status") or None,
                 fields={"invalid_transition": "status", "invalid_sub_status": "sub_status"})
        return self.row(case)


class CaseNotes(CaseView):
    serializer_class = s.NoteInputSerializer

    @extend_schema(tags=TAGS, summary="Internal notes", description="Staff only; never shown to the resident.",
                   responses={200: s.NoteSerializer(many=True), 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        case = self.case(need="read")
        self.audit(case, action="case.notes_read")
        return self.paged(case.notes.select_related("author"), s.NoteSerializer)

    @extend_schema(tags=TAGS, summary="Add an internal note", request=s.NoteInputSerializer,
                   responses={201: s.NoteSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        body = self.valid(s.NoteInputSerializer)["body"]
        note = self.run(services.add_note, case, request.user, body, fields={"required": "body"})
        return Response(s.NoteSerializer(note).data, status=status.HTTP_201_CREATED)


class CaseMessages(CaseView):
    serializer_class = s.TextInputSerializer

    @extend_schema(tags=TAGS, summary="Send the resident a message", request=s.TextInputSerializer,
                   responses={201: s.StaffMessageSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        body = self.valid(s.TextInputSerializer)["body"]
        message = self.run(services.send_message, case, by_user=request.user, body=body, fields={"required": "body"})
        return Response(s.StaffMessageSerializer(message, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class CaseInformationRequests(CaseView):
    serializer_class = s.TextInputSerializer

    @extend_schema(tags=TAGS, summary="Ask the resident for more information", request=s.TextInputSerializer,
                   description="The case then waits for the resident (the service-level clock stops).",
                   responses={201: s.StaffMessageSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        body = self.valid(s.TextInputSerializer)["body"]
        message = self.run(services.request_information, case, request.user, body, fields={"required": "body"})
        return Response(s.StaffMessageSerializer(message, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class CaseTransfer(CaseView):
    serializer_class = s.TransferInputSerializer

    @extend_schema(tags=TAGS, summary="Transfer the case to another unit", request=s.TransferInputSerializer,
                   description="It lands unassigned in the other unit's queue; the resident sees where and why.",
                   responses={201: s.TransferSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        from luukku.core.models import Unit

        case = self.case(need="handle")
        v = self.valid(s.TransferInputSerializer)
        unit = Unit.all_objects.filter(public_id=v["unit"]).first()  # another municipality's: the service says no
        if unit is None:
            raise ValidationError({"unit": [_("Choose a unit of this municipality.")]})
        transfer = self.run(services.transfer_to_unit, case, request.user, unit, v["reason"],
                            fields={"other_municipality": "unit", "same_unit": "unit", "required": "reason"})
        return Response(s.TransferSerializer(transfer, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class CaseHandover(CaseView):
    serializer_class = s.HandoverInputSerializer

    @extend_schema(tags=TAGS, summary="Hand the case over to a partner organisation", request=s.HandoverInputSerializer,
                   description="Builds the package (ZIP with a manifest); the answer has its SHA-256 and a link.",
                   responses={201: s.HandoverSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        v = self.valid(s.HandoverInputSerializer)
        partner = PartnerOrganisation.all_objects.filter(public_id=v["partner"]).first()
        if partner is None:
            raise ValidationError({"partner": [_("Choose one of this municipality's partner organisations.")]})
        handover = self.run(services.hand_over, case, request.user, partner, v["reason"],
                            fields={"unknown_partner": "partner", "required": "reason"})
        return Response(s.HandoverSerializer(handover, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class CaseDecision(CaseView):
    serializer_class = s.DecisionInputSerializer

    @extend_schema(tags=TAGS, summary="Decide the case from a template", request=s.DecisionInputSerializer,
                   description="Missing or bad template fields are a 400 under `values`, one message per field.",
                   responses={201: s.StaffDecisionSerializer, 400: ERROR, 403: ERROR, 404: ERROR, 409: ERROR})
    def post(self, request, *args, **kwargs):
        case = self.case(need="handle")
        v = self.valid(s.DecisionInputSerializer)
        language = v.get("language") or None
        if language and language not in self.municipality.languages:
            raise ValidationError({"language": [_("Choose one of: %(allowed)s.")
                                                % {"allowed": ", ".join(self.municipality.languages)}]})
        template = DecisionTemplate.all_objects.filter(public_id=v["template"]).first()
        decision = self.run(services.decide_from_template, case, request.user, template, v.get("values") or {},
                            language, fields={"unknown_template": "template"}, nest="values")
        return Response(s.StaffDecisionSerializer(decision, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class FileView(CaseView):
    """A stored file of a case: answered whatever the client's Accept header."""

    def perform_content_negotiation(self, request, force=False):
        return super().perform_content_negotiation(request, force=True)

    def send(self, case, field, name, object_type, object_id):
        if not field:
            raise NotFound(_("No such file."))
        self.audit(case, object_type=object_type, object_id=object_id)
        response = FileResponse(field.open("rb"), as_attachment=True, filename=name)
        response["Cache-Control"] = "private, no-store"
        return response


class HandoverPackage(FileView):
    @extend_schema(tags=TAGS, summary="Download a hand-over package",
                   responses={(200, "application/zip"): OpenApiTypes.BINARY, 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        case = self.case(need="read")
        handover = case.handovers.filter(public_id=kwargs["handover_id"]).first()
        if handover is None:
            raise NotFound(_("No such file."))
        return self.send(case, handover.package, f"{case.reference}-luovutus.zip", "cases.handover", handover.public_id)


class DecisionPdf(FileView):
    @extend_schema(tags=TAGS, summary="Download a decision as PDF",
                   responses={(200, "application/pdf"): OpenApiTypes.BINARY, 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        case = self.case(need="read")
        decision = case.decisions.filter(public_id=kwargs["decision_id"]).first()
        if decision is None:
            raise NotFound(_("No such file."))
        return self.send(case, decision.pdf, f"{case.reference}-paatos.pdf", "cases.decision", decision.public_id)


# --- what staff pick from -------------------------------------------------------------------------

class DecisionTemplateList(StaffView):
    serializer_class = s.DecisionTemplateSerializer
    roles = access.READER_ROLES

    @extend_schema(tags=TAGS, summary="Decision templates in use", parameters=[OpenApiParameter(
        "case_type", OpenApiTypes.STR, description="A case type's slug: its templates and the general ones.")],
        responses={200: s.DecisionTemplateSerializer(many=True), 400: ERROR, 403: ERROR})
    def get(self, request, *args, **kwargs):
        qs = DecisionTemplate.all_objects.filter(municipality=self.municipality, active=True)
        qs = qs.select_related("case_type")
        slug = request.query_params.get("case_type", "")
        if slug:
            case_type = CaseType.all_objects.filter(municipality=self.municipality, slug=slug[:80]).first()
            if case_type is None:
                slugs = CaseType.all_objects.filter(municipality=self.municipality).order_by("slug")
                raise ValidationError({"case_type": [_("“%(value)s” is not allowed here. Allowed values: %(allowed)s.")
                                                     % {"value": slug[:100], "allowed": ", ".join(
                                                         slugs.values_list("slug", flat=True))}]})
            qs = qs.filter(Q(case_type=case_type) | Q(case_type__isnull=True))
        return self.paged(qs.order_by("id"), s.DecisionTemplateSerializer)


class PartnerList(StaffView):
    serializer_class = s.PartnerSerializer
    roles = access.READER_ROLES

    @extend_schema(tags=TAGS, summary="Partner organisations cases can be handed over to",
                   responses={200: s.PartnerSerializer(many=True), 403: ERROR})
    def get(self, request, *args, **kwargs):
        qs = PartnerOrganisation.all_objects.filter(municipality=self.municipality, active=True).order_by("id")
        return self.paged(qs, s.PartnerSerializer)


class CaseTypeList(StaffView):
    serializer_class = s.CaseTypeSerializer

    @extend_schema(tags=TAGS, summary="Case types",
                   description="With the published form's fields: what `data` holds when the front office "
                               "starts a case for a resident.",
                   responses={200: s.CaseTypeSerializer(many=True), 403: ERROR})
    def get(self, request, *args, **kwargs):
        case_types = list(CaseType.all_objects.filter(municipality=self.municipality).select_related("unit")
                          .order_by("slug"))
        page = self.paginate_queryset(case_types)
        fields, latest = {}, {}
        rows = (FormField.all_objects.filter(definition__case_type__in=page,
                                             definition__status=DefinitionStatus.PUBLISHED)
                .select_related("definition").order_by("-definition__version", "page__order", "order", "pk"))
        for f in rows:
            version = latest.setdefault(f.definition.case_type_id, f.definition.version)
            if f.definition.version == version:
                fields.setdefault(f.definition.case_type_id, []).append(f)
        return self.get_paginated_response(
            s.CaseTypeSerializer(page, many=True, context=self.ctx(form_fields=fields)).data)
