"""The service catalogue: services, their channels and hours, and the national code lists
(life events, target groups, service classes) that PTV shares with every municipality."""

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core.models import Sector, Unit, business_id_validator
from luukku.core.tenancy import MunicipalityScoped
from luukku.core.translation import TranslatedTextField, tr


class CodeKind(models.TextChoices):
    LIFE_EVENT = "life_event", _("life event")
    BUSINESS_EVENT = "business_event", _("business life-cycle event")
    TARGET_GROUP = "target_group", _("target group")
    SERVICE_CLASS = "service_class", _("service class")
    INDUSTRIAL_CLASS = "industrial_class", _("industrial class")


class Code(models.Model):
    """An entry of a national PTV code list (the same for every municipality).

    life events (ptvelti, KE…), business life-cycle events (ptvelti, KE… under business),
    target groups (ptvkohderyhmat, KR…), service classes (ptvserclass2, P…).
    """

    kind = models.CharField(_("kind"), max_length=20, choices=CodeKind.choices)
    code = models.CharField(_("code"), max_length=20)
    uri = models.URLField(max_length=300, blank=True)
    parent = models.ForeignKey("self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children")
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    description = TranslatedTextField(_("description"), multiline=True)
    slug = models.SlugField(max_length=80, blank=True)
    order = models.PositiveSmallIntegerField(default=100)

    class Meta:
        ordering = ["kind", "order", "code"]
        constraints = [models.UniqueConstraint(fields=["kind", "code"], name="code_unique")]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self):
        return f"{self.code} {tr(self.name)}"

    @property
    def is_national(self) -> bool:
        """A PTV code (it has a national URI); Luukku's own codes (e.g. its life events) have none."""
        return bool(self.uri)


class ServiceType(models.TextChoices):
    SERVICE = "Service", _("service")
    PERMIT = "PermitOrObligation", _("permit or obligation")
    QUALIFICATION = "ProfessionalQualification", _("professional qualification")


class ChargeType(models.TextChoices):
    CHARGEABLE = "Chargeable", _("chargeable")
    FREE = "FreeOfCharge", _("free of charge")


class OrganisationRole(models.TextChoices):
    """PTV's roleType of an organisation in a service."""

    RESPONSIBLE = "Responsible", _("responsible")
    OTHER_RESPONSIBLE = "OtherResponsible", _("other responsible")
    PRODUCER = "Producer", _("producer")


class ProvisionType(models.TextChoices):
    """How a producer produces the service: PTV v11's provisionType (older PTV spellings SelfProduced and
    PurchaseServices are read as the first two). VoucherServices is older PTV's and Luukku's own: v11 has
    no such value and exports it as Other (the voucher links travel in serviceVouchers)."""

    SELF_PRODUCED = "SelfProducedServices", _("own production")
    PROCURED = "ProcuredServices", _("purchased service")
    VOUCHER = "VoucherServices", _("service voucher")
    OTHER = "Other", _("other")


class PublishingStatus(models.TextChoices):
    DRAFT = "Draft", _("draft")
    PUBLISHED = "Published", _("published")
    ARCHIVED = "Archived", _("archived")


class Service(MunicipalityScoped):
    """A palvelu in the municipality's catalogue."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True)
    source_id = models.CharField(_("source id"), max_length=100, blank=True)
    slug = models.SlugField(_("URL name"), max_length=120)
    status = models.CharField(
        _("publishing status"), max_length=12, choices=PublishingStatus.choices, default=PublishingStatus.PUBLISHED
    )
    type = models.CharField(_("type"), max_length=32, choices=ServiceType.choices, default=ServiceType.SERVICE)
    funding_type = models.CharField(_("funding type"), max_length=20, default="PubliclyFunded")

    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    # {language: [alternative name, …]}: other names residents use ("päiväkoti" for varhaiskasvatus).
    alternative_names = models.JSONField(_("alternative names"), default=dict, blank=True)
    summary = TranslatedTextField(_("summary"), multiline=True)
    description = TranslatedTextField(_("description"), multiline=True)
    user_instructions = TranslatedTextField(_("instructions"), multiline=True)
    requirements = TranslatedTextField(_("what to prepare / requirements"), multiline=True)
    processing_time = TranslatedTextField(_("processing time"))
    validity_time = TranslatedTextField(_("validity"))
    deadline = TranslatedTextField(_("deadline"))
    charge_type = models.CharField(_("charge type"), max_length=16, choices=ChargeType.choices, blank=True)
    fees = TranslatedTextField(_("fees"), multiline=True)

    statutory = models.BooleanField(_("statutory"), default=False)
    # [{"name": {lang: text}, "url": {lang: url}}]
    legislation = models.JSONField(_("legal basis"), default=list, blank=True)
    vouchers_in_use = models.BooleanField(_("service vouchers in use"), default=False)
    # PTV's serviceVouchers as they come, one entry per voucher and language (PTV keeps each language's
    # list apart, so they need not pair up): [{"language": "fi", "name": …, "url": …, "info": …, "order": 1}].
    # A list on the service rather than a model: only the service's page and export read it, in its order.
    service_vouchers = models.JSONField(_("service vouchers"), default=list, blank=True)

    sector = models.ForeignKey(
        Sector, on_delete=models.SET_NULL, null=True, blank=True, related_name="services",
        verbose_name=_("sector"),
    )
    responsible_unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="services",
        verbose_name=_("responsible unit"),
    )
    # {language: [keyword, …]}
    keywords = models.JSONField(_("keywords"), default=dict, blank=True)
    codes = models.ManyToManyField(Code, blank=True, related_name="services", verbose_name=_("classification"))
    # [{"uri": …, "name": {lang: text}}]: YSO ontology terms, kept as PTV gives them.
    ontology_terms = models.JSONField(_("ontology terms"), default=list, blank=True)
    area_type = models.CharField(_("area type"), max_length=40, default="LimitedType")
    areas = models.JSONField(_("areas"), default=list, blank=True)
    languages = models.JSONField(_("languages of service"), default=list, blank=True)
    channels = models.ManyToManyField("Channel", blank=True, related_name="services", verbose_name=_("channels"))

    # Luukku-only: what PTV cannot hold (never overwritten by an import).
    local_notes = TranslatedTextField(_("local notes"), multiline=True)
    popularity = models.PositiveIntegerField(_("popularity"), default=0, help_text=_("Used to rank search results."))
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True, editable=False)
    # The PTV record as it last came ({"adapter": "v11", "item": {…}}): export writes back from it every
    # field Luukku does not model, and the modelled ones as they came unless they were edited in Luukku.
    ptv_raw = models.JSONField(_("PTV record as imported"), default=dict, blank=True, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["municipality", "slug"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="service_unique_slug"),
            models.UniqueConstraint(
                fields=["municipality", "ptv_id"], name="service_unique_ptv", condition=models.Q(ptv_id__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["municipality", "status"], name="service_status_idx")]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self):
        return tr(self.name)

    def codes_of(self, kind):
        return [c for c in self.codes.all() if c.kind == kind]


class Organisation(MunicipalityScoped):
    """An organisation that is responsible for or produces services: the municipality itself, a joint
    authority, a company. PTV's organisations arrive with their PTV id; local ones have none."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True)
    name = TranslatedTextField(_("name"), blank=False)
    business_id = models.CharField(_("business ID"), max_length=9, blank=True, validators=[business_id_validator])
    website = models.URLField(_("web address"), blank=True)
    # The municipality itself (its texts say "produced by the municipality"): set for the organisation
    # with the municipality's PTV organisation id, or made from the municipality when it has none.
    is_municipality = models.BooleanField(_("the municipality itself"), default=False)

    class Meta:
        ordering = ["municipality", "id"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "ptv_id"], name="organisation_unique_ptv",
                                    condition=models.Q(ptv_id__isnull=False)),
            models.UniqueConstraint(fields=["municipality"], name="organisation_one_municipality",
                                    condition=models.Q(is_municipality=True)),
        ]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self):
        return tr(self.name)

    def clean(self):
        from stdnum.fi import ytunnus

        if self.business_id and ytunnus.is_valid(self.business_id):
            self.business_id = ytunnus.format(self.business_id)  # 1234567-8, however it was typed


class ServiceOrganisation(MunicipalityScoped):
    """An organisation's role in a service (PTV's organizations[]): responsible, other responsible, or a
    producer with its provision type. PTV may give a producer as additional information only."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="organisation_links")
    organisation = models.ForeignKey(Organisation, on_delete=models.RESTRICT, null=True, blank=True,
                                     related_name="service_links", verbose_name=_("organisation"))
    role = models.CharField(_("role"), max_length=20, choices=OrganisationRole.choices)
    provision_type = models.CharField(_("provision type"), max_length=24, choices=ProvisionType.choices, blank=True)
    info = TranslatedTextField(_("additional information"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["service", "order", "id"]
        indexes = [models.Index(fields=["municipality", "service"], name="svcorg_service_idx")]
        verbose_name = _("organisation of the service")
        verbose_name_plural = _("organisations of the service")

    def __str__(self):
        return f"{self.get_role_display()}: {tr(self.organisation.name) if self.organisation else tr(self.info)}"

    def clean(self):
        if self.organisation is None and not self.info:
            raise ValidationError(_("Choose an organisation or write additional information."))
        if self.role == OrganisationRole.PRODUCER and not self.provision_type:
            raise ValidationError({"provision_type": _("Choose how the producer produces the service.")})
        if self.role != OrganisationRole.PRODUCER and self.provision_type:
            raise ValidationError({"provision_type": _("Only a producer has a provision type.")})


class ChannelKind(models.TextChoices):
    E_SERVICE = "EChannel", _("e-service")
    WEB_PAGE = "WebPage", _("web page")
    PRINTABLE_FORM = "PrintableForm", _("printable form")
    PHONE = "Phone", _("phone")
    SERVICE_LOCATION = "ServiceLocation", _("service location")
    MOBILE_UNIT = "MobileUnit", _("mobile unit")  # Luukku-only: exported to PTV as ServiceLocation


class Channel(MunicipalityScoped):
    """A palvelukanava: where and how a service is used."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True)
    source_id = models.CharField(_("source id"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=ChannelKind.choices)
    status = models.CharField(
        _("publishing status"), max_length=12, choices=PublishingStatus.choices, default=PublishingStatus.PUBLISHED
    )
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    summary = TranslatedTextField(_("summary"), multiline=True)
    description = TranslatedTextField(_("description"), multiline=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="channels",
        verbose_name=_("unit"),
    )
    # {language: url}: e-service address, web page, printable form.
    urls = models.JSONField(_("addresses (URL)"), default=dict, blank=True)
    # [{"number": "+358…", "prefix": "+358", "kind": "Phone", "charge": "Chargeable|FreeOfCharge|Other",
    #   "charge_info": {lang: text}, "info": {lang: text}, "language": "fi"}]
    phones = models.JSONField(_("phone numbers"), default=list, blank=True)
    emails = models.JSONField(_("email addresses"), default=list, blank=True)  # [{"value": …, "language": …}]
    street_address = TranslatedTextField(_("street address"))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = TranslatedTextField(_("post office"))
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    accessibility = TranslatedTextField(_("accessibility"), multiline=True)
    languages = models.JSONField(_("languages of service"), default=list, blank=True)
    requires_authentication = models.BooleanField(_("requires identification"), default=False)
    requires_signature = models.BooleanField(_("requires signature"), default=False)
    form_identifier = TranslatedTextField(_("form identifier"))
    # Luukku-only: a mobile unit's stops [{"place": {lang}, "address": {lang}, "weekday": 0-6,
    #   "from": "HH:MM", "to": "HH:MM", "latitude": …, "longitude": …}]
    stops = models.JSONField(_("mobile unit stops"), default=list, blank=True)
    local_notes = TranslatedTextField(_("local notes"), multiline=True)
    ptv_modified = models.DateTimeField(_("modified in PTV"), null=True, blank=True, editable=False)
    # The PTV record as it last came ({"adapter": "v11", "item": {…}}): export writes back from it every
    # field Luukku does not model, and the modelled ones as they came unless they were edited in Luukku.
    ptv_raw = models.JSONField(_("PTV record as imported"), default=dict, blank=True, editable=False)
    modified = models.DateTimeField(_("modified"), auto_now=True)

    class Meta:
        ordering = ["municipality", "kind", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "ptv_id"], name="channel_unique_ptv", condition=models.Q(ptv_id__isnull=False)
            ),
        ]
        indexes = [models.Index(fields=["municipality", "kind"], name="channel_kind_idx")]
        verbose_name = _("channel")
        verbose_name_plural = _("channels")

    def __str__(self):
        return tr(self.name)

    def url(self, language=None):
        return tr(self.urls, language)


class HoursKind(models.TextChoices):
    STANDARD = "DaysOfTheWeek", _("regular hours")
    EXCEPTION = "Exceptional", _("exceptional hours")
    SPECIAL = "OverMidnight", _("over midnight")


class ServiceHours(MunicipalityScoped):
    """Opening hours of a channel: regular (by weekday, optionally for a period) or exceptional
    (a date or range, open with other times or closed)."""

    channel = models.ForeignKey(Channel, on_delete=models.CASCADE, related_name="hours")
    kind = models.CharField(_("kind"), max_length=16, choices=HoursKind.choices, default=HoursKind.STANDARD)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    is_closed = models.BooleanField(_("closed"), default=False)
    is_always_open = models.BooleanField(_("open around the clock"), default=False)
    # [{"day_from": 0-6 (Monday=0), "day_to": 0-6|null, "from": "08:00", "to": "16:00"}]
    opening = models.JSONField(_("times"), default=list, blank=True)
    info = TranslatedTextField(_("additional information"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["channel", "kind", "order", "valid_from"]
        indexes = [models.Index(fields=["municipality", "channel"], name="hours_channel_idx")]
        verbose_name = _("service hours")
        verbose_name_plural = _("service hours")


class SearchTerm(MunicipalityScoped):
    """One analysed term of a service's text in one language: the search index (see catalogue.search).

    Rows are derived data, rebuilt by `search.reindex_*`; `analyzer` records which analyzer produced
    them so a change of the Finnish analyzer is noticed and the index rebuilt.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="+")
    language = models.CharField(max_length=8)
    term = models.CharField(max_length=64)
    # A readable word behind the term (a stem "uimahall" comes from "uimahalli"): for "did you mean".
    surface = models.CharField(max_length=64, blank=True)
    weight = models.FloatField()
    analyzer = models.CharField(max_length=16)

    class Meta:
        # Covers the ranking query (an index-only scan on PostgreSQL): a common term has thousands of rows.
        indexes = [
            models.Index(fields=["municipality", "term", "language", "service", "weight"], name="searchterm_term_idx")
        ]
        verbose_name = _("search term")
        verbose_name_plural = _("search terms")

    def __str__(self):
        return f"{self.language}:{self.term}"


class OntologyConcept(models.Model):
    """A YSO concept of the national thesaurus (Finto), shared by every municipality: PTV sends a
    service's ontology terms with their preferred labels only; the alternative labels ("vanhukset",
    "seniorit" for ikääntyneet) come from Finto and make residents' words find the service.
    National reference data: no municipality, no personal data."""

    uri = models.URLField(_("URI"), max_length=300, unique=True)
    # {language: [label, …]}: preferred labels (one per language in YSO).
    labels = models.JSONField(_("preferred labels"), default=dict, blank=True)
    # {language: [label, …]}: alternative labels (skos:altLabel) and hidden ones (skos:hiddenLabel).
    alternative_labels = models.JSONField(_("alternative labels"), default=dict, blank=True)
    fetched_at = models.DateTimeField(_("fetched"), null=True, blank=True)

    class Meta:
        ordering = ["uri"]
        verbose_name = _("ontology concept")
        verbose_name_plural = _("ontology concepts")

    def __str__(self):
        return tr({k: v[0] for k, v in (self.labels or {}).items() if v}) or self.uri
