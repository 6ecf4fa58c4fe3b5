from django import template

from luukku.people.identity import identity_providers

register = template.Library()


@register.simple_tag
def identification_available() -> bool:
    """Whether strong identification (an OIDC broker) is configured."""
    return identity_providers["oidc"].configured()
