"""The front office in the staff API (/api/v1/<municipality>/staff/persons/…): find a resident, see
who they are and where their cases are, log contacts, start a case for them. For service-point
agents (and administrators); every read of a person leaves an audit event. The identity code is
taken only from a POST body and is only ever shown masked."""

import re

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response

from luukku.cases.models import Case
from luukku.cases.staff_api import ERROR, StaffView
from luukku.cases.staff_serializers import Answers, OneOf, StaffCaseSummarySerializer, UnitRefSerializer, user_name
from luukku.catalogue.models import Service
from luukku.core.models import Channel, Role
from luukku.core.services import record_audit
from luukku.core.translation import tr
from luukku.eservices.models import CaseType
from luukku.people import hetu as hetu_module
from luukku.people.models import Person
from luukku.people.selectors import children_of

from . import selectors, services
from .forms import START_CHANNELS
from .models import DURATION_MAX_MINUTES, ContactChannel, ContactOutcome

TAGS = ["front office"]
TOP_LEVEL = {"case_type", "channel", "subject", "non_field_errors"}  # start_case's own keys; the rest are `data`'s
IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key", OpenApiTypes.STR, location=OpenApiParameter.HEADER, required=False,
    description="Optional, up to 100 visible ASCII characters, new for each case (e.g. a UUID made when the "
                "agent opens the form). A repeat with the same key and body starts nothing and answers 200 with "
                "the case the first request started (a concurrent repeat waits for the first); the same key with "
                "a different body is a 409 `idempotency_key_reused`. Keys are the user's own.")
KEY_CHARS = re.compile(r"[\x21-\x7e]{1,100}")


# --- shapes ---------------------------------------------------------------------------------------

class PersonRowSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    first_names = serializers.CharField()
    last_name = serializers.CharField()
    birth_date = serializers.DateField()


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField()
    postal_code = serializers.CharField()
    post_office = serializers.CharField()


class PersonCaseSerializer(StaffCaseSummarySerializer):
    may_read = serializers.SerializerMethodField(help_text="The user may open the case in full.")

    def get_may_read(self, case) -> bool:
        return case.pk in self.context.get("readable", ())


class PersonSerializer(PersonRowSerializer):
    name = serializers.CharField(source="full_name")
    age = serializers.IntegerField()
    identity_code = serializers.SerializerMethodField(help_text="Masked: the date-of-birth part only.")
    address_protected = serializers.BooleanField(source="protected_address")
    address = serializers.SerializerMethodField(help_text="Null when the address is protected (turvakielto).")
    email = serializers.CharField()
    phone = serializers.CharField()
    language = serializers.CharField()
    children = serializers.SerializerMethodField(help_text="Minors in the person's care (for `subject`).")
    cases = serializers.SerializerMethodField()

    def get_identity_code(self, person) -> str:
        return hetu_module.mask(person.hetu) if person.hetu_encrypted else ""

    def get_address(self, person) -> AddressSerializer(allow_null=True):
        return None if person.protected_address else AddressSerializer(person).data

    def get_children(self, person) -> PersonRowSerializer(many=True):
        return PersonRowSerializer([child for child, _mandate in children_of(person)], many=True).data

    def get_cases(self, person) -> PersonCaseSerializer(many=True):
        rows = selectors.case_summaries(person, self.context["request"].user)
        readable = {row["case"].pk for row in rows if row["may_read"]}
        return PersonCaseSerializer([row["case"] for row in rows], many=True,
                                    context={**self.context, "readable": readable}).data


class ContactSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    at = serializers.DateTimeField()
    channel = serializers.CharField()
    topic = serializers.CharField()
    notes = serializers.CharField()
    case = serializers.SerializerMethodField()
    service = serializers.SerializerMethodField()
    by = serializers.SerializerMethodField()
    unit = UnitRefSerializer(allow_null=True)
    outcome = serializers.CharField(help_text="resolved, case_started, referred or follow_up; empty on older contacts.")
    duration_minutes = serializers.IntegerField(allow_null=True)

    def get_case(self, contact) -> str | None:
        return contact.case.reference if contact.case_id else None

    def get_service(self, contact) -> str | None:
        return tr(contact.service.name, self.context["language"]) if contact.service_id else None

    def get_by(self, contact) -> str:
        return user_name(contact.by_user)


class SearchInputSerializer(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    birth_date = serializers.DateField(required=False, allow_null=True)
    hetu = serializers.CharField(required=False, allow_blank=True, max_length=20,
                                 help_text="The identity code: only ever in this body, never in the address.")

    def validate(self, attrs):
        if attrs.get("hetu"):
            return attrs
        errors = {}
        if not (attrs.get("name") or "").strip():
            errors["name"] = [_("Give the name and the date of birth, or the identity code.")]
        if not attrs.get("birth_date"):
            errors["birth_date"] = [_("Give the date of birth with the name.")]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class ContactInputSerializer(serializers.Serializer):
    channel = OneOf(choices=ContactChannel.values)
    topic = serializers.CharField(max_length=200)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    case = serializers.UUIDField(required=False, allow_null=True, help_text="One of the person's cases.")
    service = serializers.UUIDField(required=False, allow_null=True, help_text="A catalogue service.")
    outcome = OneOf(choices=[c for c in ContactOutcome.values if c != ContactOutcome.FOLLOW_UP], required=False,
                    help_text="How the contact ended (a follow-up is logged on the agent's page).")
    duration_minutes = serializers.IntegerField(required=False, allow_null=True, min_value=1,
                                                max_value=DURATION_MAX_MINUTES)


class StartCaseInputSerializer(serializers.Serializer):
    case_type = serializers.CharField(max_length=80, help_text="A case type's slug (see case-types/).")
    data = Answers(required=False, help_text="The form's answers by field key (see case-types/).")
    channel = OneOf(choices=[value for value, _label in START_CHANNELS])
    subject = serializers.UUIDField(required=False, allow_null=True,
                                    help_text="Whom the case concerns when not the person: a child in their care.")
    topic = serializers.CharField(required=False, allow_blank=True, max_length=200,
                                  help_text="The logged contact's topic (default: the case type).")


# --- views ----------------------------------------------------------------------------------------

class FrontOfficeView(StaffView):
    roles = (Role.SERVICE_POINT_AGENT,)  # and administrators (cases.access.may_serve_residents)

    def person(self) -> Person:
        person = Person.all_objects.filter(municipality=self.municipality, public_id=self.kwargs["person_id"]).first()
        if person is None:
            raise NotFound(_("No such person."))
        return person

    def audit(self, person, action, object_type="people.person"):
        role, unit = selectors.staff_role(self.request.user, self.municipality)
        record_audit(municipality=self.municipality, actor=self.request.user, subject_id=person.public_id,
                     action=action, purpose=selectors.PURPOSE, object_type=object_type, object_id=person.public_id,
                     role=role, unit=unit, channel=Channel.API)


class PersonSearch(FrontOfficeView):
    serializer_class = SearchInputSerializer

    @extend_schema(tags=TAGS, summary="Find a resident", request=SearchInputSerializer,
                   description="By name and date of birth (every word of the name must match), or by the "
                               "identity code (audited). Never lists more than 50.",
                   responses={200: PersonRowSerializer(many=True), 400: ERROR, 403: ERROR})
    def post(self, request, *args, **kwargs):
        if "hetu" in request.query_params:
            raise ValidationError({"hetu": [_("Send the identity code in the request body, never in the address.")]})
        v = self.valid(SearchInputSerializer)
        if v.get("hetu"):
            try:
                person = selectors.find_by_hetu(self.municipality, hetu=v["hetu"], by_user=request.user)
            except DjangoValidationError as exc:  # the code itself is never echoed back
                raise ValidationError({"hetu": exc.messages}) from None
            found = [person] if person is not None else []
        else:
            found = list(selectors.find_by_name(self.municipality, name=v["name"], birth_date=v["birth_date"]))
            page = list(self.paginate_queryset(found))
            selectors.audit_results(municipality=self.municipality, user=request.user, persons=page,
                                    channel=Channel.API)
            return self.get_paginated_response(PersonRowSerializer(page, many=True, context=self.ctx()).data)
        return self.paged(found, PersonRowSerializer)


class PersonDetail(FrontOfficeView):
    serializer_class = PersonSerializer

    @extend_schema(tags=TAGS, summary="One resident",
                   description="Identity code masked, address hidden when protected; where their cases are. "
                               "Leaves an audit event.",
                   responses={200: PersonSerializer, 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        person = self.person()
        self.audit(person, "person.read")
        selectors.audit_results(municipality=self.municipality, user=request.user, channel=Channel.API,
                                persons=[child for child, _mandate in children_of(person)], action="person.named",
                                purpose=f"{selectors.PURPOSE}: named on a card")
        return Response(PersonSerializer(person, context=self.ctx()).data)


class PersonContacts(FrontOfficeView):
    serializer_class = ContactInputSerializer

    @extend_schema(tags=TAGS, summary="The resident's contacts with the front office",
                   responses={200: ContactSerializer(many=True), 403: ERROR, 404: ERROR})
    def get(self, request, *args, **kwargs):
        person = self.person()
        self.audit(person, "person.contacts_read", object_type="frontoffice.contact")
        return self.paged(selectors.contacts_of(person), ContactSerializer)

    @extend_schema(tags=TAGS, summary="Log a contact", request=ContactInputSerializer,
                   responses={201: ContactSerializer, 400: ERROR, 403: ERROR, 404: ERROR})
    def post(self, request, *args, **kwargs):
        person = self.person()
        v = self.valid(ContactInputSerializer)
        case = service = None
        if v.get("case"):
            case = Case.all_objects.filter(municipality=self.municipality, public_id=v["case"]).first()
            if case is None:
                raise ValidationError({"case": [_("Choose one of this resident's cases.")]})
        if v.get("service"):
            service = Service.all_objects.filter(municipality=self.municipality, public_id=v["service"]).first()
            if service is None:
                raise ValidationError({"service": [_("Choose a service of this municipality.")]})
        contact = self.run(services.log_contact, by_user=request.user, person=person, channel=v["channel"],
                           topic=v["topic"], notes=v.get("notes", ""), case=case, service=service,
                           outcome=v.get("outcome") or "", duration_minutes=v.get("duration_minutes"))
        return Response(ContactSerializer(contact, context=self.ctx()).data, status=status.HTTP_201_CREATED)


class PersonStartCase(FrontOfficeView):
    serializer_class = StartCaseInputSerializer

    @extend_schema(tags=TAGS, summary="Start a case for the resident", request=StartCaseInputSerializer,
                   description="`data` is checked as the e-service checks it; problems are a 400 under `data`, one "
                               "message per field. The resident then sees the case in My cases. With an "
                               "`Idempotency-Key` header, one case per key however often or concurrently it is "
                               "sent: 201 when this request started the case, 200 with the same body for a repeat.",
                   parameters=[IDEMPOTENCY_KEY],
                   responses={201: StaffCaseSummarySerializer,
                              200: OpenApiResponse(StaffCaseSummarySerializer,
                                                   description="A repeat of an Idempotency-Key: the case it started."),
                              400: ERROR, 403: ERROR, 404: ERROR,
                              409: OpenApiResponse(description="`{detail, code}`: code `idempotency_key_reused` when "
                                                               "the key started a case from a different body.")})
    def post(self, request, *args, **kwargs):
        person = self.person()
        key = request.headers.get("Idempotency-Key")
        if key is not None and not KEY_CHARS.fullmatch(key):
            raise ValidationError({"Idempotency-Key": [_("The Idempotency-Key header must be 1–100 visible ASCII "
                                                         "characters, for example a UUID.")]})
        v = self.valid(StartCaseInputSerializer)
        case_type = CaseType.all_objects.filter(municipality=self.municipality, slug=v["case_type"]).first()
        if case_type is None:
            open_types = [t.slug for t in selectors.open_case_types(self.municipality)]
            raise ValidationError({"case_type": [_("“%(value)s” is not allowed here. Allowed values: %(allowed)s.")
                                                 % {"value": v["case_type"][:100], "allowed": ", ".join(open_types)}]})
        subject = None
        if v.get("subject"):
            subject = Person.all_objects.filter(municipality=self.municipality, public_id=v["subject"]).first()
            if subject is None:
                raise ValidationError({"subject": [_("No such person.")]})
        try:
            case = self.run(services.start_case, by_user=request.user, person=person, case_type=case_type,
                            data=v.get("data") or {}, channel=v["channel"], subject=subject,
                            contact_topic=v.get("topic") or "", idempotency_key=key or "")
        except ValidationError as exc:
            if isinstance(exc.detail, dict):
                data = {k: m for k, m in exc.detail.items() if k not in TOP_LEVEL}
                top = {k: m for k, m in exc.detail.items() if k in TOP_LEVEL}
                raise ValidationError({**top, **({"data": data} if data else {})}) from None
            raise
        replayed = case.replayed
        case = Case.all_objects.select_related("case_type", "unit", "handed_over_to").get(pk=case.pk)
        return Response(StaffCaseSummarySerializer(case, context=self.ctx()).data,
                        status=status.HTTP_200_OK if replayed else status.HTTP_201_CREATED)

