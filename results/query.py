"""The results filters a query string asks for: period, channel and counter, or a 400."""

from __future__ import annotations

from collections.abc import Mapping

from flask_babel import gettext as _

from core.errors import fail
from core.units import Unit, get_counter
from results.periods import PeriodError, parse_period
from results.tallies import CHANNELS, Filters


def filters_from(args: Mapping[str, str], unit: Unit, channels: tuple = CHANNELS) -> Filters:
    """The filters of the results page and its exports, and of results by officer."""
    try:
        period = parse_period(args)
    except PeriodError as error:
        fail(400, str(error))
    channel = args.get("channel") or None
    if channel is not None and channel not in channels:
        if "paper" in channels:
            fail(400, _("Kênh không hợp lệ: chọn mã QR, máy đánh giá tại quầy hoặc phiếu giấy."))
        fail(400, _("Kênh không hợp lệ: chọn mã QR hoặc máy đánh giá tại quầy."))
    counter_id = None
    if args.get("counter"):
        counter = get_counter(unit, args["counter"])
        if counter is None:
            fail(400, _("Quầy không thuộc đơn vị này."))
        counter_id = counter.id
    return Filters(period, channel, counter_id)
