"""Data for the HTTP benchmark and the load test: an open edition copied from the 2023
questionnaire, and zones each with a chief. Bulk inserts, so 200 chiefs take a second."""

import datetime as dt

PASSWORD = "bench passphrase 2026"  # noqa: S105 - throw-away bench database only
EDITION = "2026"


def open_edition():
    """The 2023 questionnaire copied into an open 2026 edition for all regions."""
    from survey.models import Edition
    from survey.questionnaire.editions import edition_copy
    from survey.questionnaire.reference import load_reference

    load_reference()
    edition = edition_copy(
        source=Edition.objects.get(code="2023"),
        code=EDITION,
        name_nl="Bench 2026",
        fieldwork_start=dt.date(2026, 1, 1),
        fieldwork_end=dt.date(2026, 12, 31),
        regions=["VL", "BR", "WA"],
    )
    Edition.objects.filter(pk=edition.pk).update(status=Edition.Status.OPEN)
    edition.refresh_from_db()
    return edition


def chiefs(count: int, *, start=0) -> list[tuple[str, str]]:
    """`count` zones, each with a chief; returns (e-mail, zone code) pairs. Call again with
    another `start` for more."""
    from django.contrib.auth.hashers import make_password

    from survey.models import User, Zone, ZoneMembership

    regions = ["VL", "WA", "BR"]
    zones = Zone.objects.bulk_create(
        Zone(
            code=f"{5000 + index:04d}",
            name_nl=f"Benchzone {index}",
            name_fr=f"Zone bench {index}",
            region=regions[index % 3],
            degurba=1 + index % 3,
            staff=40 + index,
            language="fr" if index % 3 == 1 else "nl",
            valid_from=dt.date(2001, 1, 1),
        )
        for index in range(start, start + count)
    )
    password = make_password(PASSWORD)
    users = User.objects.bulk_create(
        User(email=f"chief{index}@bench.example", password=password, first_name="Chief")
        for index in range(start, start + count)
    )
    ZoneMembership.objects.bulk_create(
        ZoneMembership(user=user, zone=zone, role=ZoneMembership.Role.CHIEF)
        for user, zone in zip(users, zones, strict=True)
    )
    return [(user.email, zone.code) for user, zone in zip(users, zones, strict=True)]
