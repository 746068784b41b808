"""The results filters a query string asks for: period, channel and counter, or their errors."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from core.errors import fail
from core.units import Unit, get_counter
from results.periods import PeriodError, parse_period
from results.tallies import CHANNELS, Filters


def read_filters(
    args: Mapping[str, str], unit: Unit, channels: tuple = CHANNELS, default: str = "all"
) -> tuple[Filters | None, dict[str, str]]:
    """The filters asked for, or None and a Vietnamese message per query parameter in error."""
    errors: dict[str, str] = {}
    period = None
    try:
        period = parse_period(args, default=default)
    except PeriodError as error:
        errors[error.field] = str(error)
    channel = args.get("channel") or None
    if channel is not None and channel not in channels:
        if "paper" in channels:
            errors["channel"] = _(
                "Kênh không hợp lệ: chọn mã QR, máy đánh giá tại quầy hoặc phiếu giấy."
            )
        else:
            errors["channel"] = _("Kênh không hợp lệ: chọn mã QR hoặc máy đánh giá tại quầy.")
    counter_id = None
    if args.get("counter"):
        counter = get_counter(unit, args["counter"])
        if counter is None:
            errors["counter"] = _("Quầy không thuộc đơn vị này.")
        else:
            counter_id = counter.id
    if errors or period is None:
        return None, errors
    return Filters(period, channel, counter_id), {}


def filters_from(
    args: Mapping[str, str], unit: Unit, channels: tuple = CHANNELS, default: str = "all"
) -> Filters:
    """The filters of an export or of results by officer; a 400 naming the first error."""
    filters, errors = read_filters(args, unit, channels, default)
    if filters is None:
        fail(400, next(iter(errors.values())))
    return filters
