"""Idempotency keys belong to one credential (token or session), not to a user.

Stored keys are only a 24-hour replay cache: the ones kept before this change were
claimed per user and cannot be told apart by credential, so they are dropped (a retry
of a request made just before the upgrade runs again instead of replaying)."""
from django.db import migrations, models


def drop_user_scoped_keys(apps, schema_editor):
    apps.get_model("api", "IdempotencyKey").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ("api", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(drop_user_scoped_keys, migrations.RunPython.noop),
        migrations.RemoveConstraint(model_name="idempotencykey", name="idempotency_key_unique_per_user"),
        migrations.AddField(
            model_name="idempotencykey",
            name="credential",
            field=models.CharField(default="", help_text="token:<id> or session:<user id>", max_length=40),
            preserve_default=False,
        ),
        migrations.AddConstraint(
            model_name="idempotencykey",
            constraint=models.UniqueConstraint(fields=("credential", "key"), name="idempotency_key_unique_per_credential"),
        ),
    ]
