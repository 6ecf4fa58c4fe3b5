"""The platform's primitives: municipalities (tenants), their sectors and units, staff
membership, the audit trail of personal-data reads and the domain event log."""

import re
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from . import clock
from .history import in_maintenance
from .tenancy import MunicipalityScoped
from .translation import TranslatedTextField, tr

municipality_code_validator = RegexValidator(r"^\d{3}$", _("The municipality code has three digits, e.g. 091."))
colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give the colour as #RRGGBB."))


def business_id_validator(value):
    """A Finnish business ID (Y-tunnus) with a valid check digit (python-stdnum)."""
    from stdnum.fi import ytunnus

    if value and not ytunnus.is_valid(value):
        raise ValidationError(_("Give the business ID as 1234567-8 with a valid check digit."), code="business_id")


def default_languages():
    return ["fi", "sv", "en"]


class Municipality(models.Model):
    """A kunta: the tenant. Not itself scoped; everything it owns is."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("municipality code"), max_length=3, unique=True, validators=[municipality_code_validator])
    slug = models.SlugField(_("URL name"), max_length=60, unique=True)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    # A kaupunki (stad) calls itself a city: resident texts then say "the city" where they would say
    # "the municipality" (translations with the context "city").
    is_city = models.BooleanField(_("is a city (kaupunki)"), default=False)
    languages = models.JSONField(_("languages offered"), default=default_languages)
    primary_colour = models.CharField(_("brand colour"), max_length=7, default="#0000bf", validators=[colour_validator])
    logo = models.FileField(_("logo"), upload_to="logos/", blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    street_address = TranslatedTextField(_("street address"))
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    post_office = TranslatedTextField(_("post office"))
    website = models.URLField(_("website"), blank=True)
    ptv_organization_id = models.UUIDField(_("PTV organisation id"), null=True, blank=True)
    accessibility_statement = TranslatedTextField(_("accessibility statement"), multiline=True)
    privacy_notice = TranslatedTextField(_("privacy notice"), multiline=True)
    # Case references: PREFIX-YYYY-NNNNNN (e.g. KOI-2026-000123); the slug's first letters when empty.
    reference_prefix = models.CharField(_("case reference prefix"), max_length=6, blank=True)
    # The municipality's border as GeoJSON (WGS84): feedback locations and campaign areas are checked
    # against it. Empty: no check.
    boundary = models.JSONField(_("boundary (GeoJSON)"), null=True, blank=True)
    # Bumped whenever catalogue content changes: part of every cached page's key.
    content_version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["slug"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self):
        return tr(self.name) or self.slug

    def clean(self):
        unknown = [code for code in self.languages if code not in dict(settings.LANGUAGES)]
        if unknown or not self.languages:
            raise ValidationError({"languages": _("Choose languages from: fi, sv, en.")})

    @property
    def default_language(self) -> str:
        return self.languages[0] if self.languages else settings.LANGUAGE_CODE

    def fragment_key(self) -> tuple:
        """What stands for the row in a kept page part's key (web.templatetags.fragments): any edit moves
        content_version (save below), and the 12 kB of JSON need not be walked on every request."""
        return (self.pk, self.public_id, self.content_version, self.slug)

    def save(self, *args, **kwargs):
        """Every edit moves content_version, in the same UPDATE: each process keeps a copy of the row
        (core.selectors.municipality_by_slug) and the page cache is keyed by it, so a new name or logo
        reaches every process and every cached page at once."""
        if self._state.adding:
            return super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "content_version"}
        self.content_version = models.F("content_version") + 1
        try:
            super().save(*args, **kwargs)
        finally:
            self.refresh_from_db(fields=["content_version"])


class Domain(models.Model):
    """A host name that leads straight to one municipality (e.g. asiointi.esimerkki.fi)."""

    host = models.CharField(_("host name"), max_length=253, unique=True)
    municipality = models.ForeignKey(Municipality, on_delete=models.CASCADE, related_name="domains")

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.host

    def save(self, *args, **kwargs):
        self.host = normalise_host(self.host)
        super().save(*args, **kwargs)

    def clean(self):
        self.host = normalise_host(self.host)
        if not host_name_pattern.fullmatch(self.host):
            raise ValidationError({"host": _("Give a host name such as asiointi.esimerkki.fi, without "
                                             "https:// or a path.")})
        if self.host in platform_hosts():
            # The platform's own hosts serve every municipality: one that took it would lock the rest out.
            raise ValidationError({"host": _("This host name is shared by every municipality on the "
                                             "platform and cannot be given to one.")})


def normalise_host(host: str) -> str:
    return (host or "").strip().lower().rstrip(".")


host_name_pattern = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")


def platform_hosts() -> set[str]:
    """Hosts of the platform itself (LUUKKU_PUBLIC_URL's and LUUKKU_PLATFORM_HOSTS): never one municipality's."""
    hosts = {normalise_host(h) for h in getattr(settings, "LUUKKU_PLATFORM_HOSTS", [])}
    public = urlsplit(getattr(settings, "LUUKKU_PUBLIC_URL", "") or "").hostname
    if public:
        hosts.add(normalise_host(public))
    return hosts - {""}


class Sector(MunicipalityScoped):
    """A toimiala: education, technical services, culture…"""

    slug = models.SlugField(_("URL name"), max_length=80)
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    description = TranslatedTextField(_("description"), multiline=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["municipality", "order", "slug"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="sector_unique_slug")]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self):
        return tr(self.name)


class Unit(MunicipalityScoped):
    """A yksikkö: the team that owns services and handles cases."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("URL name"), max_length=80)
    sector = models.ForeignKey(
        Sector, on_delete=models.RESTRICT, related_name="units", null=True, blank=True,
        verbose_name=_("sector"),
    )
    name = TranslatedTextField(_("name"), required_languages=("fi",), blank=False)
    description = TranslatedTextField(_("description"), multiline=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    ptv_id = models.UUIDField(_("PTV id"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "slug"]
        constraints = [models.UniqueConstraint(fields=["municipality", "slug"], name="unit_unique_slug")]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return tr(self.name)


class AddressPoint(MunicipalityScoped):
    """A street address and its point (e.g. from the municipality's address register): the nearest one
    names the place of feedback given on the map."""

    street = TranslatedTextField(_("street"), required_languages=("fi",), blank=False)
    number = models.CharField(_("number"), max_length=20, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))

    class Meta:
        ordering = ["municipality", "id"]
        indexes = [models.Index(fields=["municipality", "latitude", "longitude"], name="address_point_idx")]
        verbose_name = _("address point")
        verbose_name_plural = _("address points")

    def __str__(self):
        return self.label()

    def label(self, language: str | None = None) -> str:
        """"Koulukatu 8, 41990" in the language asked for (the Finnish name when there is no other)."""
        street = " ".join(part for part in (tr(self.street, language), self.number) if part)
        return f"{street}, {self.postal_code}" if self.postal_code else street


class Role(models.TextChoices):
    CATALOGUE_EDITOR = "catalogue_editor", _("catalogue editor")
    CASE_HANDLER = "case_handler", _("case handler")
    SERVICE_POINT_AGENT = "service_point_agent", _("service-point agent")
    MANAGER = "manager", _("manager")
    ADMINISTRATOR = "administrator", _("administrator")
    DATA_PROTECTION_OFFICER = "data_protection_officer", _("data-protection officer")


class StaffMembership(MunicipalityScoped):
    """(user, municipality, unit, role): what a staff member may do, and where.

    A membership without a unit covers every unit of the municipality for that role.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships",
        verbose_name=_("user"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["municipality", "user", "unit", "role"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["municipality", "user"], name="membership_user_idx")]
        verbose_name = _("staff membership")
        verbose_name_plural = _("staff memberships")

    def __str__(self):
        return f"{self.user} – {self.get_role_display()}"

    def clean(self):
        if self.unit_id and self.municipality_id and self.unit.municipality_id != self.municipality_id:
            raise ValidationError({"unit": _("The unit belongs to another municipality.")})

    @property
    def is_active(self) -> bool:
        return self.valid_until is None or self.valid_until >= clock.today()


class AppendOnly(models.Model):
    """Rows that are history: written once, never edited or deleted, neither through the ORM (here and
    in the querysets of core.tenancy) nor in SQL (a trigger per table, core.history). Retention and
    erasure go through core.history.history_maintenance()."""

    append_only = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding and not in_maintenance():
            raise ValidationError("history rows are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if not in_maintenance():
            raise ValidationError("history rows are append-only")
        return super().delete(*args, **kwargs)


class Channel(models.TextChoices):
    WEB = "web", _("web")
    API = "api", _("API")
    ADMIN = "admin", _("administration")
    PHONE = "phone", _("phone")
    SERVICE_POINT = "service_point", _("service point")
    SYSTEM = "system", _("system")


class AuditEvent(MunicipalityScoped, AppendOnly):
    """One staff read (or change) of someone's personal data. The resident can see these."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+",
        verbose_name=_("actor"),
    )
    actor_role = models.CharField(_("role of the actor"), max_length=32, blank=True)
    unit = models.ForeignKey(
        Unit, on_delete=models.RESTRICT, null=True, blank=True, related_name="+",
        verbose_name=_("unit"),
    )
    subject_id = models.UUIDField(_("whose data"), db_index=True)
    action = models.CharField(_("action"), max_length=64)  # e.g. "person.view", "case.read"
    object_type = models.CharField(_("object type"), max_length=64, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200)
    channel = models.CharField(_("access channel"), max_length=16, choices=Channel.choices, default=Channel.WEB)

    class Meta:
        ordering = ["-at"]
        indexes = [models.Index(fields=["municipality", "subject_id", "at"], name="audit_subject_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")


class DomainEvent(MunicipalityScoped, AppendOnly):
    """What happened to which object, when: the stream dashboards and integrations read."""

    at = models.DateTimeField(_("time"), default=clock.now, db_index=True)
    kind = models.CharField(_("event type"), max_length=64)  # e.g. "service.published", "case.submitted"
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("actor"),
    )
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["municipality", "kind", "at"], name="event_kind_idx"),
            models.Index(fields=["municipality", "object_type", "object_id"], name="event_object_idx"),
        ]
        verbose_name = _("domain event")
        verbose_name_plural = _("domain events")


class ScheduledJob(models.Model):
    """The next run of a periodic job (core.scheduler). Several workers tick; a conditional UPDATE of
    next_run_at lets exactly one of them run a due job, the others skip it."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField(default=clock.now)
    last_started_at = models.DateTimeField(null=True, blank=True)
    last_finished_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    runs = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")

    def __str__(self):
        return self.name


class RateCount(models.Model):
    """One window's count of a rate limit (core.ratelimit) when there is no Redis: every web
    process counts in the same row. Expired rows are removed by the job core.purge_rate_counts."""

    name = models.CharField(max_length=255, unique=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate-limit count")
        verbose_name_plural = _("rate-limit counts")

    def __str__(self):
        return f"{self.name}: {self.count}"
