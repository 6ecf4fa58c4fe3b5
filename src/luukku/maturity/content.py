"""The maturity model of seed 000 (Kuntaliitto's study of customer-centricity in four municipalities),
as data: the five levels (TASO 0–4), the three tiers, the six themes, the two big-picture views and
the eight challenges of its appendix with the solution examples the steering-group cities (Oulu,
Turku) described. The English is the msgid; the Finnish translation follows the seed's own wording.

A question is one (theme, tier) cell: "at this tier, which level describes your municipality in this
theme?", answered on the level scale or "don't know". Its id is "<theme>.<tier>" (steering.strategic).
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

DONT_KNOW = "dk"
LEVELS = {
    0: _("Customer-centricity, or promoting it, is for one reason or another not on the municipality’s agenda."),
    1: _("The municipality has recognised the importance of customer-centricity. The first steps have been taken. "
         "Customer-centricity does not yet show in practice."),
    2: _("The municipality has invested in customer-centric work and results can be seen in different parts of "
         "the organisation. Work across the organisation that takes the customer’s whole situation into account "
         "is only being developed."),
    3: _("The municipality works very widely by a customer-centric operating model, making wide use of customer "
         "data."),
    4: _("Customer-centricity guides the development and management of the municipality at the strategic, "
         "tactical and operational tier. The development of service needs can be anticipated from customer data."),
}


@dataclass(frozen=True)
class Tier:
    key: str
    name: str
    description: str
    question: str


TIERS = (
    Tier("strategic", _("Strategic tier"),
         _("Decisions and choices that set the municipality’s goals and priorities and have long-term effects: how "
           "the municipality recognises the importance, effects and priorities of customer-centric work in "
           "developing and leading the municipality."),
         _("Which level describes your municipality in this theme at the strategic tier?")),
    Tier("tactical", _("Tactical tier"),
         _("Putting the municipality’s strategic choices into practice in the shorter term, and the choices that "
           "this involves."),
         _("Which level describes your municipality in this theme at the tactical tier?")),
    Tier("operational", _("Operational tier"),
         _("The everyday management of the strategic and tactical decisions, and the measures that needs not "
           "directly linked to them call for: how customer-centricity shows in the municipality’s everyday work."),
         _("Which level describes your municipality in this theme at the operational tier?")),
)
TIER_KEYS = tuple(t.key for t in TIERS)


@dataclass(frozen=True)
class Theme:
    key: str
    name: str
    description: str


THEMES = (
    Theme("steering", _("Customer-centric strategic steering"), _("A customer-centric strategy guides choices.")),
    Theme("capabilities", _("Capabilities to serve the customer"),
          _("A sufficient and developing capability to produce value for customers.")),
    Theme("experience", _("Designed customer experience"), _("The customers’ different service paths.")),
    Theme("understanding", _("Customer understanding and feedback"),
          _("An ever more complete understanding of the municipality’s customers and their needs.")),
    Theme("data", _("Data and metrics as drivers"),
          _("The value produced for customers guides the municipality’s choices, measurably.")),
    Theme("organisation", _("Customer-centric organisation"),
          _("Responsibilities and roles according to the value produced for the customer.")),
)
THEME_KEYS = tuple(t.key for t in THEMES)


def question_id(theme: str, tier: str) -> str:
    return f"{theme}.{tier}"


LEVEL_QUESTIONS = tuple(question_id(th, ti) for th in THEME_KEYS for ti in TIER_KEYS)


@dataclass(frozen=True)
class View:
    """One of the two big-picture questions, answered by one of three words (or "don't know")."""

    key: str
    title: str
    question: str
    choices: tuple  # ((value, label, description), …) in the seed's order


VIEWS = (
    View("wellbeing", _("Capability to view wellbeing as a whole"),
         _("How capable is your municipality of viewing residents’ wellbeing as a whole, seeing the whole "
           "systemically and making strategic choices and decisions on that basis?"),
         (("immature", _("immature"), _("Wellbeing is looked at service by service; the whole has not taken shape.")),
          ("developing", _("developing"), _("The municipality is learning to see the whole and to steer by it.")),
          ("capable", _("capable"), _("The municipality sees residents’ wellbeing as a whole and makes its "
                                      "strategic choices on that basis.")))),
    View("reforms", _("View of large reforms"),
         _("How does your municipality view the large reforms under way, such as the health and social services "
           "reform?"),
         (("threat", _("threat"), _("More threats are seen than opportunities.")),
          ("unformed", _("unformed"), _("The change is recognised, but its consequences and the opportunities it "
                                        "opens have not taken shape.")),
          ("developing", _("developing"), _("The municipality is working out what the reforms open for it, e.g. "
                                            "directing its resources anew.")))),
)
VIEW_KEYS = tuple(v.key for v in VIEWS)
VIEW_CHOICES = {v.key: tuple(c[0] for c in v.choices) for v in VIEWS}

# The questionnaire's pages: one per theme, then the big picture. Page numbers in URLs start at 1.
PAGES = (*((t.key, tuple(question_id(t.key, ti) for ti in TIER_KEYS)) for t in THEMES), ("views", VIEW_KEYS))
ALL_QUESTIONS = (*LEVEL_QUESTIONS, *VIEW_KEYS)


def valid_values(question: str) -> tuple:
    """What an answer to `question` may be ("0"–"4" or a view's word, and "dk")."""
    if question in VIEW_CHOICES:
        return (*VIEW_CHOICES[question], DONT_KNOW)
    return (*(str(n) for n in LEVELS), DONT_KNOW)


class RespondentLevel:
    """The three organisational levels the seed interviewed (top management, sector management, the
    heads and experts who produce the services)."""

    TOP = "top"
    SECTOR = "sector"
    SERVICE = "service"
    choices = ((TOP, _("top management")), (SECTOR, _("sector management")),
               (SERVICE, _("service level (heads and experts)")))


@dataclass(frozen=True)
class Solution:
    city: str
    text: str
    links: tuple = ()
    source: str = ""


OULU = Solution(
    _("Oulu"),
    _("Oulu developed the OUTO operating model, which gathers the services’ development needs together and leads "
      "and produces the development of shared solutions that produce value for the customer. Customer demand and "
      "understanding were raised to top management, which made it easier for the city to orchestrate the regional "
      "whole with its own services and with partners. As part of the model Oulu introduced OuluBot, an AI that "
      "supports service staff in guiding and advising customers."),
    ("https://www.ouka.fi/moda", "https://www.ouka.fi/oulu/oulubot/"))
TURKU = Solution(
    _("Turku"),
    _("Turku challenged the traditional sector-based management model by relying on the first section of the "
      "Local Government Act. Planned and sustainable promotion of the region’s vitality and of residents’ wellbeing "
      "rose to the centre of everything the city does. Responsibility can now be assigned across organisational "
      "boundaries, which makes the shift from mere production to creating value possible. Turku renewed the city’s "
      "management model and its overall strategy."),
    source=_("Kopponen & Ståhlberg 2020, the Futura publication"))


@dataclass(frozen=True)
class Challenge:
    number: int
    title: str
    description: str
    rule: str  # the documented rule (maturity.scoring.challenges) in words
    solutions: tuple = field(default=())


# The descriptions are the appendix's. Challenge 3's text in the seed is a copy of challenge 2's; its
# title is all the seed says of it, so it has no description of its own here.
CHALLENGES = (
    Challenge(1, _("Projects are not linked to the municipality’s strategy"),
              _("The municipality is developed mainly through projects funded from outside. Projects done by the "
                "funders’ criteria do not address what is central to the municipality’s strategy, and/or as "
                "separate measures they do not add up to the whole needed to develop the municipality’s operating "
                "models and services."),
              _("Customer-centric strategic steering at the strategic tier is at level 1 or below."), (TURKU,)),
    Challenge(2, _("Ageing staff and developing the municipality"),
              _("Especially in a small municipality each employee’s contribution and role is significant. Ageing "
                "staff may build up a development debt if renewing the municipality’s digital practices does not "
                "seem worthwhile close to retirement. How can the conditions for new employees to succeed be "
                "developed and ensured flexibly when the staff is ageing?"),
              _("Capabilities to serve the customer at the operational tier is at level 1 or below.")),
    Challenge(3, _("Showing the effectiveness of development as a challenge to development"), "",
              _("Data and metrics as drivers at the strategic tier is at level 1 or below.")),
    Challenge(4, _("The organisational culture does not support the municipality’s change"),
              _("Doing the work efficiently is often seen as each sector and service concentrating on its own "
                "tasks. Cooperation between sectors, let alone “interfering” in another sector’s affairs, is seen "
                "as awkward or even to be avoided. This “everyone minds their own patch” mentality significantly "
                "hinders building development that is customer-centric and aims to produce value."),
              _("Customer-centric organisation at the tactical tier is at level 1 or below."), (OULU,)),
    Challenge(5, _("A shared language for implementing a customer-centric strategy is missing"),
              _("The municipality has no shared experience of how to structure and talk about a customer-centric "
                "strategy and its implementation. This shows especially in the communication between the "
                "municipality’s decision-makers and employees and in the discussions between sectors."),
              _("In customer-centric strategic steering, the strategic tier is at least two levels above the "
                "operational tier.")),
    Challenge(6, _("The target state of customer-centricity is missing: where does a bigger picture to drive "
                   "development come from?"),
              _("The municipality’s strategy speaks of vitality and of developing residents’ wellbeing. These "
                "important policies need a clear target state that draws them together and a description of how "
                "the municipality, by its everyday choices, pursues the value of the target state for its "
                "customers. Without a shared big picture, measures are not linked to the target state and remain "
                "separate efforts of narrow effect."),
              _("Designed customer experience at the strategic tier is at level 1 or below, or “immature” is the most "
                "common answer on the capability to view wellbeing as a whole."), (TURKU,)),
    Challenge(7, _("The role of customer understanding and how to apply it to developing the municipality are "
                   "unclear"),
              _("The municipality has no clear understanding of its customers. It has no view of what resident "
                "understanding should cover or what comprehensive resident understanding could be applied to. "
                "Services are developed and offered as separate functions to people who, as residents of the same "
                "municipality, use many of its services."),
              _("Customer understanding and feedback at the strategic tier is at level 1 or below.")),
    Challenge(8, _("Customer understanding is siloed at the customer interface and the service level"),
              _("At the level that produces the services, customers’ needs are heard and understood and the work is "
                "steered by them within the limits given. The higher up the municipality’s management one goes, the "
                "more rarely this understanding is seen as a strategic resource, and it benefits only single "
                "services. An overall picture of the understanding at the service level could significantly support "
                "the strategic development of the whole municipality."),
              _("In customer understanding and feedback, the operational tier is at least two levels above the "
                "strategic tier."), (OULU,)),
)
