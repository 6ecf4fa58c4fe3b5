"""Hand-overs need a consent or a legal basis (privacy.consents): the cases tests that hand over
record the legal basis of their case type with this."""

from luukku.privacy.models import DisclosureBasis

LAW = "Sosiaalihuoltolaki 1301/2014 41 §"


def lawful(case_type, partner=None, law=LAW):
    return DisclosureBasis.all_objects.create(municipality_id=case_type.municipality_id, case_type=case_type,
                                              partner=partner, law=law)
