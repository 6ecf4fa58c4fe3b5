"""luukku add-municipality CODE SLUG NAME_FI [NAME_SV [NAME_EN]] [--languages fi,sv,en]"""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from luukku.core.services import create_municipality

FIELDS = {"code": "CODE", "slug": "SLUG", "name": "NAME", "languages": "--languages"}


class Command(BaseCommand):
    help = gettext_lazy("Create a municipality, e.g. for import-ptv to fill, without the admin.")

    def add_arguments(self, parser):
        parser.add_argument("code", help=gettext_lazy("municipality code, three digits (e.g. 091)"))
        parser.add_argument("slug", help=gettext_lazy("URL name: lower-case letters, digits and hyphens (e.g. helsinki)"))
        parser.add_argument("names", nargs="+", metavar="NAME",
                            help=gettext_lazy("the name in Finnish, then in Swedish and English (optional)"))
        parser.add_argument("--languages", default="fi,sv,en",
                            help=gettext_lazy("languages offered, comma-separated (default fi,sv,en)"))

    def handle(self, *args, code, slug, names, languages, **options):
        if len(names) > 3:
            raise CommandError(_("Give at most three names: Finnish, Swedish and English (quote a name with "
                                 "spaces, e.g. \"Uusi kunta\")."))
        try:
            municipality = create_municipality(
                code=code, slug=slug, names=dict(zip(("fi", "sv", "en"), names)),
                languages=[lang.strip() for lang in languages.split(",") if lang.strip()])
        except ValidationError as exc:
            lines = [f"{FIELDS.get(field, field)}: {' '.join(messages)}" for field, messages in exc.message_dict.items()]
            raise CommandError("\n".join(lines)) from None
        self.stdout.write(_("Created %(name)s (%(code)s) at /%(slug)s/. Import its services with: "
                            "luukku import-ptv FILE… --municipality %(slug)s")
                          % {"name": municipality, "code": municipality.code, "slug": municipality.slug})
