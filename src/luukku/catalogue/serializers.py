"""Read-only shapes of the catalogue API.

Translated text is always the stored object {language: text}; the client picks the language.
Everything that has a public id is referred to by it, never by a database key.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from luukku.core.models import Municipality, Sector, Unit

from . import phones
from .models import (Channel, ChannelKind, Code, CodeKind, Organisation, ProvisionType, PublishingStatus, Service,
                     ServiceHours, ServiceOrganisation)

TRANSLATED_EXAMPLE = {"fi": "Varhaiskasvatus", "sv": "Småbarnspedagogik", "en": "Early childhood education"}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "string"},
        "description": "Text by language code (fi, sv, en, …); only the languages written are present.",
        "example": TRANSLATED_EXAMPLE,
    },
    component_name="TranslatedText",
)
class TranslatedField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return {code: text for code, text in (value or {}).items() if text}


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
        "description": "Lists of words by language code.",
        "example": {"fi": ["päiväkoti", "päivähoito"], "sv": ["daghem"]},
    },
    component_name="TranslatedWordList",
)
class TranslatedListField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        if not isinstance(value, dict):
            return {}
        return {code: [str(w) for w in words] for code, words in value.items() if isinstance(words, list) and words}


def published(queryset):
    return queryset.filter(status=PublishingStatus.PUBLISHED)


# --- Codes and small summaries ------------------------------------------------------------------


class CodeSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Code
        fields = ["kind", "code", "name", "uri"]


class SectorSummarySerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Sector
        fields = ["slug", "name"]


class UnitSummarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()

    class Meta:
        model = Unit
        fields = ["id", "slug", "name"]


class ChannelSummarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()
    urls = TranslatedField(help_text=_("Address of an e-service, web page or form, by language."))

    class Meta:
        model = Channel
        fields = ["id", "kind", "name", "urls"]


class ServiceSummarySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()

    class Meta:
        model = Service
        fields = ["id", "slug", "name"]


# --- Municipality ------------------------------------------------------------------------------


class MunicipalityLinksSerializer(serializers.Serializer):
    portal = serializers.CharField(help_text=_("The municipality's service portal (path on this site)."))
    website = serializers.URLField(allow_blank=True)
    api = serializers.CharField(help_text=_("Root of this API for the municipality."))


class MunicipalitySerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()
    languages = serializers.ListField(child=serializers.CharField(), help_text=_("Languages offered, main first."))
    street_address = TranslatedField()
    post_office = TranslatedField()
    accessibility_statement = TranslatedField()
    links = serializers.SerializerMethodField()

    class Meta:
        model = Municipality
        fields = [
            "id", "code", "slug", "name", "languages", "primary_colour", "email", "phone",
            "street_address", "postal_code", "post_office", "accessibility_statement", "links",
        ]

    @extend_schema_field(MunicipalityLinksSerializer)
    def get_links(self, obj):
        try:
            portal = reverse("municipality-root", kwargs={"municipality": obj.slug})
        except NoReverseMatch:  # pragma: no cover - the URL exists in the project's urls
            portal = f"/{obj.slug}/"
        return {"portal": portal, "website": obj.website, "api": f"/api/v1/{obj.slug}/"}


# --- Services ----------------------------------------------------------------------------------


class LegislationSerializer(serializers.Serializer):
    name = TranslatedField()
    url = TranslatedField()


class OrganisationSerializer(serializers.ModelSerializer):
    name = TranslatedField()

    class Meta:
        model = Organisation
        fields = ["ptv_id", "name", "business_id", "website"]


class ServiceOrganisationSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True, allow_null=True,
                                          help_text=_("Null when PTV names the producer only in the additional "
                                                      "information."))
    additional_information = TranslatedField(source="info")
    provision_type = serializers.ChoiceField(choices=ProvisionType.choices, allow_blank=True, read_only=True,
                                             help_text=_("How a producer produces the service; empty for the "
                                                         "responsible organisations."))

    class Meta:
        model = ServiceOrganisation
        fields = ["role", "provision_type", "organisation", "additional_information"]


class ServiceVoucherSerializer(serializers.Serializer):
    language = serializers.CharField(help_text=_("Each language has its own list, as in PTV."))
    name = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    additional_information = serializers.CharField(source="info", allow_blank=True)


class ServiceSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()
    summary = TranslatedField()
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    responsible_unit = serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)
    life_events = serializers.SerializerMethodField()
    target_groups = serializers.SerializerMethodField()

    class Meta:
        model = Service
        fields = [
            "id", "slug", "name", "summary", "type", "charge_type", "statutory", "sector",
            "responsible_unit", "life_events", "target_groups", "modified",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_life_events(self, obj):
        return [c.code for c in obj.codes.all() if c.kind in (CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT)]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_target_groups(self, obj):
        return [c.code for c in obj.codes.all() if c.kind == CodeKind.TARGET_GROUP]


class ServiceDetailSerializer(ServiceSerializer):
    alternative_names = TranslatedListField()
    keywords = TranslatedListField()
    description = TranslatedField()
    user_instructions = TranslatedField()
    requirements = TranslatedField()
    processing_time = TranslatedField()
    validity_time = TranslatedField()
    deadline = TranslatedField()
    fees = TranslatedField()
    local_notes = TranslatedField()
    organisations = ServiceOrganisationSerializer(source="organisation_links", many=True, read_only=True)
    service_vouchers = serializers.SerializerMethodField()
    legislation = serializers.SerializerMethodField()
    codes = CodeSerializer(many=True, read_only=True)
    sector = SectorSummarySerializer(read_only=True, allow_null=True)
    responsible_unit = UnitSummarySerializer(read_only=True, allow_null=True)
    channels = serializers.SerializerMethodField()
    languages = serializers.ListField(child=serializers.CharField(), help_text=_("Languages the service is given in."))

    class Meta(ServiceSerializer.Meta):
        fields = ServiceSerializer.Meta.fields + [
            "ptv_id", "alternative_names", "keywords", "description", "user_instructions", "requirements",
            "processing_time", "validity_time", "deadline", "fees", "organisations", "vouchers_in_use",
            "service_vouchers", "legislation", "codes", "languages", "local_notes", "channels",
        ]

    @extend_schema_field(ServiceVoucherSerializer(many=True))
    def get_service_vouchers(self, obj):
        items = obj.service_vouchers if isinstance(obj.service_vouchers, list) else []
        rows = [{"language": str(v.get("language") or ""), "name": str(v.get("name") or ""),
                 "url": str(v.get("url") or ""), "info": str(v.get("info") or "")} for v in items if isinstance(v, dict)]
        return ServiceVoucherSerializer(rows, many=True).data

    @extend_schema_field(LegislationSerializer(many=True))
    def get_legislation(self, obj):
        items = obj.legislation if isinstance(obj.legislation, list) else []
        return [
            LegislationSerializer({"name": item.get("name") or {}, "url": item.get("url") or {}}).data
            for item in items
            if isinstance(item, dict)
        ]

    @extend_schema_field(ChannelSummarySerializer(many=True))
    def get_channels(self, obj):
        channels = [c for c in obj.channels.all() if c.status == PublishingStatus.PUBLISHED]
        return ChannelSummarySerializer(channels, many=True).data


# --- Channels ----------------------------------------------------------------------------------


class OpeningSerializer(serializers.Serializer):
    day_from = serializers.IntegerField(min_value=0, max_value=6, allow_null=True, help_text=_("Monday is 0."))
    day_to = serializers.IntegerField(min_value=0, max_value=6, allow_null=True)
    opens = serializers.CharField(help_text=_("HH:MM, Finnish time."))
    closes = serializers.CharField(help_text=_("HH:MM, Finnish time."))


class ServiceHoursSerializer(serializers.ModelSerializer):
    info = TranslatedField()
    opening = serializers.SerializerMethodField()

    class Meta:
        model = ServiceHours
        fields = ["kind", "valid_from", "valid_to", "is_closed", "is_always_open", "opening", "info"]

    @extend_schema_field(OpeningSerializer(many=True))
    def get_opening(self, obj):
        rows = obj.opening if isinstance(obj.opening, list) else []
        return [
            {
                "day_from": row.get("day_from"),
                "day_to": row.get("day_to"),
                "opens": str(row.get("from") or ""),
                "closes": str(row.get("to") or ""),
            }
            for row in rows
            if isinstance(row, dict)
        ]


class PhoneSerializer(serializers.Serializer):
    number = serializers.CharField(help_text="As in PTV: without the country prefix when `prefix` is given.")
    prefix = serializers.CharField(required=False, allow_null=True, help_text="Country prefix, e.g. +358.")
    international = serializers.CharField(
        allow_null=True, help_text="The whole number to dial (E.164, e.g. +358295551200); null for a number "
        "kept without a prefix, such as a Finnish service number.")
    kind = serializers.CharField(required=False)
    charge = serializers.CharField(required=False)
    charge_info = TranslatedField(required=False)
    info = TranslatedField(required=False)
    language = serializers.CharField(required=False)


class EmailSerializer(serializers.Serializer):
    value = serializers.CharField()
    language = serializers.CharField(required=False)


class ChannelSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()
    summary = TranslatedField()
    urls = TranslatedField(help_text=_("Address of an e-service, web page or form, by language."))
    unit = serializers.SlugRelatedField(slug_field="public_id", read_only=True, allow_null=True)
    street_address = TranslatedField()
    post_office = TranslatedField()
    latitude = serializers.FloatField(read_only=True, allow_null=True)
    longitude = serializers.FloatField(read_only=True, allow_null=True)

    class Meta:
        model = Channel
        fields = [
            "id", "kind", "name", "summary", "urls", "unit", "street_address", "postal_code", "post_office",
            "latitude", "longitude", "modified",
        ]


class ChannelDetailSerializer(ChannelSerializer):
    description = TranslatedField()
    accessibility = TranslatedField()
    form_identifier = TranslatedField()
    local_notes = TranslatedField()
    phones = serializers.SerializerMethodField()
    emails = serializers.SerializerMethodField()
    languages = serializers.ListField(child=serializers.CharField())
    unit = UnitSummarySerializer(read_only=True, allow_null=True)
    service_hours = ServiceHoursSerializer(source="hours", many=True, read_only=True)
    services = serializers.SerializerMethodField()

    class Meta(ChannelSerializer.Meta):
        fields = ChannelSerializer.Meta.fields + [
            "ptv_id", "description", "accessibility", "phones", "emails", "languages", "requires_authentication",
            "requires_signature", "form_identifier", "local_notes", "service_hours", "services",
        ]

    @extend_schema_field(PhoneSerializer(many=True))
    def get_phones(self, obj):
        rows = [p for p in (obj.phones if isinstance(obj.phones, list) else []) if isinstance(p, dict)]
        return PhoneSerializer([{**p, "number": p.get("number", ""), "prefix": p.get("prefix") or None,
                                 "international": phones.e164(p)} for p in rows], many=True).data

    @extend_schema_field(EmailSerializer(many=True))
    def get_emails(self, obj):
        rows = [e for e in (obj.emails if isinstance(obj.emails, list) else []) if isinstance(e, dict)]
        return EmailSerializer([{**e, "value": e.get("value", "")} for e in rows], many=True).data

    @extend_schema_field(ServiceSummarySerializer(many=True))
    def get_services(self, obj):
        services = [s for s in obj.services.all() if s.status == PublishingStatus.PUBLISHED]
        return ServiceSummarySerializer(services, many=True).data


# --- Life events -------------------------------------------------------------------------------


class LifeEventSerializer(serializers.ModelSerializer):
    name = TranslatedField()
    description = TranslatedField()
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    service_count = serializers.IntegerField(read_only=True, help_text=_("Published services of the municipality."))

    class Meta:
        model = Code
        fields = ["code", "kind", "slug", "name", "description", "parent", "service_count"]


class LifeEventDetailSerializer(LifeEventSerializer):
    services = serializers.SerializerMethodField()

    class Meta(LifeEventSerializer.Meta):
        fields = LifeEventSerializer.Meta.fields + ["services"]

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_services(self, obj):
        return [str(pk) for pk in self.context.get("service_ids", [])]


# --- Units -------------------------------------------------------------------------------------


class UnitSerializer(serializers.ModelSerializer):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = TranslatedField()
    sector = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ["id", "slug", "name", "sector", "email", "phone"]


class UnitDetailSerializer(UnitSerializer):
    description = TranslatedField()
    sector = SectorSummarySerializer(read_only=True, allow_null=True)
    services = serializers.SerializerMethodField()
    channels = serializers.SerializerMethodField()

    class Meta(UnitSerializer.Meta):
        fields = UnitSerializer.Meta.fields + ["ptv_id", "description", "services", "channels"]

    @extend_schema_field(ServiceSummarySerializer(many=True))
    def get_services(self, obj):
        return ServiceSummarySerializer(published(obj.services.all()), many=True).data

    @extend_schema_field(ChannelSummarySerializer(many=True))
    def get_channels(self, obj):
        return ChannelSummarySerializer(published(obj.channels.all()), many=True).data


# --- Query parameters --------------------------------------------------------------------------


def search_language_field():
    return serializers.ChoiceField(
        required=False,
        allow_blank=True,
        choices=[(code, code) for code in settings.CONTENT_LANGUAGES],
        help_text=_("Language of the search text (default: the municipality's main language)."),
    )


class ServiceFilterSerializer(serializers.Serializer):
    """Filters of the service list; each unknown value is a 400 naming its parameter.

    An empty value (`?sector=`, as a plain HTML form sends it) means no filter.
    """

    life_event = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("Life event code, e.g. KE1.")
    )
    sector = serializers.SlugField(required=False, allow_blank=True, max_length=80, help_text=_("Sector URL name."))
    target_group = serializers.CharField(
        required=False, allow_blank=True, max_length=20, help_text=_("Target group code, e.g. KR1.")
    )
    q = serializers.CharField(
        required=False, allow_blank=True, max_length=200, help_text=_("Free text search, ranked by relevance.")
    )
    lang = search_language_field()

    def validate_life_event(self, value):
        if not value:
            return None
        code = Code.objects.filter(kind__in=[CodeKind.LIFE_EVENT, CodeKind.BUSINESS_EVENT], code=value).first()
        if code is None:
            raise serializers.ValidationError(_("No life event has the code “%(code)s”.") % {"code": value})
        return code

    def validate_target_group(self, value):
        if not value:
            return None
        code = Code.objects.filter(kind=CodeKind.TARGET_GROUP, code=value).first()
        if code is None:
            raise serializers.ValidationError(_("No target group has the code “%(code)s”.") % {"code": value})
        return code

    def validate_sector(self, value):
        if not value:
            return None
        sector = Sector.objects.filter(slug=value).first()  # scoped: only this municipality's sectors
        if sector is None:
            raise serializers.ValidationError(_("The municipality has no sector “%(slug)s”.") % {"slug": value})
        return sector


class SearchQuerySerializer(serializers.Serializer):
    """Parameters of the combined search; each bad value is a 400 naming its parameter."""

    q = serializers.CharField(max_length=200, help_text=_("What the resident typed, in any inflection."))
    lang = search_language_field()
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=100, default=20, help_text=_("At most this many services (1–100).")
    )


# --- Search results ----------------------------------------------------------------------------


class SearchServiceSerializer(ServiceSerializer):
    score = serializers.FloatField(source="search_score", read_only=True,
                                   help_text=_("Relevance; only the order within one answer means something."))
    matched_terms = serializers.ListField(child=serializers.CharField(), source="search_terms", read_only=True,
                                          help_text=_("The index terms of the service that the query matched."))

    class Meta(ServiceSerializer.Meta):
        fields = ServiceSerializer.Meta.fields + ["score", "matched_terms"]


class SearchLifeEventSerializer(CodeSerializer):
    class Meta(CodeSerializer.Meta):
        fields = ["code", "kind", "slug", "name"]  # the slug makes the portal's address


class SearchSerializer(serializers.Serializer):
    query = serializers.CharField()
    suggestion = serializers.CharField(
        allow_null=True, help_text=_("“Did you mean”: the query as it was read (a typo or a word typed without "
                                     "ä/ö), or a spelling that finds something; else null."))
    services = SearchServiceSerializer(many=True, help_text=_("Matching published services, best first."))
    life_events = SearchLifeEventSerializer(
        many=True, help_text=_("Life events and business events whose names match the query, best first "
                               "(their services: /life-events/{code}/)."))
    sectors = SectorSummarySerializer(many=True, help_text=_("Sectors whose names match the query, best first."))


class ChannelFilterSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        required=False, allow_blank=True, choices=ChannelKind.choices, help_text=_("Kind of channel.")
    )


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
