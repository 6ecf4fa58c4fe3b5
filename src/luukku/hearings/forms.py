"""Forms of the hearing pages: every refusal in words, what was typed kept (bound forms)."""

import json

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import Hearing, Participation

MAX_GEOJSON = 20_000
MAX_LABELS = 8


class HearingForm(forms.ModelForm):
    geojson_text = forms.CharField(label=_("Area as GeoJSON (optional)"), required=False, max_length=MAX_GEOJSON,
                                   widget=forms.Textarea)
    opens_at = forms.DateTimeField(label=_("Opens (date and time)"))
    closes_at = forms.DateTimeField(label=_("Closes (date and time)"))
    latitude = forms.DecimalField(label=_("Latitude"), required=False, min_value=-90, max_value=90, decimal_places=6)
    longitude = forms.DecimalField(label=_("Longitude"), required=False, min_value=-180, max_value=180,
                                   decimal_places=6)
    participation = forms.ChoiceField(label=_("Who may take part"), choices=Participation.choices)
    labels_text = forms.CharField(label=_("Labels (optional, separated by commas, e.g. kaavoitus, liikenne)"),
                                  required=False, max_length=400)

    class Meta:
        model = Hearing
        fields = ["title", "abstract", "latitude", "longitude", "opens_at", "closes_at", "participation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.geojson and not self.is_bound:
            self.initial["geojson_text"] = json.dumps(self.instance.geojson)
        if self.instance.pk and not self.is_bound:
            self.initial["labels_text"] = ", ".join(label.name for label in self.instance.labels.all())

    def clean_labels_text(self):
        names, seen = [], set()
        for name in self.cleaned_data["labels_text"].split(","):
            name = " ".join(name.split())
            if not name or name.lower() in seen:
                continue
            if len(name) > 40:
                raise ValidationError(_("A label may be at most 40 characters long: “%(name)s”.") % {"name": name})
            seen.add(name.lower())
            names.append(name)
        if len(names) > MAX_LABELS:
            raise ValidationError(_("Give at most %(n)d labels.") % {"n": MAX_LABELS})
        return names

    def clean_geojson_text(self):
        text = self.cleaned_data["geojson_text"].strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationError(_("The area is not valid GeoJSON: check the brackets and quotes.")) from None
        kinds = {"Point", "Polygon", "MultiPolygon", "LineString", "Feature", "FeatureCollection"}
        if not isinstance(value, dict) or value.get("type") not in kinds:
            raise ValidationError(_("Give a GeoJSON point, line, area, feature or feature collection."))
        return value

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_at"), data.get("closes_at")
        if opens and closes and closes <= opens:
            self.add_error("closes_at", _("The hearing must close after it opens."))
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            self.add_error("longitude", _("Give both the latitude and the longitude, or neither."))
        return data

    def fields_for_save(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["geojson"] = self.cleaned_data["geojson_text"]
        data["labels"] = self.cleaned_data["labels_text"]
        return data


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=20000, widget=forms.Textarea)
    attachment = forms.FileField(label=_("Image or attachment (optional)"), required=False)


class CommentForm(forms.Form):
    section = forms.ChoiceField(label=_("What your comment is about"), required=False)
    text = forms.CharField(label=_("Your comment"), max_length=5000, widget=forms.Textarea,
                           error_messages={"required": _("Write your comment.")})
    shown_name = forms.CharField(label=_("Name shown with the comment (leave empty to comment anonymously)"),
                                 max_length=100, required=False)

    def __init__(self, *args, hearing, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].choices = [("", _("The hearing as a whole")),
                                          *((str(s.public_id), s.title) for s in hearing.sections.all())]


class HideForm(forms.Form):
    reason = forms.CharField(label=_("Reason for hiding (the author sees it)"), max_length=500,
                             error_messages={"required": _("Give the reason for hiding the comment: its author sees it.")})
