"""Reading the dashboard's tables as a user reads them: rows of cell texts."""

import html as htmllib
import re


def table(page_html: str, key: str) -> list[list[str]]:
    """The rows (header row first) of the data table of section `key`."""
    match = re.search(rf'<table class="data-table" id="{key}-table">(.*?)</table>', page_html, re.S)
    assert match, f"no table {key}"
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", match[1], re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        rows.append([htmllib.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in cells])
    return rows


def dashboard_url(municipality, query="", lang="en", path=""):
    return f"/{municipality.slug}/{lang}/virkailija/tietojohtaminen/{path}{'?' + query if query else ''}"
