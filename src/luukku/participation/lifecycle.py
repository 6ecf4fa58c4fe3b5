"""A proposal's statuses: screened, costed, merged into a plan; every move through core.lifecycle."""

from django.utils.translation import gettext_lazy as _

from luukku.core.lifecycle import Lifecycle, labels

from .models import Proposal, ProposalChange, ProposalStatus as S

PROPOSAL = Lifecycle(
    model=Proposal,
    table={S.SUBMITTED: {S.FEASIBLE, S.NOT_FEASIBLE}, S.FEASIBLE: {S.COSTED, S.NOT_FEASIBLE},
           S.NOT_FEASIBLE: {S.FEASIBLE}, S.COSTED: {S.MERGED, S.COSTED}},
    history=lambda proposal, change: ProposalChange(
        municipality=proposal.municipality, proposal=proposal, at=change.at, by_user=change.by_user,
        from_status=change.from_status, to_status=change.to_status, reason=change.reason),
    event_prefix="participation.proposal",
    refusal=_("A proposal that is “%(from)s” cannot become “%(to)s”."),
    label=labels(S),
)
