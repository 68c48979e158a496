from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("foi", "0004_letter_series_length"),
    ]

    operations = [
        migrations.AddField(
            model_name="application",
            name="notify_sms",
            field=models.BooleanField(default=False, verbose_name="短信提醒办理进度"),
        ),
    ]
