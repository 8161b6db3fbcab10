"""The range of dates the survey can hold: nothing before 2000, nothing far in the future.

A date outside it is a typing or conversion slip (`0001-01-01` from an empty spreadsheet cell,
a year 20233), and one such row used to break every page, chart and file that shows the dates.
Models, forms and imports validate with these functions; computations skip what lies outside.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

EARLIEST = dt.date(2000, 1, 1)
YEARS_AHEAD = 10  # fieldwork is planned ahead, never a decade ahead


def latest_date() -> dt.date:
    today = timezone.localdate()
    return today.replace(year=today.year + YEARS_AHEAD, day=min(today.day, 28))


def earliest_moment() -> dt.datetime:
    return dt.datetime.combine(EARLIEST, dt.time(), tzinfo=dt.UTC)


def latest_moment() -> dt.datetime:
    """A past event (a submission) cannot lie after now; a day's slack for clocks."""
    return timezone.now() + dt.timedelta(days=1)


def validate_plausible_date(value) -> None:
    if value is not None and not (EARLIEST <= value <= latest_date()):
        raise ValidationError(
            _("Give a date between %(start)s and %(end)s.")
            % {"start": date_format(EARLIEST), "end": date_format(latest_date())},
            code="implausible_date",
        )


def is_past_moment(value) -> bool:
    try:
        return earliest_moment() <= value <= latest_moment()
    except OverflowError:  # year 1 in a zone east of UTC lies before the first representable
        return False


def validate_past_moment(value) -> None:
    if value is not None and not is_past_moment(value):
        raise ValidationError(
            _("Give a moment between %(start)s and now.") % {"start": date_format(EARLIEST)},
            code="implausible_date",
        )
