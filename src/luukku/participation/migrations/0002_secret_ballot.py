import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import luukku.core.clock
from luukku.core.history import guard_operation


def carry_over(apps, schema_editor):
    """Votes cast under 0001 become a mark (the voter's hash, channel, agent, day) and a ballot under a
    fresh random id: the old tables are read into memory here, before they are dropped below."""
    Ballot, Choice = apps.get_model("participation", "Ballot"), apps.get_model("participation", "BallotChoice")
    CARRIED.extend((b.municipality_id, b.budget_id, b.voter_hash, b.channel, b.agent_id, b.cast_at.date(),
                    [(c.plan_id) for c in Choice.objects.filter(ballot_id=b.pk)])
                   for b in Ballot.objects.order_by("?"))


def write_back(apps, schema_editor):
    Mark, Ballot = apps.get_model("participation", "VoterMark"), apps.get_model("participation", "Ballot")
    Choice = apps.get_model("participation", "BallotChoice")
    for municipality_id, budget_id, voter_hash, channel, agent_id, day, plans in CARRIED:
        Mark.objects.create(municipality_id=municipality_id, budget_id=budget_id, voter_hash=voter_hash,
                            channel=channel, agent_id=agent_id, voted_on=day)
        ballot = Ballot.objects.create(municipality_id=municipality_id, budget_id=budget_id)
        Choice.objects.bulk_create(Choice(municipality_id=municipality_id, ballot=ballot, budget_id=budget_id,
                                          plan_id=plan_id) for plan_id in plans)
    CARRIED.clear()


CARRIED: list = []


class Migration(migrations.Migration):
    """Secret ballot: who voted (a keyed hash) and what they chose are kept in separate tables with nothing
    to join them — the ballot loses its voter hash, channel, agent and time, and takes a random id."""

    dependencies = [
        ("core", "0001_initial"),
        ("participation", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="BallotChoice"),
        migrations.DeleteModel(name="Ballot"),
        migrations.CreateModel(
            name="Ballot",
            fields=[
                ("id", models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ("municipality", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to="core.municipality")),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="ballots",
                                             to="participation.budget")),
            ],
        ),
        migrations.CreateModel(
            name="BallotChoice",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("ballot", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="choices",
                                             to="participation.ballot")),
                ("municipality", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to="core.municipality")),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                             to="participation.budget")),
                ("plan", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="choices",
                                           to="participation.plan")),
            ],
            options={"indexes": [models.Index(fields=["budget", "plan"], name="pb_choice_tally_idx")]},
        ),
        migrations.CreateModel(
            name="VoterMark",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("voter_hash", models.CharField(max_length=64)),
                ("channel", models.CharField(default="web", max_length=16)),
                ("voted_on", models.DateField(default=luukku.core.clock.today)),
                ("agent", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                            related_name="+", to=settings.AUTH_USER_MODEL)),
                ("budget", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="voter_marks",
                                             to="participation.budget")),
                ("municipality", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                                   to="core.municipality")),
            ],
            options={"constraints": [models.UniqueConstraint(fields=("budget", "voter_hash"),
                                                             name="pb_one_ballot_per_voter")]},
        ),
        migrations.RunPython(write_back, migrations.RunPython.noop),
        guard_operation(("participation.VoterMark", ("agent_id",)), ("participation.Ballot", ()),
                        ("participation.BallotChoice", ())),
    ]
