"""The `luukku` command: the jobs an operator runs, plus every Django management command.

    luukku demo            migrate, load the demo municipality, run the web server and a worker
    luukku serve           run the web server (gunicorn; --dev for Django's runserver)
    luukku worker          run the background task worker
    luukku add-municipality CODE SLUG NAME…   create a municipality (for import-ptv) without the admin
    luukku import-ptv F    import PTV v11 JSON into a municipality
    luukku import-addresses F --municipality SLUG   street addresses and their points (CSV)
    luukku export-ptv      write a municipality's catalogue as PTV v11 JSON
    luukku insight-rebuild the metrics store (facts, daily roll-ups) again from the domain events
    luukku reindex-search  rebuild the search index (after an upgrade that changes what is indexed)
    luukku refresh-thesaurus  fetch the YSO labels of the catalogue's ontology terms from Finto
    luukku <command>       any Django management command (migrate, createsuperuser, …)
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luukku.config.settings")
    argv = list(sys.argv if argv is None else argv)
    aliases = {
        "demo": "luukku_demo",
        "serve": "luukku_serve",
        "worker": "luukku_worker",
        "import-ptv": "import_ptv",
        "export-ptv": "export_ptv",
        "add-municipality": "add_municipality",
        "import-addresses": "import_addresses",
        "insight-rebuild": "insight_rebuild",
        "reindex-search": "reindex_search",
        "refresh-thesaurus": "refresh_thesaurus",
    }
    if len(argv) > 1 and argv[1] in aliases:
        argv[1] = aliases[argv[1]]
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
