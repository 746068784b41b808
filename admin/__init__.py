"""Administration: units, counters and staff accounts within the admin's subtree.

It imports core, auth, forms and inspections (whose checklists it publishes, issue #16);
the demo names the other parts' seeders by module.
"""

from flask import Flask, url_for
from flask_babel import gettext as _

from admin.publish_scope import PUBLISHING_LEVELS
from auth.staff import ORDER_ADMIN, Link, provide_links


def init_app(app: Flask) -> None:
    """Register the admin blueprint and its home-page links."""
    from admin import checklists, definitions, views

    app.register_blueprint(views.bp)
    app.register_blueprint(definitions.bp)
    app.register_blueprint(checklists.bp)


@provide_links
def _admin_links(unit, user) -> list[Link]:
    """Admins manage each unit they can see."""
    if user.role != "admin":
        return []
    links = [
        Link(
            _("Quản lý đơn vị, quầy và tài khoản"),
            url_for("admin.unit", code=unit.code),
            order=ORDER_ADMIN,
        )
    ]
    if user.unit.level in PUBLISHING_LEVELS:
        links.append(
            Link(
                _("Đăng mẫu phiếu khảo sát"),
                url_for("definitions.index", code=unit.code),
                order=ORDER_ADMIN,
            )
        )
        links.append(
            Link(
                _("Đăng danh mục kiểm tra"),
                url_for("checklist_definitions.index", code=unit.code),
                order=ORDER_ADMIN,
            )
        )
    return links
