"""The back office's pages (filled in by the back-office work)."""

from django.http import HttpResponse

from luukku.core.decorators import staff_page

from .access import READER_ROLES


@staff_page(READER_ROLES)
def home(request, municipality, lang):
    return HttpResponse("")


@staff_page(READER_ROLES)
def queue(request, municipality, lang, unit_id):
    return HttpResponse("")


@staff_page(READER_ROLES)
def case_page(request, municipality, lang, case_id):
    return HttpResponse("")


@staff_page(READER_ROLES)
def figures(request, municipality, lang):
    return HttpResponse("")
