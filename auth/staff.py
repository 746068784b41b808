"""The staff home page: each part offers links for the units a user may see."""

from collections.abc import Callable
from dataclasses import dataclass

from flask import Blueprint, Flask, render_template
from flask_login import current_user, login_required

from core import units
from core.units import Unit

bp = Blueprint("staff", __name__, url_prefix="/staff")


@dataclass(frozen=True)
class Link:
    """A labelled link on the staff home page."""

    label: str
    url: str


# Filled by each part's init_app: a function (unit, user) -> [Link].
LINK_PROVIDERS: list[Callable] = []


def provide_links(provider: Callable) -> Callable:
    """Register a function that offers home-page links for a unit."""
    LINK_PROVIDERS.append(provider)
    return provider


def staff_links(unit: Unit) -> list[Link]:
    """Every link the current user has for a unit."""
    return [link for provider in LINK_PROVIDERS for link in provider(unit, current_user)]


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
    """Links to the work of the signed-in user's role, for each unit they may see."""
    return render_template("staff/home.html", units=units.subtree(current_user.unit))


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
    app.jinja_env.globals.update(staff_links=staff_links, form_error_list=form_error_list)
