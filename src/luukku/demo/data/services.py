"""Every demo service, from the per-sector modules."""

from . import (services_business, services_culture, services_education, services_elsewhere, services_employment,
               services_environment, services_governance, services_housing, services_land, services_leisure,
               services_nature, services_schools, services_sports_youth, services_streets, services_technical)

SERVICES = [
    *services_education.SERVICES,
    *services_culture.SERVICES,
    *services_sports_youth.SERVICES,
    *services_technical.SERVICES,
    *services_environment.SERVICES,
    *services_housing.SERVICES,
    *services_business.SERVICES,
    # Added for issue 19 (a catalogue of the size of a real municipality's).
    *services_schools.SERVICES,
    *services_leisure.SERVICES,
    *services_streets.SERVICES,
    *services_nature.SERVICES,
    *services_land.SERVICES,
    *services_employment.SERVICES,
    *services_governance.SERVICES,
    *services_elsewhere.SERVICES,
]
