"""The staff home page: a task list per unit, each part offering the tasks of its jobs."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, render_template
from flask_login import current_user, login_required

from core import units
from core.units import Unit

bp = Blueprint("staff", __name__, url_prefix="/staff")


@dataclass(frozen=True)
class Link:
    """A task on the staff home page: what to do, where, and how far it has got."""

    label: str
    url: str
    # What is done or waiting, in a few words ("3/42 mục đã đánh giá"); GOV.UK's task status.
    status: str = ""
    # Sub-tasks named one by one (each inspection's minutes), so that no two read alike.
    items: tuple["Link", ...] = ()
    # Where the task sits in the list: the jobs in the order a year's work meets them.
    order: int = 50


# Filled by each part's init_app: a function (unit, user) -> [Link].
LINK_PROVIDERS: list[Callable] = []


def provide_links(provider: Callable) -> Callable:
    """Register a function that offers home-page links for a unit."""
    LINK_PROVIDERS.append(provider)
    return provider


# Task order on the home page (issue #14): the year's results first, the admin's last.
ORDER_RESULTS, ORDER_PAPER, ORDER_POSTERS = 10, 20, 30
ORDER_INSPECTIONS, ORDER_MINUTES, ORDER_ACTIONS = 40, 50, 60
ORDER_KIOSK, ORDER_ADMIN = 70, 90


def staff_links(unit: Unit) -> list[Link]:
    """Every task the current user has for a unit, in the order of the year's work."""
    found = [link for provider in LINK_PROVIDERS for link in provider(unit, current_user)]
    return sorted(found, key=lambda link: link.order)


def form_error_list(form) -> list[tuple[str, str]]:
    """WTForms errors as (field id, message) for the error summary."""
    return [
        (form[name].id, message)
        for name, messages in form.errors.items()
        if name in form
        for message in messages
    ]


@bp.route("/")
@login_required
def home():
    """The tasks of the signed-in user's role, for each unit they may see that has any."""
    tasks = [(unit, staff_links(unit)) for unit in units.subtree(current_user.unit)]
    return render_template("staff/home.html", tasks=[(u, t) for u, t in tasks if t])


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(staff_links=staff_links, form_error_list=form_error_list)
