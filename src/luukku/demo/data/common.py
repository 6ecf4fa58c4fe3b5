"""The shape of one demo service."""


def svc(slug, sector, unit, *, name, summary, description, alt=None, instructions=None, requirements=None,
        processing=None, validity=None, deadline=None, charge="", fees=None, statutory=False, laws=(),
        producers=(("SelfProducedServices", "koivula"),), vouchers=(), keywords=None, codes=(), popularity=100, channels=(),
        type="Service", languages=("fi", "sv", "en")):
    return {
        "slug": slug, "sector": sector, "unit": unit, "type": type,
        "name": name, "alternative_names": alt or {}, "summary": summary, "description": description,
        "user_instructions": instructions or {}, "requirements": requirements or {},
        "processing_time": processing or {}, "validity_time": validity or {}, "deadline": deadline or {},
        "charge_type": charge, "fees": fees or {}, "statutory": statutory, "laws": list(laws),
        "producers": list(producers), "vouchers": list(vouchers), "keywords": keywords or {},
        "codes": list(codes), "popularity": popularity, "channels": list(channels), "languages": list(languages),
    }
