"""What the knowledge-based management pages need of the demo beyond the year's transactions: the
customer-centricity self-assessment (luukku.maturity), the Standard Cost Model's estimates, volumes
and a named change (luukku.scm), and the strategy with its projects and indicator chains
(luukku.strategy). Written after the rest of the history, whose figures the indicators quote.

- maturity: a round closed half a year ago and one open now, respondents at the three organisational
  levels. The story: the service level understands its customers far better than the strategic tier
  does (challenge 8), data and metrics are the weakest theme (challenge 3), the sectors mind their own
  patch (challenge 4, gone in the open round); the open round shows a little improvement and has a few
  respondents half-way. Koivula is the only municipality of the demo, so the report's peer comparison
  stays hidden (it needs three others of the same size class) and says why.
- scm: estimates for the services of the history's cases and the campaign, 20 € for an hour (the
  seed names no figure), paper applications handled outside the platform, and the change "paper
  early-childhood application replaced by the e-service" at the middle of the channel shift.
- strategy: four goals of the 2025–2029 council term, six projects with input → output → outcome →
  impact chains; one goal without a project and one project (an outside-funded pilot) without a goal.

Rows as the services write them (a round's events, links kept only as hashes of their tokens), with
the history's timestamps. Each part writes nothing when its rows are there already."""

import datetime as dt
import random
import uuid
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db.models import Q

from luukku.catalogue.models import Service
from luukku.core import clock
from luukku.maturity.content import PAGES, THEME_KEYS, TIER_KEYS, VIEW_CHOICES, RespondentLevel, question_id
from luukku.maturity.models import Answer, Invitation, Round, size_class
from luukku.maturity.services import hash_token
from luukku.scm.models import BurdenSettings, Change, Estimate, ManualVolume
from luukku.strategy.models import Goal, Indicator, Project

from . import story

MANAGER = "johtaja"  # the demo's manager starts and closes the rounds
POPULATION = 24_800  # Koivula: a small town (under 30 000)
ECE, PERMIT, MOORING, COMPOST, AFTER_SCHOOL = ("varhaiskasvatus", "rakentamislupa", "venepaikat",
                                              "kompostointi-ilmoitus", "aamu-ja-iltapaivatoiminta")

# --- maturity ------------------------------------------------------------------------------------

# The closed round's mean answer of all respondents per theme and tier (strategic, tactical, operational).
BASE = {
    "steering": (2.5, 2.1, 1.6),
    "capabilities": (2.2, 2.0, 2.4),
    "experience": (2.6, 1.9, 2.5),
    "understanding": (0.9, 1.8, 3.4),
    "data": (0.7, 1.1, 1.4),
    "organisation": (1.9, 1.2, 1.9),
}
# The open round: a little better, most of all where the year's work shows (a shared development
# group across sectors; the dashboards in use).
IMPROVED = {"organisation": (0.3, 0.9, 0.4), "data": (0.5, 0.5, 0.5), "understanding": (0.5, 0.3, 0.0),
            "experience": (0.2, 0.3, 0.2)}
# How each organisational level sees itself: top management rates the strategic tier higher than the
# rest do, the service level its own work higher and the strategic tier lower (and knows it less).
BIAS = {RespondentLevel.TOP: (0.5, 0.1, -0.3), RespondentLevel.SECTOR: (0.0, 0.2, 0.0),
        RespondentLevel.SERVICE: (-0.3, -0.1, 0.3)}
DONT_KNOW_SHARE = {RespondentLevel.TOP: (0.0, 0.05, 0.15), RespondentLevel.SECTOR: (0.02, 0.03, 0.08),
                   RespondentLevel.SERVICE: (0.15, 0.08, 0.02)}
VIEW_WEIGHTS = {  # (closed round, open round): weights of the view's answers, "don't know" last
    "wellbeing": ((6, 12, 2, 1), (5, 13, 3, 1)),
    "reforms": ((5, 11, 4, 1), (3, 10, 7, 1)),
}
RESPONDENTS = {RespondentLevel.TOP: 3, RespondentLevel.SECTOR: 6, RespondentLevel.SERVICE: 12}
# The open round: finished respondents per level; of the rest, these left the questionnaire half-way
HALF_WAY = {RespondentLevel.TOP: 0, RespondentLevel.SECTOR: 1, RespondentLevel.SERVICE: 3}
NOT_YET = {RespondentLevel.TOP: 1, RespondentLevel.SECTOR: 1, RespondentLevel.SERVICE: 2}
# The answers draw from a generator of their own: the same story whatever day the demo is loaded on.
ANSWER_SEED = 16
ROUNDS = (  # name, days ago started, days answered, closed days ago (None: open)
    ("Asiakaslähtöisyyden itsearviointi, kevät", 200, 24, 172),
    ("Asiakaslähtöisyyden itsearviointi, syksy", 12, 12, None),
)


def _uuid(rng) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def _level_answer(rng, mean: float, level: str, tier_index: int) -> str:
    if rng.random() < DONT_KNOW_SHARE[level][tier_index]:
        return "dk"
    value = round(rng.gauss(mean + BIAS[level][tier_index], 0.6))
    return str(min(4, max(0, value)))


def _answers(rng, level: str, improved: bool) -> dict:
    answers = {}
    for theme in THEME_KEYS:
        for i, tier in enumerate(TIER_KEYS):
            mean = BASE[theme][i] + (IMPROVED.get(theme, (0, 0, 0))[i] if improved else 0)
            answers[question_id(theme, tier)] = _level_answer(rng, mean, level, i)
    for view, weights in VIEW_WEIGHTS.items():
        choices = (*VIEW_CHOICES[view], "dk")
        answers[view] = rng.choices(choices, weights[1 if improved else 0])[0]
    return answers


def _maturity(ctx, manager) -> None:
    m = ctx.municipality
    if Round.all_objects.filter(municipality=m).exists():
        return
    rng = random.Random(ANSWER_SEED)
    for name, started_ago, answering_days, closed_ago in ROUNDS:
        improved = closed_ago is None
        created = ctx.now - dt.timedelta(days=started_ago, hours=ctx.rng.uniform(0, 6))
        round_ = Round.all_objects.create(
            municipality=m, public_id=_uuid(ctx.rng), name=name, population=POPULATION,
            size_class=size_class(POPULATION), created_by=manager, created_at=created,
            status=Round.Status.OPEN if improved else Round.Status.CLOSED,
            closed_at=None if improved else ctx.now - dt.timedelta(days=closed_ago))
        ctx.event("maturity.round_started", "round", round_.public_id, created, actor=manager,
                  data={"size_class": round_.size_class})
        invitations, plans = [], []
        for n, (level, count) in enumerate(RESPONDENTS.items()):
            invited = created + dt.timedelta(minutes=20 + 5 * n)  # one level's links after another
            ctx.event("maturity.invited", "round", round_.public_id, invited, actor=manager,
                      data={"level": level, "count": count})
            for i in range(count):
                # A token as services.invite makes it (shown once, only its hash kept): from the seed,
                # so that the demo is the same every time; nobody is given these links.
                token = uuid.UUID(int=ctx.rng.getrandbits(128)).hex + uuid.UUID(int=ctx.rng.getrandbits(128)).hex
                invitations.append(Invitation(municipality=m, public_id=_uuid(ctx.rng), round=round_, level=level,
                                              token_hash=hash_token(token), created_at=invited))
                finished = count - HALF_WAY[level] - NOT_YET[level] if improved else count
                pages = len(PAGES) if i < finished else (ctx.rng.randint(2, 4) if i < count - NOT_YET[level] else 0)
                plans.append((level, pages, i < finished))
        ctx.write(Invitation, invitations)
        invitations = list(Invitation.all_objects.filter(round=round_).order_by("id"))
        answers = []
        for invitation, (level, pages, finished) in zip(invitations, plans):
            if not pages:
                continue
            started = created + dt.timedelta(hours=ctx.rng.uniform(2, 24 * answering_days - 4))
            given = _answers(rng, level, improved)
            for number, (_key, questions) in enumerate(PAGES[:pages], start=1):
                at = started + dt.timedelta(minutes=3 * number)
                answers += [Answer(municipality=m, invitation=invitation, question=q, value=given[q], updated_at=at)
                            for q in questions]
            invitation.started_at, invitation.last_page = started, pages
            if finished:
                invitation.finished_at = started + dt.timedelta(minutes=3 * pages + 2)
                ctx.event("maturity.answered", "round", round_.public_id, invitation.finished_at,
                          data={"level": level})
        Invitation.all_objects.bulk_update(invitations, ["started_at", "last_page", "finished_at"])
        ctx.write(Answer, answers)
        if not improved:
            ctx.event("maturity.round_closed", "round", round_.public_id, round_.closed_at, actor=manager)


# --- the Standard Cost Model ---------------------------------------------------------------------

HOUR_VALUE = Decimal("20.00")
# service → channel → (minutes, euros, note): what one transaction costs the resident (notes in
# Finnish, as the municipality's staff would write them)
ESTIMATES = {
    ECE: {"mail": (60, "1.60", "Paperilomake: tulostus, täyttö käsin, liitteiden kopiointi; postimaksu."),
          "online": (15, "0", "E-palvelu täyttää perheen tiedot valmiiksi."),
          "service_point": (45, "4.00", "Käynti asiointipisteessä; matka autolla 10 km."),
          "phone": (20, "0", "Täytetään puhelimessa neuvojan kanssa."),
          "email": (30, "0", "Skannattu lomake sähköpostilla."),
          "chat": (25, "0", "Täytetään chatissa neuvojan kanssa.")},
    PERMIT: {"service_point": (90, "12.00", "Neuvonta ja asiakirjojen jättäminen asiointipisteessä; matka."),
             "online": (40, "0", "Valtakunnallinen e-palvelu (Lupapiste)."),
             "mail": (120, "2.00", "Paperihakemus postitse; postimaksu 2 €."),
             "phone": (30, "0", ""), "email": (60, "0", ""), "chat": (25, "0", "")},
    MOORING: {"online": (10, "0", ""), "mail": (30, "1.60", ""), "service_point": (40, "6.00", "Sisältää matkan."),
              "phone": (15, "0", ""), "email": (20, "0", ""), "chat": (12, "0", "")},
    COMPOST: {"online": (10, "0", ""), "mail": (30, "1.60", ""), "service_point": (35, "5.00", "Sisältää matkan."),
              "phone": (15, "0", ""), "email": (20, "0", ""), "chat": (12, "0", "")},
    AFTER_SCHOOL: {"offer": (2, "0", "Tarjouksen hyväksyminen tai hylkääminen e-palvelussa."),
                   "mail": (45, "1.60", "Paperihakemus, jonka tarjous korvasi.")},
}
# Any other service the front office was asked about: one advice contact, estimated alike.
ADVICE = {"service_point": (30, "4.00", "Neuvonta asiointipisteessä; matka autolla (yleisarvio)."),
          "phone": (10, "0", "Puhelinneuvonta jonotus mukaan lukien (yleisarvio)."),
          "chat": (10, "0", "Yleisarvio."), "email": (15, "0", "Yleisarvio."),
          "mail": (20, "1.60", "Kirje; postimaksu (yleisarvio).")}
CHANGE = {
    "name": "Paperinen varhaiskasvatushakemus korvattu sähköisellä asioinnilla",
    "description": "Paperilomake poistui päiväkotien jakelusta; hakemukset ohjataan sähköiseen asiointiin, "
                   "ja palvelupisteessä autetaan sen käytössä. Vertailujaksoon osuu kevään hakusesonki, "
                   "joten osa erosta on kausivaihtelua: vertaa myös hakemusta kohden laskettua taakkaa.",
}


def _change_day(ctx) -> dt.date:
    """The middle of the history's channel shift: half a year ago."""
    return ctx.today - dt.timedelta(days=(ctx.today - ctx.start.astimezone(clock.HELSINKI).date()).days // 2)


def _scm(ctx) -> None:
    m = ctx.municipality
    if Estimate.all_objects.filter(municipality=m).exists():
        return
    from luukku.frontoffice.models import Contact

    services = {s.slug: s for s in Service.all_objects.filter(municipality=m, slug__in=ESTIMATES)}
    first = ctx.start.astimezone(clock.HELSINKI).date()
    asked = (Service.all_objects.filter(municipality=m, pk__in=Contact.all_objects.filter(municipality=m)
                                        .values("service_id")).exclude(slug__in=ESTIMATES).order_by("slug"))
    ctx.write(Estimate, [
        Estimate(municipality=m, public_id=_uuid(ctx.rng), service=service, channel=channel,
                 valid_from=first, minutes=minutes, money=Decimal(money), note=note)
        for service, by_channel in [*((services[k], v) for k, v in ESTIMATES.items() if k in services),
                                    *((service, ADVICE) for service in asked)]
        for channel, (minutes, money, note) in by_channel.items()])
    BurdenSettings.all_objects.update_or_create(municipality=m, defaults={"hour_value": HOUR_VALUE})
    change_day = _change_day(ctx)
    before_last = change_day - dt.timedelta(days=1)
    outside = "Käsitelty päiväkodeissa paperilla, ei kirjattu järjestelmään (päiväkotien tilasto)."
    volumes = [(ECE, "mail", first, before_last, 140, outside),
               (ECE, "mail", change_day, ctx.today, 12, outside),
               (PERMIT, "mail", first, ctx.today, 36, "Rakennusvalvonnan kirjaamon tilasto.")]
    if AFTER_SCHOOL in services:  # the paper applications of the spring before the proactive offer
        volumes.append((AFTER_SCHOOL, "mail", first, min(first + dt.timedelta(days=60), ctx.today), 15,
                        "Myöhässä tulleet paperihakemukset."))
    ctx.write(ManualVolume, [
        ManualVolume(municipality=m, public_id=_uuid(ctx.rng), service=services[slug], channel=channel,
                     start=start, end=end, count=count, note=note)
        for slug, channel, start, end, count, note in volumes if slug in services])
    if ECE in services:
        ctx.write(Change, [Change(municipality=m, public_id=_uuid(ctx.rng), service=services[ECE], date=change_day,
                                  window_days=min(180, (ctx.today - change_day).days), **CHANGE)])


# --- strategy ------------------------------------------------------------------------------------

GOALS = {
    "find": ("Palvelut löytävät asukkaan",
             "Asukkaan ei tarvitse tietää, mitä hakea: kaupunki tarjoaa palvelua, kun tiedot kertovat tarpeesta, "
             "ja asiointi onnistuu verkossa ilman paperia."),
    "start": ("Jokaisella lapsella on hyvä alku",
              "Varhaiskasvatus, esiopetus ja koulun aloitus ovat perheelle sujuva polku."),
    "carbon": ("Hiilineutraali Koivula 2035",
               "Päästöt puolitetaan vuoteen 2030 mennessä; asukkaat ja yritykset mukaan kiertotalouteen."),
    "vital": ("Elinvoimainen ja vetovoimainen Koivula",
              "Uusia asukkaita ja yrityksiä: tonttitarjonta, luvat sujuvasti ja nopeasti."),
}
GOAL_YEARS = {"carbon": (2025, 2035)}


def _share(part, whole) -> Decimal:
    return Decimal(round(100 * part / whole)) if whole else Decimal(0)


def _figures(ctx) -> dict:
    """The history's own figures the indicators quote: first and last quarter of the year."""
    from luukku.cases.models import Case
    from luukku.feedback.models import Feedback
    from luukku.frontoffice.models import Contact
    from luukku.proactive.models import Offer, OfferStatus

    m, quarter = ctx.municipality, dt.timedelta(days=91)
    early, late = (ctx.start, ctx.start + quarter), (ctx.now - quarter, ctx.now)

    def cases(slug, span):
        return Case.all_objects.filter(municipality=m, case_type__slug=slug, submitted_at__range=span)

    def online(slug, span):
        qs = cases(slug, span)
        return _share(qs.filter(channel="online").count(), qs.count())

    def chat(span):
        qs = Contact.all_objects.filter(municipality=m, at__range=span)
        return _share(qs.filter(channel="chat").count(), qs.count())

    def permits_open(at):
        return cases(PERMIT, (ctx.start, at)).filter(Q(decided_at__isnull=True) | Q(decided_at__gt=at)).count()

    def decided_weekly(first, last):
        decided = Case.all_objects.filter(municipality=m, case_type__slug=PERMIT, decided_at__range=(first, last))
        return Decimal(str(round(decided.count() * 7 / max(1, (last - first).days), 1)))

    peak = ctx.now - dt.timedelta(days=story.WORKED_OFF_FROM)

    offers = Offer.all_objects.filter(municipality=m, rule__service__slug=AFTER_SCHOOL)
    accepted = offers.filter(status=OfferStatus.ACCEPTED).count()
    year = (ctx.start, ctx.now)
    app = Feedback.all_objects.filter(municipality=m, channel="api")
    return {
        "ece_online": (online("varhaiskasvatushakemus", early), online("varhaiskasvatushakemus", late)),
        "chat": (chat(early), chat(late)),
        "offers": offers.count(), "accepted": _share(accepted, offers.count()),
        # building control's backlog at its peak (when the temporary inspectors started) and now
        "permit_open": (permits_open(peak), permits_open(ctx.now)),
        "permit_weekly": (decided_weekly(ctx.now - dt.timedelta(days=story.GROWS_FROM), peak),
                          decided_weekly(peak, ctx.now)),
        "compost": cases("kompostointi-ilmoitus", year).count(),
        "app": (app.filter(submitted_at__range=early).count(), app.filter(submitted_at__range=late).count()),
        "winter_app": app.filter(submitted_at__range=year).filter(
            Q(submitted_at__month__in=(12, 1, 2, 3))).count(),
    }


def _projects(f) -> list:
    """(title, description, goals, [(level, name, unit, baseline, target, latest)])."""
    D = Decimal
    return [
        ("Varhaiskasvatushakemuksen sähköinen asiointi",
         "Paperilomakkeen korvaava e-palvelu, joka täyttää perheen tiedot valmiiksi.", ["find", "start"], [
             ("input", "Kehittämisbudjetti", "€", D(0), D(48000), D(41500)),
             ("output", "Verkossa tehtyjen hakemusten osuus", "%", f["ece_online"][0], D(90), f["ece_online"][1]),
             ("outcome", "Perheen aika hakemukseen keskimäärin", "min", D(38), D(18), D(24)),
             ("impact", "Paikka alkaa toivottuna päivänä", "%", D(78), D(95), D(86))]),
        ("Iltapäivätoimintapaikka jokaiselle ekaluokkalaiselle",
         "Ennakoiva tarjous: paikka varataan valmiiksi, perhe vain vastaa.", ["find", "start"], [
             ("input", "Henkilötyöpäivät valmisteluun", "pv", D(0), D(15), D(12)),
             ("output", "Lähetetyt tarjoukset", "kpl", D(0), D(f["offers"] or 1), D(f["offers"])),
             ("outcome", "Tarjouksen vastaanottaneet", "%", D(0), D(75), f["accepted"]),
             ("impact", "Ekaluokkalaiset iltapäivätoiminnassa", "%", D(54), D(75), D(68))]),
        ("Asiointipisteen chat ja etäneuvonta",
         "Neuvonta chatissa ja videoyhteydellä, jotta asiointipisteeseen ei tarvitse tulla.", ["find"], [
             ("input", "Neuvojien koulutustunnit", "h", D(0), D(120), D(120)),
             ("output", "Chatin osuus yhteydenotoista", "%", f["chat"][0], D(30), f["chat"][1]),
             ("outcome", "Asiointipisteen käynnit kuukaudessa", "kpl", D(410), D(300), D(330)),
             ("impact", "Asiakastyytyväisyys neuvontaan (1–5)", "", D("3.6"), D("4.2"), D("4.0"))]),
        ("Rakennusvalvonnan jonon purku",
         "Kaksi määräaikaista tarkastajaa syksyn ruuhkan purkuun.", ["find"], [
             ("input", "Määräaikaiset tarkastajat", "htv", D(0), D(2), D(2)),
             ("output", "Lupapäätökset viikossa", "kpl", f["permit_weekly"][0], D(25), f["permit_weekly"][1]),
             ("outcome", "Avoimet lupahakemukset", "kpl", D(f["permit_open"][0]), D(10), D(f["permit_open"][1])),
             ("impact", "Luvat määräajassa", "%", D(62), D(90), None)]),
        ("Kompostointi- ja lajitteluneuvonta",
         "Neuvontakampanja kotikompostointiin ja biojätteen lajitteluun.", ["carbon"], [
             ("input", "Kampanjan budjetti", "€", D(0), D(12000), D(9800)),
             ("output", "Kompostointi-ilmoitukset vuodessa", "kpl", D(180), D(400), D(f["compost"])),
             ("outcome", "Kompostoivat kotitaloudet", "%", D(14), D(25), D(19)),
             ("impact", "Sekajätteen määrä asukasta kohden", "kg", D(190), D(150), D(176))]),
        ("Lumipalautesovellus (pilotti)",
         "Ulkopuolisella rahoituksella tehty pilotti: asukas ilmoittaa auraamattoman kadun kartalta.", [], [
             ("input", "Hankerahoitus", "€", D(0), D(30000), D(30000)),
             ("output", "Sovelluksen kautta tulleet palautteet neljännesvuodessa", "kpl", D(f["app"][0]), D(200),
              D(f["app"][1])),
             ("outcome", "Talven palautteet sovelluksen kautta", "kpl", D(0), D(300), D(f["winter_app"])),
             ("impact", "Asukkaiden tyytyväisyys talvikunnossapitoon (1–5)", "", D("2.9"), D("3.5"), None)]),
    ]


def _strategy(ctx) -> None:
    m = ctx.municipality
    if Goal.all_objects.filter(municipality=m).exists() or Project.all_objects.filter(municipality=m).exists():
        return
    goals = {}
    for key, (title, description) in GOALS.items():
        start, end = GOAL_YEARS.get(key, (2025, 2029))
        goals[key] = Goal.all_objects.create(municipality=m, public_id=_uuid(ctx.rng), title=title,
                                             description=description, start_year=start, end_year=end)
    latest_on = ctx.today - dt.timedelta(days=ctx.today.day - 1)  # the first of this month
    for title, description, serves, chain in _projects(_figures(ctx)):
        project = Project.all_objects.create(municipality=m, public_id=_uuid(ctx.rng), title=title,
                                             description=description)
        project.goals.set([goals[k] for k in serves])
        ctx.write(Indicator, [
            Indicator(municipality=m, public_id=_uuid(ctx.rng), project=project, level=level, name=name, unit=unit,
                      baseline=baseline, target=target, latest_value=latest,
                      latest_on=latest_on if latest is not None else None)
            for level, name, unit, baseline, target, latest in chain])


def make(ctx) -> None:
    manager = get_user_model().objects.filter(username=MANAGER).first()
    _maturity(ctx, manager)
    _scm(ctx)
    _strategy(ctx)
