"""Publication.filed_in: the ids of the columns a publication is filed in, copied from its
catalog links, and an index of the public items by org and filed_in, so that an org's catalog
is counted from that index alone."""

from typing import Any

from django.db import migrations, models

BATCH = 5_000


def fill(apps: Any, schema_editor: Any) -> None:
    Publication = apps.get_model("disclosure", "Publication")
    Link = Publication.catalog_nodes.through
    db = schema_editor.connection.alias
    quote = schema_editor.connection.ops.quote_name
    # Only quoted model metadata goes into the statement's text.
    table, column = quote(Publication._meta.db_table), quote(Publication._meta.get_field("filed_in").column)
    key = quote(Publication._meta.pk.column)
    last = 0
    while True:
        # A batch of publications by id, then their links: bounded memory at any archive size.
        ids = list(
            Publication.objects.using(db).filter(pk__gt=last).order_by("pk").values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return
        columns: dict[int, list[int]] = {}
        for publication_id, node_id in Link.objects.using(db).filter(publication_id__in=ids).values_list(
            "publication_id", "catalognode_id"
        ):
            columns.setdefault(publication_id, []).append(node_id)
        # models.filed_in_value, copied: a migration keeps doing what it did when it was written.
        values = [(",".join(str(pk) for pk in sorted(set(nodes))), pk) for pk, nodes in columns.items()]
        with schema_editor.connection.cursor() as cursor:
            # One prepared statement for the batch instead of a query per publication.
            cursor.executemany(f"UPDATE {table} SET {column} = %s WHERE {key} = %s", values)  # noqa: S608
        last = ids[-1]


class Migration(migrations.Migration):
    dependencies = [
        ("disclosure", "0009_attachment_taken_down"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="filed_in",
            field=models.CharField(blank=True, default="", editable=False, max_length=400, verbose_name="所在栏目"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(
                    ("disclosure_mode", "proactive"),
                    ("published_revision__isnull", False),
                    models.Q(("state", "withdrawn"), _negated=True),
                ),
                fields=["org", "filed_in", "public_from", "state", "disclosure_mode", "published_revision"],
                name="pub_public_org_filed",
            ),
        ),
    ]
