"""Every demo service, from the per-sector modules."""

from . import (services_business, services_culture, services_education, services_environment, services_housing,
               services_sports_youth, services_technical)

SERVICES = [
    *services_education.SERVICES,
    *services_culture.SERVICES,
    *services_sports_youth.SERVICES,
    *services_technical.SERVICES,
    *services_environment.SERVICES,
    *services_housing.SERVICES,
    *services_business.SERVICES,
]
