from django.db import migrations, models


def existing_cursors_describe_schema_2(apps, schema_editor):  # type: ignore[no-untyped-def]
    # Schema 2 was the last before this field: the indexer rebuilds such an index into the new
    # schema's directory on its next run.
    apps.get_model("search", "IndexCursor").objects.update(schema_version=2)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_vocabularystamp"),
    ]

    operations = [
        migrations.AddField(
            model_name="indexcursor",
            name="schema_version",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="索引结构版本"),
        ),
        migrations.RunPython(existing_cursors_describe_schema_2, migrations.RunPython.noop),
    ]
