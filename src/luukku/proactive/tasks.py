"""Background work of the proactive services: a campaign's run."""

from luukku.core.tasks import municipality_task


@municipality_task()
def run_campaign(municipality, campaign_id: int) -> int:
    from . import services
    from .models import Campaign, CampaignStatus

    campaign = Campaign.all_objects.get(pk=campaign_id, municipality=municipality)
    if campaign.status != CampaignStatus.RUNNING:
        return 0
    try:
        return services.run(campaign)
    except Exception as exc:  # shown on the campaign page; starting again resumes where it stopped
        Campaign.all_objects.filter(pk=campaign.pk).update(status=CampaignStatus.FAILED, error=str(exc)[:2000])
        raise
