"""Goals, projects and indicators. Texts are written by the municipality's managers in the language
they work in, as other staff-entered texts are (a campaign's name), not translated fields."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from luukku.core.tenancy import MunicipalityScoped


YEARS = [MinValueValidator(2000), MaxValueValidator(2100)]


class Goal(MunicipalityScoped):
    """A strategic goal of the municipality for a council period or another span of years."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("first year"), validators=YEARS)
    end_year = models.PositiveSmallIntegerField(_("last year"), validators=YEARS)

    class Meta:
        ordering = ["municipality", "start_year", "title"]
        verbose_name = _("strategic goal")
        verbose_name_plural = _("strategic goals")

    def __str__(self):
        return self.title


class Project(MunicipalityScoped):
    """A development project, recorded against the goals it serves (none yet: shown as such)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(Goal, blank=True, related_name="projects", verbose_name=_("strategic goals"))

    class Meta:
        ordering = ["municipality", "title"]
        verbose_name = _("development project")
        verbose_name_plural = _("development projects")

    def __str__(self):
        return self.title


class Level(models.TextChoices):
    """The results chain: what is put in, what it produces, what changes for people, the lasting effect."""

    INPUT = "input", _("input")
    OUTPUT = "output", _("output")
    OUTCOME = "outcome", _("outcome")
    IMPACT = "impact", _("impact")


LEVEL_ORDER = {level: i for i, level in enumerate(Level.values)}


class Indicator(MunicipalityScoped):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="indicators")
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit of measure"), max_length=40, blank=True)
    baseline = models.DecimalField(_("baseline"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=14, decimal_places=2)
    latest_value = models.DecimalField(_("latest value"), max_digits=14, decimal_places=2, null=True, blank=True)
    latest_on = models.DateField(_("date of the latest value"), null=True, blank=True)

    class Meta:
        ordering = ["municipality", "project", "level", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    @property
    def progress(self):
        """The share of the way from the baseline to the target the latest value has come (0–100 and
        beyond, or below 0 when it went the other way); None without a latest value."""
        if self.latest_value is None or self.target == self.baseline:
            return None
        return round((self.latest_value - self.baseline) / (self.target - self.baseline) * 100)
