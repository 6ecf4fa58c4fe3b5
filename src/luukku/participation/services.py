"""Writes of participatory budgeting: one function per use case, each in a transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from luukku.core import clock, geo
from luukku.core.lifecycle import move
from luukku.core.services import record_event
from luukku.people import hetu as hetu_module

from .lifecycle import PROPOSAL
from .models import (Ballot, BallotChoice, Budget, Comment, FollowUp, Phase, Plan, Proposal, ProposalImage,
                     ProposalStatus, Rule, VoterMark)

MAX_IMAGES = 5


# --- proposals -----------------------------------------------------------------------------------

def submit_proposal(budget: Budget, person, *, area, title: str, text: str, address: str = "", latitude=None,
                    longitude=None, images=()) -> Proposal:
    """A resident's proposal, in the proposals phase; images (files, or (file, what it shows) pairs)
    checked and stripped as every upload is; a point on the map must be inside the municipality."""
    from luukku.eservices.attachments import checked_file

    if budget.phase() != Phase.PROPOSALS:
        raise ValidationError(_("Proposals are not being taken now."), code="phase")
    if area.budget_id != budget.pk:
        raise ValidationError({"area": _("Choose one of this budget's areas.")})
    if (latitude is None) != (longitude is None):
        raise ValidationError({"address": _("The place on the map was incomplete. Choose it again, or write "
                                            "the place in words.")})
    boundary = budget.municipality.boundary
    if latitude is not None and boundary and not geo.contains(boundary, latitude, longitude):
        raise ValidationError({"address": _("The place is outside the municipality. Choose a place inside "
                                            "the border.")})
    images = [(item, "") if not isinstance(item, tuple) else item for item in images]
    if len(images) > MAX_IMAGES:
        raise ValidationError({"images": _("Add at most %(n)s images.") % {"n": MAX_IMAGES}})
    checked = []
    for image, alt in images:
        try:
            file, content_type, size, sha256 = checked_file(image)  # ValidationError says what to fix
        except ValidationError as exc:
            raise ValidationError({"images": [f"{getattr(image, 'name', '')}: {m}" for m in exc.messages]}) from None
        if not content_type.startswith("image/"):
            raise ValidationError({"images": _("%(name)s: add images as JPEG or PNG.")
                                   % {"name": getattr(image, "name", "")}})
        checked.append((file, content_type, size, sha256, (alt or "").strip()[:300]))
    with transaction.atomic():
        proposal = Proposal.all_objects.create(
            municipality=budget.municipality, budget=budget, area=area, author=person, title=title.strip(),
            text=text.strip(), address=(address or "").strip()[:200], latitude=latitude, longitude=longitude)
        for file, content_type, size, sha256, alt in checked:
            image = ProposalImage(municipality=budget.municipality, proposal=proposal, content_type=content_type,
                                  size=size, sha256=sha256, alt=alt)
            image.file.save(getattr(file, "name", "") or "image", file, save=False)
            image.save()
        record_event(municipality=budget.municipality, kind="participation.proposal.submitted", obj=proposal)
    return proposal


def add_comment(proposal: Proposal, person, text: str) -> Comment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Write a comment.")})
    if len(text) > 5000:
        raise ValidationError({"text": _("Shorten the comment to at most 5000 characters.")})
    return Comment.all_objects.create(municipality=proposal.municipality, proposal=proposal, author=person,
                                      text=text)


def link_cooperation(proposal: Proposal, other: Proposal) -> None:
    if other.budget_id != proposal.budget_id or other.pk == proposal.pk:
        raise ValidationError(_("Choose another proposal of the same budget."))
    proposal.cooperates_with.add(other)


def _locked(proposal: Proposal) -> Proposal:
    return Proposal.all_objects.select_for_update().get(pk=proposal.pk)


def screen(proposal: Proposal, *, feasible: bool, reason: str = "", by_user=None) -> Proposal:
    if not feasible and not reason.strip():
        raise ValidationError({"reason": _("Say why the proposal is not feasible.")})
    with transaction.atomic():
        proposal = _locked(proposal)
        to = ProposalStatus.FEASIBLE if feasible else ProposalStatus.NOT_FEASIBLE
        move(PROPOSAL, proposal, to, by_user=by_user, reason=reason.strip(),
             also={"reason": "" if feasible else reason.strip()})
    return proposal


def cost(proposal: Proposal, *, price: int, explanation: str, by_user=None) -> Proposal:
    if price is None or price <= 0:
        raise ValidationError({"price": _("Give the price in euros, more than zero.")})
    if not explanation.strip():
        raise ValidationError({"price_explanation": _("Explain how the price was reached.")})
    with transaction.atomic():
        proposal = _locked(proposal)
        move(PROPOSAL, proposal, ProposalStatus.COSTED, by_user=by_user,
             also={"price": price, "price_explanation": explanation.strip()})
    return proposal


def make_plan(budget: Budget, *, area, title: str, description: str, price: int, proposals, by_user=None) -> Plan:
    """A plan for the vote from costed proposals of the same area; they move to `merged`."""
    if not title.strip():
        raise ValidationError({"title": _("Give the plan a title.")})
    if price is None or price <= 0:
        raise ValidationError({"price": _("Give the price in euros, more than zero.")})
    if price > area.amount:
        raise ValidationError({"price": _("The price is more than the area's amount.")})
    with transaction.atomic():
        plan = Plan.all_objects.create(municipality=budget.municipality, budget=budget, area=area,
                                       title=title.strip(), description=description.strip(), price=price)
        for proposal in proposals:
            if proposal.budget_id != budget.pk or proposal.area_id != area.pk:
                raise ValidationError(_("Merge only proposals of this budget and area."))
            move(PROPOSAL, _locked(proposal), ProposalStatus.MERGED, by_user=by_user, also={"plan": plan})
        record_event(municipality=budget.municipality, kind="participation.plan.created", obj=plan,
                     actor=by_user)
    return plan


def add_follow_up(plan: Plan, *, text: str, progress: int, by_user=None) -> FollowUp:
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give the progress as a percentage from 0 to 100.")})
    return FollowUp.all_objects.create(municipality=plan.municipality, plan=plan, text=text.strip(),
                                       progress=progress, by_user=by_user)


def publish_results(budget: Budget, *, by_user=None) -> Budget:
    if clock.now() < budget.voting_ends:
        raise ValidationError(_("The results can be published once the voting has closed."))
    with transaction.atomic():
        budget = Budget.all_objects.select_for_update().get(pk=budget.pk)
        budget.results_published_at = clock.now()
        budget.save(update_fields=["results_published_at"])
        record_event(municipality=budget.municipality, kind="participation.results_published", obj=budget,
                     actor=by_user)
    return budget


# --- voting --------------------------------------------------------------------------------------

def voter_hash(budget: Budget, code: str) -> str:
    """The keyed hash of the identity code, bound to the budget (so it is not the person's look-up hash)."""
    return hetu_module.lookup_hash(f"{budget.public_id}:{hetu_module.normalize(code)}")


def has_voted(budget: Budget, person) -> bool:
    return VoterMark.all_objects.filter(budget=budget, voter_hash=voter_hash(budget, person.hetu)).exists()


def ineligibility(budget: Budget, person, *, strong: bool) -> str | None:
    """Why the person may not vote, in words, or None. Residence is the register's as synced to the
    person's row: of this municipality and not moved away. Age on the voting's last day."""
    if not strong:
        return _("Voting needs strong identification.")
    if person.municipality_id != budget.municipality_id or person.moved_away_on is not None:
        return _("Only residents of the municipality can vote.")
    last_day = budget.voting_ends.date()
    b = person.birth_date
    age = last_day.year - b.year - ((last_day.month, last_day.day) < (b.month, b.day))
    if age < budget.minimum_age:
        return _("Voting is open to residents aged %(age)s or more.") % {"age": budget.minimum_age}
    return None


def euros(amount) -> str:
    """An amount in euros as the reader's language writes it ("1 200 000" in Finnish and Swedish)."""
    return number_format(amount, decimal_pos=0, force_grouping=True)


def check_choices(budget: Budget, plans) -> list[str]:
    """What is wrong with these plans as a ballot under the budget's rule (empty: nothing)."""
    errors = []
    by_area = {}
    for plan in plans:
        if plan.budget_id != budget.pk:
            errors.append(_("Choose only plans of this budget."))
            return errors
        by_area.setdefault(plan.area, []).append(plan)
    districts = [area for area in by_area if not area.is_whole]
    if len(districts) > 1:
        errors.append(_("You chose plans of %(districts)s. Choose the plans of one district only (besides the "
                        "plans of the whole municipality): remove the plans of the other districts.")
                      % {"districts": ", ".join(sorted(a.name for a in districts))})
    if not by_area:
        errors.append(_("Choose at least one plan."))
    for area, chosen in by_area.items():
        total = sum(p.price for p in chosen)
        if budget.rule in (Rule.KNAPSACK, Rule.MINIMUM) and total > area.amount:
            errors.append(_("%(area)s: your plans cost %(total)s €, more than the %(amount)s € there is. "
                            "Remove a plan.")
                          % {"area": area.name, "total": euros(total), "amount": euros(area.amount)})
        if budget.rule == Rule.KNAPSACK and budget.threshold_percent and \
                total * 100 < area.amount * budget.threshold_percent:
            errors.append(_("%(area)s: choose plans worth at least %(pct)s %% of %(amount)s €.")
                          % {"area": area.name, "pct": budget.threshold_percent, "amount": euros(area.amount)})
        if budget.rule in (Rule.MINIMUM, Rule.APPROVAL) and len(chosen) < budget.min_plans:
            errors.append(_("%(area)s: choose at least %(n)s plans.") % {"area": area.name, "n": budget.min_plans})
        if budget.rule == Rule.APPROVAL and budget.max_plans and len(chosen) > budget.max_plans:
            errors.append(_("%(area)s: choose at most %(n)s plans.") % {"area": area.name, "n": budget.max_plans})
    return errors


def cast_ballot(budget: Budget, person, plan_ids, *, strong: bool, channel: str = "web", agent=None) -> Ballot:
    """The one door for a vote, online or at a service point (`agent`: the staff member who checked
    the present resident's identity, so `strong` is true). Refuses with a ValidationError whose
    messages say what to fix; the database refuses a second ballot even from a concurrent request."""
    if not budget.voting_open():
        raise ValidationError(_("The voting is not open: it closed at %(end)s.")
                              % {"end": date_format(timezone.localtime(budget.voting_ends), "j.n.Y H:i")}
                              if clock.now() >= budget.voting_ends else _("The voting has not opened yet."),
                              code="closed")
    reason = ineligibility(budget, person, strong=strong)
    if reason:
        raise ValidationError(reason, code="ineligible")
    plans = list(Plan.all_objects.filter(budget=budget, pk__in=list(plan_ids)).select_related("area"))
    if len(plans) != len(set(plan_ids)):
        raise ValidationError(_("Choose only plans of this budget."), code="choices")
    errors = check_choices(budget, plans)
    if errors:
        raise ValidationError(errors, code="choices")
    try:
        with transaction.atomic():
            # The mark first: a second vote stops here, before any choice is written.
            VoterMark.all_objects.create(municipality=budget.municipality, budget=budget,
                                         voter_hash=voter_hash(budget, person.hetu), channel=channel,
                                         agent=agent if getattr(agent, "is_authenticated", False) else None)
            ballot = Ballot.all_objects.create(municipality=budget.municipality, budget=budget)
            BallotChoice.all_objects.bulk_create(
                BallotChoice(municipality=budget.municipality, ballot=ballot, budget=budget, plan=plan)
                for plan in plans)
            record_event(municipality=budget.municipality, kind="participation.ballot_cast",
                         object_type="participation.budget", object_id=str(budget.pk), data={"channel": channel})
    except IntegrityError:
        raise ValidationError(_("You have already voted in this budget. Each resident votes once."),
                              code="already_voted") from None
    return ballot
