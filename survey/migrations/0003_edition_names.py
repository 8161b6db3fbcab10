from django.db import migrations, models


class Migration(migrations.Migration):
    """An edition's name in every language, like the rest of the questionnaire's wording."""

    dependencies = [
        ("survey", "0002_fieldwork"),
    ]

    operations = [
        migrations.RenameField(model_name="edition", old_name="name", new_name="name_nl"),
        migrations.AlterField(
            model_name="edition",
            name="name_nl",
            field=models.CharField(max_length=200, verbose_name="name (nl)"),
        ),
        migrations.AddField(
            model_name="edition",
            name="name_fr",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (fr)"),
        ),
        migrations.AddField(
            model_name="edition",
            name="name_de",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (de)"),
        ),
        migrations.AddField(
            model_name="edition",
            name="name_en",
            field=models.CharField(blank=True, max_length=200, verbose_name="name (en)"),
        ),
    ]
