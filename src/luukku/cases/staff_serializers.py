"""The staff API's shapes: unit queues, a case as its handler sees it (or as a summary for the front
office), the lists staff pick from, and what staff may post."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from luukku.core.translation import tr

from . import selectors
from .models import Status
from .queues import DUE_FILTERS
from .serializers import AnswerSerializer, AttachmentSerializer, DecisionAnswerStateSerializer, PersonRefSerializer


def _lang(context) -> str:
    return context["language"]


def user_name(user) -> str:
    return (user.get_full_name() or user.get_username()) if user is not None else ""


class OneOfSchema(OpenApiSerializerFieldExtension):
    """OneOf as an inline enum (wrapped, so that drf-spectacular does not name it and rename the
    resident API's StatusEnum over the collision of the two "status" choice sets)."""

    target_class = "luukku.cases.staff_serializers.OneOf"
    match_subclasses = True

    def map_serializer_field(self, auto_schema, direction):
        return {"allOf": [{"type": "string", "enum": [str(value) for value in self.target.choices]}]}


def storable(text: str) -> bool:
    """No NUL and no lone surrogates: the database would refuse them (a 500 instead of a 400)."""
    return "\x00" not in text and not any("\ud800" <= c <= "\udfff" for c in text)


class OneOf(serializers.ChoiceField):
    """A choice whose refusal names the allowed values."""

    default_error_messages = {"invalid_choice": _("“{input}” is not allowed here. Allowed values: {allowed}.")}

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        if str(data) not in self.choice_strings_to_values:
            self.fail("invalid_choice", input=str(data)[:100], allowed=", ".join(self.choice_strings_to_values))
        return self.choice_strings_to_values[str(data)]


@extend_schema_field({"oneOf": [{"type": "string"}, {"type": "number"}, {"type": "boolean"},
                                {"type": "array", "items": {"type": "string"}},
                                {"type": "object", "additionalProperties": {"type": "string"}}], "nullable": True})
class JSONValue(serializers.Field):
    """One answer in a form or a decision template: text, a number, yes/no, a list of texts, or an
    address ({street, postal_code, post_office})."""

    default_error_messages = {"invalid": _("Give text, a number, true/false, a list of texts or an address."),
                              "too_long": _("At most {max} characters.")}
    MAX_TEXT = 20000

    def _scalar(self, item, text_only=False):
        if isinstance(item, str):
            if len(item) > self.MAX_TEXT:
                self.fail("too_long", max=self.MAX_TEXT)
            if not storable(item):
                self.fail("invalid")
        elif text_only or (item is not None and not isinstance(item, (int, float, bool))):
            self.fail("invalid")

    def to_internal_value(self, data):
        if isinstance(data, list):
            if len(data) > 100:
                self.fail("invalid")
            for item in data:
                self._scalar(item, text_only=True)
        elif isinstance(data, dict):
            if len(data) > 10 or not all(isinstance(k, str) and len(k) <= 40 and storable(k) for k in data):
                self.fail("invalid")
            for item in data.values():
                if item is not None:
                    self._scalar(item, text_only=True)
        else:
            self._scalar(data)
        return data

    def to_representation(self, value):
        return value


class Answers(serializers.DictField):
    """{key: value} with at most 200 short keys."""

    default_error_messages = {"too_many": _("At most {max} values."),
                              "bad_key": _("Keys are plain text of at most 60 characters.")}

    def __init__(self, **kwargs):
        super().__init__(child=JSONValue(), **kwargs)

    def to_internal_value(self, data):
        if isinstance(data, dict):
            if len(data) > 200:
                self.fail("too_many", max=200)
            if any(len(str(key)) > 60 or not storable(str(key)) for key in data):
                self.fail("bad_key")
        return super().to_internal_value(data)


# --- references -----------------------------------------------------------------------------

class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.SerializerMethodField()

    def get_name(self, user) -> str:
        return user_name(user)


class UnitRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()

    def get_name(self, unit) -> str:
        return tr(unit.name, _lang(self.context))


class CaseTypeRefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()

    def get_name(self, case_type) -> str:
        return tr(case_type.name, _lang(self.context))


class PartnerSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()
    business_id = serializers.CharField()
    email = serializers.CharField()
    phone = serializers.CharField()

    def get_name(self, partner) -> str:
        return tr(partner.name, _lang(self.context))


# --- units and queues -------------------------------------------------------------------------

class UnitQueueSerializer(serializers.Serializer):
    """A unit the user works or reads, with its open cases counted."""

    id = serializers.UUIDField(source="unit.public_id")
    slug = serializers.CharField(source="unit.slug")
    name = serializers.SerializerMethodField()
    may_handle = serializers.BooleanField()
    open = serializers.IntegerField()
    unassigned = serializers.IntegerField()
    waiting_for_resident = serializers.IntegerField()
    overdue = serializers.IntegerField()
    due_soon = serializers.IntegerField()
    handlers = UserRefSerializer(many=True, help_text="Who may be given the unit's cases (assign/).")

    def get_name(self, row) -> str:
        return tr(row.unit.name, _lang(self.context))


class QueueFilterSerializer(serializers.Serializer):
    """The queue's filters. The views add the municipality's own values (units, case types, staff)."""

    unit = serializers.UUIDField(help_text="The unit whose queue (see units/).")
    status = OneOf(choices=["open", "all", *Status.values], required=False, allow_blank=True,
                   help_text="`open` (default), `all` or one status.")
    case_type = serializers.CharField(required=False, allow_blank=True, max_length=80, help_text="Case type slug.")
    due = OneOf(choices=list(DUE_FILTERS), required=False, allow_blank=True)
    assignee = serializers.CharField(required=False, allow_blank=True, max_length=12,
                                     help_text="`me`, `none` or a staff member's id.")
    q = serializers.CharField(required=False, allow_blank=True, max_length=200,
                              help_text="Case reference (whole or part) or the resident's name.")

    def _refuse(self, value, allowed):
        raise serializers.ValidationError(
            _("“%(value)s” is not allowed here. Allowed values: %(allowed)s.")
            % {"value": str(value)[:100], "allowed": ", ".join(allowed) or "-"}, code="invalid_choice")

    def validate_unit(self, value):
        units = self.context["units"]
        unit = next((u for u in units if u.public_id == value), None)
        if unit is None:
            raise serializers.ValidationError(
                _("Not one of your units. Allowed values: %(allowed)s.")
                % {"allowed": ", ".join(str(u.public_id) for u in units) or "-"}, code="invalid_choice")
        return unit

    def validate_case_type(self, value):
        if value and value not in self.context["case_types"]:
            self._refuse(value, self.context["case_types"])
        return value

    def validate_assignee(self, value):
        if value in ("", "me", "none") or (value.isascii() and value.isdigit()
                                          and int(value) in self.context["staff_ids"]):
            return value
        self._refuse(value, ["me", "none", str(_("a staff member's id"))])


class CaseRowSerializer(serializers.Serializer):
    """A case in a queue."""

    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    case_type = CaseTypeRefSerializer()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.SerializerMethodField()
    sub_status = serializers.SerializerMethodField()
    applicant = PersonRefSerializer()
    subject = PersonRefSerializer()
    assignee = UserRefSerializer(allow_null=True)
    channel = serializers.CharField()
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    paused = serializers.SerializerMethodField(help_text="The service-level clock waits for the resident.")

    def get_status_label(self, case) -> str:
        return str(Status(case.status).label) if case.status in Status.values else case.status

    def get_sub_status(self, case) -> str | None:
        return case.sub_status.code if case.sub_status_id else None

    def get_paused(self, case) -> bool:
        return case.paused_since is not None


class StaffCaseSummarySerializer(serializers.Serializer):
    """What the front office may tell a resident about a case: where it is, not what it says."""

    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    summary_only = serializers.SerializerMethodField()
    case_type = CaseTypeRefSerializer()
    status = serializers.ChoiceField(choices=Status.choices)
    status_label = serializers.SerializerMethodField()
    unit = UnitRefSerializer()
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)
    decided_at = serializers.DateTimeField(allow_null=True)
    handed_over_to = serializers.SerializerMethodField()

    def get_summary_only(self, case) -> bool:
        return True

    def get_status_label(self, case) -> str:
        return str(Status(case.status).label) if case.status in Status.values else case.status

    def get_handed_over_to(self, case) -> str | None:
        return tr(case.handed_over_to.name, _lang(self.context)) if case.handed_over_to_id else None


# --- the case in full -------------------------------------------------------------------------

def _by(user, person) -> str:
    return user_name(user) if user is not None else (person.full_name if person is not None else "")


class HistorySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_status = serializers.CharField()
    to_status = serializers.CharField()
    from_sub_status = serializers.CharField()
    to_sub_status = serializers.CharField()
    by = serializers.SerializerMethodField()
    reason = serializers.CharField()

    def get_by(self, change) -> str:
        return _by(change.by_user, change.by_person)


class StaffMessageSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    created_at = serializers.DateTimeField()
    from_resident = serializers.BooleanField()
    author = serializers.SerializerMethodField()
    on_behalf_of = PersonRefSerializer(allow_null=True)
    body = serializers.CharField()
    is_information_request = serializers.BooleanField()
    answer_to = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")

    def get_author(self, message) -> str:
        return _by(message.author_user, message.author_person)

    def get_answer_to(self, message) -> str | None:
        return str(message.answer_to.public_id) if message.answer_to_id else None


class NoteSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    author = serializers.SerializerMethodField()
    body = serializers.CharField()

    def get_author(self, note) -> str:
        return user_name(note.author)


class ReviewRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    late = serializers.BooleanField(source="review_late", help_text="Requested after the deadline.")


class ReviewedDecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    decided_at = serializers.DateTimeField()
    case_id = serializers.UUIDField(source="case.public_id")
    case_reference = serializers.CharField(source="case.reference")


class StaffDecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    body = serializers.CharField()
    decided_at = serializers.DateTimeField()
    decided_by = serializers.SerializerMethodField()
    language = serializers.CharField()
    template = serializers.SerializerMethodField()
    pdf_url = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField(help_text="null when the decision asks for no answer.")
    reviews = serializers.SerializerMethodField(help_text="Requests for review of this decision.")

    def get_answer(self, decision) -> DecisionAnswerStateSerializer(allow_null=True):
        state = selectors.answer_state(decision)
        return DecisionAnswerStateSerializer(state).data if state else None

    def get_reviews(self, decision) -> ReviewRefSerializer(many=True):
        return ReviewRefSerializer(decision.reviews.order_by("submitted_at"), many=True).data

    def get_decided_by(self, decision) -> str:
        return user_name(decision.decided_by)

    def get_template(self, decision) -> str | None:
        return str(decision.template.public_id) if decision.template_id else None

    def get_pdf_url(self, decision) -> str | None:
        if not decision.pdf:
            return None
        return reverse("staff_api:decision-pdf", kwargs={"municipality": decision.case.municipality.slug,
                                                         "case_id": decision.case.public_id,
                                                         "decision_id": decision.public_id})


class TransferSerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    from_unit = UnitRefSerializer()
    to_unit = UnitRefSerializer()
    reason = serializers.CharField()
    by = serializers.SerializerMethodField()

    def get_by(self, transfer) -> str:
        return user_name(transfer.by_user)


class HandoverSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    at = serializers.DateTimeField()
    partner = PartnerSerializer()
    reason = serializers.CharField()
    by = serializers.SerializerMethodField()
    sha256 = serializers.CharField(help_text="SHA-256 of the whole package (ZIP).")
    download_url = serializers.SerializerMethodField()

    def get_by(self, handover) -> str:
        return user_name(handover.by_user)

    def get_download_url(self, handover) -> str:
        return reverse("staff_api:handover-package", kwargs={"municipality": handover.case.municipality.slug,
                                                             "case_id": handover.case.public_id,
                                                             "handover_id": handover.public_id})


class StaffCaseDetailSerializer(CaseRowSerializer):
    """The case as its handler (or the unit's manager) sees it."""

    summary_only = serializers.SerializerMethodField()
    unit = UnitRefSerializer()
    started_by = UserRefSerializer(allow_null=True, help_text="The front-office user who made the case.")
    decided_at = serializers.DateTimeField(allow_null=True)
    handed_over_to = PartnerSerializer(allow_null=True)
    review_of = serializers.SerializerMethodField(help_text="For a request for review: the decision it asks to "
                                                            "correct.")
    review_late = serializers.BooleanField(help_text="A request for review made after the deadline.")
    may_handle = serializers.SerializerMethodField()
    answers = serializers.SerializerMethodField()
    attachments = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    notes = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    transfers = serializers.SerializerMethodField()
    handovers = serializers.SerializerMethodField()

    def get_summary_only(self, case) -> bool:
        return False

    def get_review_of(self, case) -> ReviewedDecisionSerializer(allow_null=True):
        if not case.review_of_id:
            return None
        return ReviewedDecisionSerializer(case.review_of).data

    def get_may_handle(self, case) -> bool:
        return bool(self.context.get("may_handle"))

    def get_answers(self, case) -> AnswerSerializer(many=True):
        return AnswerSerializer(selectors.answers(case, _lang(self.context)), many=True).data

    def get_attachments(self, case) -> AttachmentSerializer(many=True):
        return AttachmentSerializer(case.attachments.filter(message__isnull=True), many=True).data

    def get_history(self, case) -> HistorySerializer(many=True):
        return HistorySerializer(case.history.select_related("by_user", "by_person"), many=True).data

    def get_messages(self, case) -> StaffMessageSerializer(many=True):
        qs = case.messages.select_related("author_person", "author_user", "on_behalf_of", "answer_to")
        return StaffMessageSerializer(qs.prefetch_related("attachments"), many=True, context=self.context).data

    def get_notes(self, case) -> NoteSerializer(many=True):
        return NoteSerializer(case.notes.select_related("author"), many=True).data

    def get_decisions(self, case) -> StaffDecisionSerializer(many=True):
        qs = case.decisions.select_related("decided_by", "template", "case__municipality")
        return StaffDecisionSerializer(qs, many=True, context=self.context).data

    def get_transfers(self, case) -> TransferSerializer(many=True):
        qs = case.transfers.select_related("from_unit", "to_unit", "by_user")
        return TransferSerializer(qs, many=True, context=self.context).data

    def get_handovers(self, case) -> HandoverSerializer(many=True):
        qs = case.handovers.select_related("partner", "by_user", "case__municipality")
        return HandoverSerializer(qs, many=True, context=self.context).data


# --- what staff pick from ----------------------------------------------------------------------

class TemplateFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    type = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.DictField(), help_text="[{value, label}]")


def _fields(fields, language) -> list[dict]:
    return [{"key": str(f.get("key", "")), "label": tr(f.get("label"), language) if isinstance(f.get("label"), dict)
             else str(f.get("label") or f.get("key", "")), "type": str(f.get("type", "text")),
             "required": bool(f.get("required")),
             "choices": [{"value": c.get("value"), "label": tr(c.get("label"), language)}
                         for c in f.get("choices") or [] if isinstance(c, dict)]}
            for f in fields or [] if isinstance(f, dict)]


class DecisionTemplateSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()
    case_type = serializers.SerializerMethodField()
    fields = serializers.SerializerMethodField(method_name="template_fields")

    def get_name(self, template) -> str:
        return tr(template.name, _lang(self.context))

    def get_case_type(self, template) -> str | None:
        return template.case_type.slug if template.case_type_id else None

    def template_fields(self, template) -> TemplateFieldSerializer(many=True):
        return _fields(template.fields, _lang(self.context))


class CaseTypeSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    slug = serializers.CharField()
    name = serializers.SerializerMethodField()
    kind = serializers.CharField()
    unit = UnitRefSerializer()
    sla_days = serializers.IntegerField(allow_null=True)
    active = serializers.BooleanField()
    who_may_apply = serializers.CharField()
    form = serializers.SerializerMethodField(help_text="The published form's fields: the keys of `data` when "
                                                       "the front office starts a case.")

    def get_name(self, case_type) -> str:
        return tr(case_type.name, _lang(self.context))

    def get_form(self, case_type) -> TemplateFieldSerializer(many=True):
        fields = self.context.get("form_fields", {}).get(case_type.pk, [])
        language = _lang(self.context)
        return [{"key": f.key, "label": tr(f.label, language), "type": f.type, "required": f.required,
                 "choices": [{"value": c.get("value"), "label": tr(c.get("label"), language)}
                             for c in f.choices or [] if isinstance(c, dict)]} for f in fields]


# --- what staff post --------------------------------------------------------------------------

class AssignInputSerializer(serializers.Serializer):
    assignee = serializers.IntegerField(allow_null=True, min_value=1, max_value=2**31 - 1,
                                        help_text="A handler's id (units/ lists them), or null to release the case.")


class StatusInputSerializer(serializers.Serializer):
    status = OneOf(choices=[Status.IN_HANDLING, Status.WAITING_FOR_RESIDENT, Status.CLOSED, Status.WITHDRAWN],
                   help_text="Decisions go through decision/, hand-overs through handover/.")
    sub_status = serializers.CharField(required=False, allow_blank=True, allow_null=True, max_length=40,
                                       help_text="A sub-status code of the case type under `status`.")
    reason = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class TextInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)


class NoteInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=20000)


class TransferInputSerializer(serializers.Serializer):
    unit = serializers.UUIDField(help_text="A unit of this municipality.")
    reason = serializers.CharField(max_length=5000, help_text="The resident sees it.")


class HandoverInputSerializer(serializers.Serializer):
    partner = serializers.UUIDField(help_text="One of partners/.")
    reason = serializers.CharField(max_length=5000, help_text="The resident sees it.")


class DecisionInputSerializer(serializers.Serializer):
    template = serializers.UUIDField(help_text="One of decision-templates/.")
    values = Answers(required=False, help_text="{field key: value} of the template's fields.")
    language = serializers.CharField(required=False, allow_blank=True, max_length=8,
                                     help_text="fi, sv or en (default: the applicant's language).")
