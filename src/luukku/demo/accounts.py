"""Demo log-ins printed by `luukku demo`. Readable passwords that still pass the validators."""

# The demo staff's authenticator key (two-factor authentication, TOTP): add it to an authenticator app
# once, or print the current code with `oathtool --totp -b KEY`. A demo's secret is no secret.
DEMO_TOTP_SECRET = "KOIVULADEMOSTAFFTWOFACTORKEY2627"

# role None: a resident (no staff membership); "superuser": Django superuser.
DEMO_ACCOUNTS = [
    {"username": "admin", "password": "Koivula-admin-2026", "role": "superuser", "unit": None,
     "first_name": "Ylläpito", "last_name": "Koivula", "description": "platform superuser (all municipalities)"},
    {"username": "paakayttaja", "password": "Koivula-paakayttaja-2026", "role": "administrator", "unit": None,
     "first_name": "Paula", "last_name": "Pääkäyttäjä", "description": "administrator (pääkäyttäjä) of Koivula"},
    {"username": "toimitus", "password": "Koivula-toimitus-2026", "role": "catalogue_editor", "unit": None,
     "first_name": "Tiina", "last_name": "Toimittaja", "description": "catalogue editor (toimitus)"},
    {"username": "kasittelija", "password": "Koivula-kasittelija-2026", "role": "case_handler", "unit": "varhaiskasvatuspalvelut",
     "first_name": "Kalle", "last_name": "Käsittelijä", "description": "case handler, early childhood education unit"},
    {"username": "tekniikka", "password": "Koivula-tekniikka-2026", "role": "case_handler", "unit": "kuntatekniikka",
     "first_name": "Teemu", "last_name": "Tekninen", "description": "case handler, municipal engineering (harbours)"},
    {"username": "ymparisto", "password": "Koivula-ymparisto-2026", "role": "case_handler",
     "unit": "ymparistonsuojelu", "first_name": "Ella", "last_name": "Ympäristö",
     "description": "case handler, environmental protection"},
    {"username": "palvelupiste", "password": "Koivula-palvelupiste-2026", "role": "service_point_agent", "unit": "asiointipiste",
     "first_name": "Pirjo", "last_name": "Palveluneuvoja", "description": "service-point agent (asiointipiste)"},
    {"username": "johtaja", "password": "Koivula-johtaja-2026", "role": "manager", "unit": None,
     "first_name": "Jussi", "last_name": "Johtaja", "description": "manager (reports and dashboards)"},
    {"username": "tietosuoja", "password": "Koivula-tietosuoja-2026", "role": "data_protection_officer", "unit": None,
     "first_name": "Sanna", "last_name": "Suojala", "description": "data-protection officer (audit log search)"},
    {"username": "asukas", "password": "Koivula-asukas-2026", "role": None, "unit": None,
     "first_name": "Aino", "last_name": "Asukas", "email": "aino.asukas@koivula.example",
     "description": "resident Aino Asukas"},
    {"username": "asukas2", "password": "Koivula-asukas2-2026", "role": None, "unit": None,
     "first_name": "Bertil", "last_name": "Björkman", "email": "bertil.bjorkman@koivula.example",
     "description": "resident Bertil Björkman (Swedish-speaking)"},
]
