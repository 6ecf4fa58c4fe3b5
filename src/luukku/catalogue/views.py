from django.shortcuts import render


def front(request, municipality, lang):
    return render(request, "catalogue/front.html", {})
