"""The punch time index: BRIN on PostgreSQL (cheap to maintain on bulk loads), else B-tree."""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX attendance_punch_at_brin ON attendance_punch USING brin (at)"
        )
    else:
        schema_editor.execute(
            "CREATE INDEX attendance_punch_at_brin ON attendance_punch (tenant_id, at)"
        )


def drop(apps, schema_editor):
    schema_editor.execute("DROP INDEX attendance_punch_at_brin")


class Migration(migrations.Migration):
    dependencies = [("attendance", "0004_punch_drop_tenant_at_btree")]

    operations = [migrations.RunPython(create, drop)]
