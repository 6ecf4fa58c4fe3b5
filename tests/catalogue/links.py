"""A service's organisation links as tuples, for comparing with what PTV gave."""


def links_of(service):
    """[(role, provision type, the organisation's Finnish name or None, additional information)] in order."""
    return [(link.role, link.provision_type, link.organisation.name.get("fi") if link.organisation else None, link.info)
            for link in service.organisation_links.select_related("organisation").order_by("order", "id")]
