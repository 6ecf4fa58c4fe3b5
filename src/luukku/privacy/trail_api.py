"""GET /api/v1/<municipality>/me/data-access/: "who has handled my data" for the resident's own
programs (the same rows as the page: staff are named by unit and role only)."""

from django.utils import translation
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers

from luukku.cases.api import ERROR, ResidentView

from . import trail


class TrailPersonSerializer(serializers.Serializer):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="full_name")


class TrailEntrySerializer(serializers.Serializer):
    at = serializers.DateTimeField(help_text="When the data was handled.")
    person = TrailPersonSerializer(source="concerns", help_text="Whose data: the resident or a child in their guardianship.")
    is_self = serializers.BooleanField(help_text="True when the data is the resident's own.")
    action = serializers.CharField(source="action_code", help_text="Machine-readable action, e.g. case.read.")
    description = serializers.CharField(source="action", help_text="What was done, in plain language.")
    unit = serializers.CharField(help_text="The unit of the staff member (never their name).")
    role = serializers.CharField(source="role_code", help_text="The staff member's role code (may be empty).")
    role_text = serializers.CharField(source="role", help_text="The role in plain language.")
    purpose = serializers.CharField(help_text="Why, in plain language.")
    channel = serializers.CharField(source="channel_code", help_text="web, api, admin, phone, service_point or system.")
    channel_text = serializers.CharField(source="channel", help_text="The channel in plain language.")


class DataAccessList(ResidentView):
    serializer_class = TrailEntrySerializer

    @extend_schema(
        summary="Who has handled my data",
        description="Each staff read or change of the resident's personal data, and that of the minors in "
                    "their guardianship, newest first. Staff members are identified by unit and role only.",
        parameters=[OpenApiParameter("person", str, description="Only this person's data (their id); "
                                                                "the resident or one of their children.")],
        responses={200: TrailEntrySerializer(many=True), 403: ERROR})
    def get(self, request, *args, **kwargs):
        people = trail.people_shown(self.person)
        chosen = request.query_params.get("person", "")
        shown = [p for p in people if str(p.public_id) == chosen] or people
        page = self.paginate_queryset(trail.events_for(self.person, shown))
        language = self.get_serializer_context()["language"]
        with translation.override(language):
            rows = trail.entries(page, self.person, people, language)
        return self.get_paginated_response(self.get_serializer(rows, many=True).data)
