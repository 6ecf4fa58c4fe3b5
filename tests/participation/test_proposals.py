"""Proposals: submitted in the proposals phase with checked images, screened, costed, merged into plans;
comments and co-operation; every status change in the history."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from luukku.core import clock
from luukku.core.models import DomainEvent
from luukku.eservices.attachments import MAX_FILE_BYTES
from luukku.participation import services
from luukku.participation.models import Phase, ProposalChange, ProposalStatus

from ..photos import CAMERA, jpeg_with_gps
from .conftest import make_budget

pytestmark = pytest.mark.django_db


@pytest.fixture
def open_for_proposals(pb):
    """The same budget a day into its proposals phase."""
    budget = pb["budget"]
    with clock.frozen_at(dt.datetime.combine(budget.proposals_starts, dt.time(12))):
        assert budget.phase() == Phase.PROPOSALS
        yield pb


def propose(pb, **kw):
    return services.submit_proposal(pb["budget"], pb["aino"], area=kw.pop("area", pb["areas"]["north"]),
                                    title=kw.pop("title", "Valot polulle"), text="Polku on pimeä.",
                                    latitude=62.6, longitude=29.7, **kw)


def test_phases_follow_the_dates(pb):
    budget = pb["budget"]
    assert budget.phase() == Phase.VOTING and budget.voting_open()
    with clock.frozen_at(dt.datetime.combine(budget.informing_starts, dt.time(9))):
        assert budget.phase() == Phase.INFORMING
    with clock.frozen_at(dt.datetime.combine(budget.results_starts, dt.time(9))):
        assert budget.phase() == Phase.RESULTS and not budget.voting_open()


def test_proposal_outside_its_phase_is_refused(pb):
    with pytest.raises(ValidationError, match="Proposals are not being taken now"):
        propose(pb)


def test_image_is_stored_without_its_location(open_for_proposals):
    photo = SimpleUploadedFile("polku.jpg", jpeg_with_gps(), content_type="image/jpeg")
    proposal = propose(open_for_proposals, images=[photo])
    stored = proposal.images.get()
    data = stored.file.read()
    assert stored.content_type == "image/jpeg" and CAMERA.encode() not in data and b"GPS" not in data
    assert (proposal.latitude, proposal.longitude) == (62.6, 29.7)


def test_oversized_image_is_refused_with_its_limit(open_for_proposals):
    big = SimpleUploadedFile("iso.jpg", b"\xff\xd8\xff" + b"0" * MAX_FILE_BYTES, content_type="image/jpeg")
    with pytest.raises(ValidationError) as err:
        propose(open_for_proposals, images=[big])
    assert "10 M" in err.value.messages[0]  # the limit, in the reader's language
    assert not open_for_proposals["budget"].proposals.exists()


def test_screen_cost_and_merge_through_the_lifecycle(open_for_proposals):
    pb = open_for_proposals
    staff = pb["aino"].user  # any user: the service records who; the staff pages gate who may
    first, second = propose(pb), propose(pb, title="Lisää valoja")
    rejected = propose(pb, title="Kuu taivaalle")
    with pytest.raises(ValidationError):
        services.screen(rejected, feasible=False, reason="")  # the reason is required
    services.screen(rejected, feasible=False, reason="Ei kunnan tehtävä.", by_user=staff)
    for p in (first, second):
        services.screen(p, feasible=True, by_user=staff)
        services.cost(p, price=15_000, explanation="Kymmenen valaisinta.", by_user=staff)
    with pytest.raises(ValidationError, match="cannot become"):
        services.cost(rejected, price=1, explanation="x")
    plan = services.make_plan(pb["budget"], area=pb["areas"]["north"], title="Valaistu polku", description="",
                              price=28_000, proposals=[first, second], by_user=staff)
    first.refresh_from_db()
    rejected.refresh_from_db()
    assert (first.status, first.plan, first.price) == (ProposalStatus.MERGED, plan, 15_000)
    assert (rejected.status, rejected.reason) == (ProposalStatus.NOT_FEASIBLE, "Ei kunnan tehtävä.")
    assert list(ProposalChange.all_objects.filter(proposal=first).values_list("to_status", flat=True)
                .order_by("at", "pk")) == ["feasible", "costed", "merged"]
    assert DomainEvent.all_objects.filter(kind="participation.proposal.status_changed").count() == 7


def test_comment_with_script_is_shown_as_text(open_for_proposals):
    proposal = propose(open_for_proposals)
    comment = services.add_comment(proposal, open_for_proposals["bertil"], "<script>alert(1)</script> Hyvä!")
    html = Template("{{ c.text }}").render(Context({"c": comment}))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; Hyvä!" in html
    with pytest.raises(ValidationError, match="Write a comment"):
        services.add_comment(proposal, open_for_proposals["bertil"], "   ")


def test_cooperation_links_proposals_of_the_same_budget(open_for_proposals):
    pb = open_for_proposals
    a, b = propose(pb), propose(pb, title="Toinen")
    services.link_cooperation(a, b)
    assert list(b.cooperates_with.all()) == [a]
    other = make_budget(pb["municipality"], slug="muu")
    from luukku.participation.models import Area, Proposal
    area = Area.all_objects.create(municipality=pb["municipality"], budget=other, name="X", amount=1)
    stranger = Proposal.all_objects.create(municipality=pb["municipality"], budget=other, area=area, title="t", text="t")
    with pytest.raises(ValidationError):
        services.link_cooperation(a, stranger)
