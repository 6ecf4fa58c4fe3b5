from django.http import HttpResponse

from luukku.cases.access import SUMMARY_ROLES
from luukku.core.decorators import staff_page


@staff_page(SUMMARY_ROLES)
def search(request, municipality, lang):
    return HttpResponse("")
