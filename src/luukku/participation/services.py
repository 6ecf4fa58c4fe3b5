"""Writes of participatory budgeting: one function per use case, each in a transaction."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from luukku.core import clock, geo
from luukku.core.lifecycle import move
from luukku.core.services import record_event
from luukku.people import hetu as hetu_module

from .lifecycle import PROPOSAL
from .models import (PHASE_STARTS, Area, Ballot, BallotChoice, Budget, BudgetChange, BudgetChangeKind, Comment,
                     FollowUp, Phase, Plan, Proposal, ProposalImage, ProposalStatus, Rule, VoterMark)

MAX_IMAGES = 5


# --- the budget: dates, rule, areas and phases (managers) ----------------------------------------

DATE_FIELDS = ("informing_starts", "proposals_starts", "screening_starts", "voting_starts", "voting_ends",
               "results_starts", "follow_up_starts")  # in the order they must come
RULE_FIELDS = ("rule", "threshold_percent", "min_plans", "max_plans", "minimum_age")
BUDGET_FIELDS = ("title", "description", *DATE_FIELDS, *RULE_FIELDS)


def _label(field: str) -> str:
    return str(Budget._meta.get_field(field).verbose_name)


def _day(value):
    """A date field's value, or the local day of a date-time (voting opens and closes to the second)."""
    return timezone.localdate(value) if hasattr(value, "tzinfo") else value


def budget_errors(values: dict) -> dict[str, list[str]]:
    """What is wrong with a budget's dates and rule, by field (empty: nothing). The form shows these
    next to their fields; the service refuses with them too. Missing values are not judged here."""
    errors: dict[str, list[str]] = {}
    previous = None
    for field in DATE_FIELDS:
        value = values.get(field)
        if value is None:
            continue
        if field == "voting_ends" and values.get("voting_starts") is not None:
            if value <= values["voting_starts"]:
                errors.setdefault(field, []).append(_("The voting must close after it opens."))
        elif previous is not None and _day(value) < _day(values[previous]):
            errors.setdefault(field, []).append(_("“%(this)s” cannot be before “%(previous)s”.")
                                                % {"this": _label(field).capitalize(), "previous": _label(previous)})
        previous = field
    rule = values.get("rule")
    threshold, min_plans, max_plans = values.get("threshold_percent"), values.get("min_plans"), values.get("max_plans")
    if rule == Rule.KNAPSACK and threshold is not None and not 0 <= threshold <= 100:
        errors.setdefault("threshold_percent", []).append(_("Give the minimum share as a percentage from 0 to 100."))
    if rule == Rule.MINIMUM and not min_plans:
        errors.setdefault("min_plans", []).append(_("This rule needs a minimum number of plans, at least 1."))
    if rule == Rule.APPROVAL and max_plans is not None and max_plans < max(min_plans or 0, 1):
        errors.setdefault("max_plans", []).append(
            _("The maximum number of plans must be at least 1 and not less than the minimum."))
    return errors


def _normalised(values: dict) -> dict:
    """The rule's parameters that another rule does not use are set back to their defaults, so that
    a budget never carries a threshold its rule ignores."""
    values = dict(values)
    rule = values.get("rule")
    if rule != Rule.KNAPSACK:
        values["threshold_percent"] = 0
    if rule == Rule.KNAPSACK:
        values["min_plans"] = 0
    if rule != Rule.APPROVAL:
        values["max_plans"] = None
    return values


def area_errors(areas: list[dict]) -> list[str]:
    """What is wrong with a budget's areas as a whole (each row's own fields are the form's)."""
    kept = [a for a in areas if not a.get("delete")]
    errors = []
    if sum(1 for a in kept if a.get("is_whole")) != 1:
        errors.append(_("Mark exactly one area as the whole municipality."))
    names = [a["name"].strip().casefold() for a in kept]
    if len(names) != len(set(names)):
        errors.append(_("Give each area a different name."))
    if any(not a.get("amount") or a["amount"] <= 0 for a in kept):
        errors.append(_("Give each area's amount in euros, more than zero."))
    return errors


def _areas_text(areas) -> str:
    return "; ".join(f"{a['name']}{' *' if a['is_whole'] else ''} {a['amount']} €" for a in areas)


def _current_areas(budget) -> list[dict]:
    return [{"id": a.pk, "name": a.name, "amount": a.amount, "is_whole": a.is_whole}
            for a in Area.all_objects.filter(budget=budget).order_by("-is_whole", "name", "pk")]


def _text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "tzinfo"):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _save_areas(budget: Budget, areas: list[dict]) -> None:
    existing = {a.pk: a for a in Area.all_objects.filter(budget=budget)}
    for row in areas:
        area = existing.get(row.get("id")) if row.get("id") else None
        if row.get("delete"):
            if area is not None:
                try:
                    area.delete()
                except (ProtectedError, RestrictedError):
                    raise ValidationError(
                        _("“%(area)s” has proposals or plans, so it cannot be removed.") % {"area": area.name},
                        code="area_in_use") from None
            continue
        area = area or Area(municipality=budget.municipality, budget=budget)
        area.name, area.amount, area.is_whole = row["name"].strip(), row["amount"], bool(row["is_whole"])
        area.save()


def create_budget(municipality, *, slug: str, areas: list[dict], by_user=None, **fields) -> Budget:
    """A new budget with its areas; its first history row lists what it was created with."""
    values = _normalised({name: fields.get(name) for name in BUDGET_FIELDS})
    errors = budget_errors(values)
    if errors:
        raise ValidationError(errors)
    if area_errors(areas):
        raise ValidationError(area_errors(areas), code="areas")
    if Budget.all_objects.filter(municipality=municipality, slug=slug).exists():
        raise ValidationError({"slug": _("Another budget already has this URL name.")})
    with transaction.atomic():
        budget = Budget.all_objects.create(municipality=municipality, slug=slug, **values)
        _save_areas(budget, areas)
        changes = [{"field": f, "old": "", "new": _text(values[f])} for f in (*DATE_FIELDS, *RULE_FIELDS)]
        changes.append({"field": "areas", "old": "", "new": _areas_text(_current_areas(budget))})
        BudgetChange.all_objects.create(municipality=municipality, budget=budget, by_user=by_user,
                                        kind=BudgetChangeKind.CREATED, changes=changes)
        record_event(municipality=municipality, kind="participation.budget.created", obj=budget, actor=by_user)
    return budget


def update_budget(budget: Budget, *, areas: list[dict] | None = None, by_user=None, **fields) -> Budget:
    """The manager's edit. Once the voting has opened, the rule and the areas stay as the voters met
    them (refused with a message); the dates may still move, in order. Every change is in the history."""
    with transaction.atomic():
        budget = Budget.all_objects.select_for_update().get(pk=budget.pk)
        values = _normalised({name: fields.get(name, getattr(budget, name)) for name in BUDGET_FIELDS})
        errors = budget_errors(values)
        if errors:
            raise ValidationError(errors)
        if areas is not None and area_errors(areas):
            raise ValidationError(area_errors(areas), code="areas")
        old_areas = _current_areas(budget)
        areas_changed = areas is not None and _areas_changed(old_areas, areas)
        changed = [f for f in BUDGET_FIELDS if values[f] != getattr(budget, f)]
        if clock.now() >= budget.voting_starts:
            if any(f in RULE_FIELDS for f in changed):
                raise ValidationError(_("The voting has started: the voting rule and the minimum age can no "
                                        "longer be changed."), code="voting_started")
            if areas_changed:
                raise ValidationError(_("The voting has started: the areas and their amounts can no longer be "
                                        "changed."), code="voting_started")
        # The description is named as changed, not quoted: the history is about dates, rule and areas.
        history = [{"field": f, "old": "" if f == "description" else _text(getattr(budget, f)),
                    "new": "" if f == "description" else _text(values[f])} for f in changed]
        for field in changed:
            setattr(budget, field, values[field])
        if changed:
            budget.save(update_fields=changed)
        if areas_changed:
            _save_areas(budget, areas)
            history.append({"field": "areas", "old": _areas_text(old_areas),
                            "new": _areas_text(_current_areas(budget))})
        if history:
            BudgetChange.all_objects.create(municipality=budget.municipality, budget=budget, by_user=by_user,
                                            kind=BudgetChangeKind.EDITED, changes=history)
            record_event(municipality=budget.municipality, kind="participation.budget.changed", obj=budget,
                         actor=by_user, data={"fields": changed + (["areas"] if areas_changed else [])})
    return budget


def set_phase_now(budget: Budget, kind: str, *, by_user=None) -> Budget:
    """The managers' two buttons, one door: "Start the next phase now" (its start becomes today, the
    voting's now; starting the results closes a voting still open) and "Close the voting now". The
    later phases keep their dates, which are after these. The change is appended to the history."""
    with transaction.atomic():
        budget = Budget.all_objects.select_for_update().get(pk=budget.pk)
        now = clock.now()
        today = timezone.localdate(now)
        values = {}
        if kind == BudgetChangeKind.VOTING_CLOSED:
            if not budget.voting_open(now):
                raise ValidationError(_("The voting is not open, so there is nothing to close."), code="not_open")
            values["voting_ends"] = now
        elif kind == BudgetChangeKind.NEXT_PHASE:
            phases = [phase for phase, _field in PHASE_STARTS]
            current = budget.phase(now)
            following = 0 if current == Phase.DRAFT else phases.index(current) + 1
            if following >= len(phases):
                raise ValidationError(_("The budget is in its last phase, the follow-up."), code="last_phase")
            phase, field = PHASE_STARTS[following]
            values[field] = now if field == "voting_starts" else today
            if phase == Phase.RESULTS and budget.voting_open(now):
                values["voting_ends"] = now
        else:
            raise ValidationError(_("Choose what to do."), code="unknown")
        errors = budget_errors({**{f: getattr(budget, f) for f in DATE_FIELDS}, **values})
        if errors:
            raise ValidationError([m for messages in errors.values() for m in messages], code="dates")
        changes = [{"field": f, "old": _text(getattr(budget, f)), "new": _text(v)} for f, v in values.items()]
        for field, value in values.items():
            setattr(budget, field, value)
        budget.save(update_fields=list(values))
        BudgetChange.all_objects.create(municipality=budget.municipality, budget=budget, by_user=by_user, at=now,
                                        kind=kind, changes=changes)
        record_event(municipality=budget.municipality, kind=f"participation.budget.{kind}", obj=budget,
                     actor=by_user, data={"phase": budget.phase(now)})
    return budget


def _areas_changed(old: list[dict], new: list[dict]) -> bool:
    by_id = {a["id"]: a for a in old}
    kept = [a for a in new if not a.get("delete")]
    if len(kept) != len(old) or any(not a.get("id") or a["id"] not in by_id for a in kept):
        return True
    return any((a["name"].strip(), a["amount"], bool(a["is_whole"])) !=
               (by_id[a["id"]]["name"], by_id[a["id"]]["amount"], by_id[a["id"]]["is_whole"]) for a in kept)


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


def link_cooperation(proposal: Proposal, other: Proposal, *, by_user=None) -> None:
    """Two proposals of a budget co-operate (both ways: the link is symmetrical)."""
    if other.budget_id != proposal.budget_id or other.pk == proposal.pk:
        raise ValidationError(_("Choose another proposal of the same budget."), code="cooperation")
    with transaction.atomic():
        proposal.cooperates_with.add(other)
        record_event(municipality=proposal.municipality, kind="participation.proposal.cooperation", obj=proposal,
                     actor=by_user, data={"with": str(other.public_id)})


def hide_comment(comment: Comment, *, reason: str, by_user) -> Comment:
    """Moderation: the comment stays (its author and the history keep it) but the proposal page shows
    the reason in its place."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for removing the comment: it is shown in its place.")})
    with transaction.atomic():
        comment = Comment.all_objects.select_for_update().get(pk=comment.pk)
        if comment.hidden_at is not None:
            raise ValidationError(_("The comment has already been removed."), code="hidden")
        comment.hidden_at, comment.hidden_by, comment.hidden_reason = clock.now(), by_user, reason[:500]
        comment.save(update_fields=["hidden_at", "hidden_by", "hidden_reason"])
        record_event(municipality=comment.municipality, kind="participation.comment.hidden", obj=comment,
                     actor=by_user)
    return comment


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
    """A step of a winning plan's implementation, once the results are published."""
    from .selectors import winners

    budget = Budget.all_objects.get(pk=plan.budget_id)  # as stored now: a caller's copy may predate publishing
    if not budget.results_published_at or plan.pk not in {p.pk for p in winners(budget)}:
        raise ValidationError(_("Follow-up is written for the winning plans once the results are published."),
                              code="not_a_winner")
    if not text.strip():
        raise ValidationError({"text": _("Say what was done.")})
    if not 0 <= progress <= 100:
        raise ValidationError({"progress": _("Give the progress as a percentage from 0 to 100.")})
    with transaction.atomic():
        step = FollowUp.all_objects.create(municipality=plan.municipality, plan=plan, text=text.strip(),
                                           progress=progress, by_user=by_user)
        record_event(municipality=plan.municipality, kind="participation.plan.follow_up", obj=plan, actor=by_user,
                     data={"progress": progress})
    return step


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
