import accord.timezones
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("accord", "0004_user_editor_mode"),
    ]

    operations = [
        migrations.AddField(
            model_name="user",
            name="time_zone",
            field=models.CharField(
                blank=True,
                default="",
                max_length=64,
                validators=[accord.timezones.validate_time_zone],
                verbose_name="time zone",
            ),
        ),
    ]
