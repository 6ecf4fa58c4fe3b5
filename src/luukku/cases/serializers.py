"""The resident API's shapes (read-only views of cases, and the two things a resident may post)."""

import datetime as dt

from django.urls import reverse
from rest_framework import serializers

from luukku.core.translation import tr

from . import selectors
from .models import Status


def _lang(context) -> str:
    return context["language"]


class PersonRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="full_name")


class CaseSummarySerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    reference = serializers.CharField()
    case_type = serializers.SerializerMethodField()
    status = serializers.ChoiceField(choices=Status.choices)
    status_text = serializers.SerializerMethodField()
    action_required = serializers.SerializerMethodField()
    actions = serializers.SerializerMethodField()
    subject = PersonRefSerializer()
    applicant = PersonRefSerializer()
    submitted_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()
    due_date = serializers.DateField(allow_null=True)

    def _info(self, case):
        cache = self.context.setdefault("_status", {})
        if case.pk not in cache:
            asked = selectors.answer_states([case]).get(case.pk) if case.status == Status.DECIDED else None
            cache[case.pk] = selectors.with_answers(selectors.status_text(case, _lang(self.context)), asked,
                                                    _lang(self.context))
        return cache[case.pk]

    def get_case_type(self, case) -> str:
        return tr(case.case_type.name, _lang(self.context))

    def get_status_text(self, case) -> str:
        return self._info(case).text

    def get_action_required(self, case) -> bool:
        return self._info(case).action_required

    def get_actions(self, case) -> list[str]:
        actions = self._info(case).actions
        if case.status in selectors.OPEN_STATUSES:
            return actions
        return [a for a in actions if a == "answer_decision"]  # a decision waiting for the answer


class AttachmentSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()


class MessageSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    created_at = serializers.DateTimeField()
    from_resident = serializers.BooleanField()
    author = serializers.SerializerMethodField()
    on_behalf_of = PersonRefSerializer(allow_null=True)
    body = serializers.CharField()
    is_information_request = serializers.BooleanField()
    answered = serializers.SerializerMethodField()
    answer_to = serializers.SerializerMethodField()
    attachments = AttachmentSerializer(many=True, source="attachments.all")

    def get_author(self, message) -> str:
        return message.author_person.full_name if message.from_resident and message.author_person else ""

    def get_answered(self, message) -> bool:
        return message.is_information_request and message.answers.exists()

    def get_answer_to(self, message) -> str | None:
        return str(message.answer_to.public_id) if message.answer_to_id else None


class DecisionAnswerStateSerializer(serializers.Serializer):
    """A decision that asks the resident to accept or decline, and where that stands."""

    due = serializers.DateField(help_text="The last day to answer.")
    state = serializers.ChoiceField(choices=["waiting", "answered", "deadline_passed"])
    answer = serializers.ChoiceField(choices=["accept", "decline"], allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)

    def to_representation(self, state):
        return {"due": state.due.isoformat(), "state": state.state,
                "answer": state.answer.answer if state.answer else None,
                "answered_at": serializers.DateTimeField().to_representation(state.answer.at) if state.answer else None}


class DecisionSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    decided_at = serializers.DateTimeField()
    pdf_url = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField(help_text="null when the decision asks for no answer.")
    appeal_deadline = serializers.SerializerMethodField(
        help_text="The last day to request a review (a later request is taken and marked late).")

    def get_answer(self, decision) -> DecisionAnswerStateSerializer(allow_null=True):
        state = selectors.answer_state(decision)
        return DecisionAnswerStateSerializer(state).data if state else None

    def get_appeal_deadline(self, decision) -> dt.date:
        from .decisions import appeal_deadline

        return appeal_deadline(decision).isoformat()

    def get_pdf_url(self, decision) -> str:
        case = decision.case
        return reverse("cases:decision_pdf", kwargs={"municipality": case.municipality.slug,
                                                     "lang": _lang(self.context), "case_id": case.public_id,
                                                     "decision_id": decision.public_id})


class TimelineEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField()
    kind = serializers.ChoiceField(choices=["status", "message", "decision"])
    status = serializers.SerializerMethodField()
    label = serializers.SerializerMethodField()

    def get_status(self, entry) -> str | None:
        return entry.item.to_status if entry.kind == "status" else None

    def get_label(self, entry) -> str:
        if entry.kind == "status":
            return entry.label
        if entry.kind == "decision":
            return entry.item.title
        return "information_request" if entry.item.is_information_request else "message"


class AnswerSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.CharField()


class CaseDetailSerializer(CaseSummarySerializer):
    answers = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()
    messages = serializers.SerializerMethodField()
    decisions = serializers.SerializerMethodField()
    open_information_request = serializers.SerializerMethodField()

    def get_answers(self, case) -> AnswerSerializer(many=True):
        return AnswerSerializer(selectors.answers(case, _lang(self.context)), many=True).data

    def get_timeline(self, case) -> TimelineEntrySerializer(many=True):
        return TimelineEntrySerializer(selectors.timeline(case), many=True, context=self.context).data

    def get_messages(self, case) -> MessageSerializer(many=True):
        qs = case.messages.select_related("author_person", "on_behalf_of", "answer_to").prefetch_related(
            "attachments", "answers")
        return MessageSerializer(qs, many=True, context=self.context).data

    def get_decisions(self, case) -> DecisionSerializer(many=True):
        return DecisionSerializer(case.decisions.all(), many=True, context=self.context).data

    def get_open_information_request(self, case) -> str | None:
        request = selectors.open_request(case)
        return str(request.public_id) if request else None


class MessageInputSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
    answer_to = serializers.UUIDField(required=False, allow_null=True,
                                      help_text="The request for information this message answers.")
    files = serializers.ListField(child=serializers.FileField(), required=False, max_length=10)


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000, required=False, allow_blank=True)
