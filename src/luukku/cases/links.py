"""What other apps link to a case, shown on its staff page (e.g. the proactive offer that a change
request is about). Each app registers a provider: (case, user, language) → [(text, url)]."""

from luukku.core.registry import Registry

case_link_providers = Registry("case link provider")


def links_for(case, user, language: str) -> list[tuple[str, str]]:
    return [link for _key, provider in case_link_providers.items() for link in provider(case, user, language)]
