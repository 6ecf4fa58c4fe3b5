from django.http import HttpResponse

from luukku.cases.views import resident_page


@resident_page
def settings_page(request, municipality, lang):
    return HttpResponse("")
