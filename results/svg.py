"""Our own matplotlib SVG made safe to serve under the CSP (no inline style, no script).

matplotlib writes `style="fill: ...; stroke: ..."` attributes and a `<style>` element;
every response carries the CSP `style-src 'self'`, under which Chromium drops both when
the chart is opened as a document. Every property matplotlib uses is also an SVG
presentation attribute, which the CSP does not govern, so we move them there. Ids are
prefixed so that a chart's ids stay distinct wherever its markup ends up.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET  # noqa: S405 - parses our own matplotlib output only

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
PRESENTATION = {
    "fill",
    "fill-opacity",
    "fill-rule",
    "stroke",
    "stroke-width",
    "stroke-linejoin",
    "stroke-linecap",
    "stroke-opacity",
    "stroke-dasharray",
    "stroke-dashoffset",
    "stroke-miterlimit",
    "opacity",
    "clip-rule",
    "font-family",
    "font-size",
    "font-weight",
    "font-style",
    "text-anchor",
    "dominant-baseline",
}
# matplotlib's text style with svg.fonttype 'none': "font: 400 10px 'DejaVu Sans'".
FONT = re.compile(
    r"^(?:(?P<style>italic|oblique|normal) )?(?:(?P<weight>\d{3}|bold|normal) )?"
    r"(?P<size>[\d.]+px) (?P<family>.+)$"
)
DROP = {"script", "foreignObject", "style", "metadata", "title", "a", "iframe"}
URL_REF = re.compile(r"url\(#([^)]+)\)")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def standalone_svg(document: str, prefix: str, title: str) -> str:
    """Matplotlib's SVG document, served as is: presentation attributes, prefixed ids, a title."""
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    root = ET.fromstring(document)  # noqa: S314 - trusted input, see module docstring
    # The <style> matplotlib adds holds only '* {stroke-linejoin; stroke-linecap}'.
    root.set("stroke-linejoin", "round")
    root.set("stroke-linecap", "butt")
    _drop(root)
    for element in root.iter():
        for name in list(element.attrib):
            local = _local(name)
            value = element.attrib[name]
            if local.startswith("on"):
                del element.attrib[name]
            elif local == "style":
                del element.attrib[name]
                for declaration in value.split(";"):
                    prop, _, val = declaration.partition(":")
                    prop, val = prop.strip(), val.strip()
                    if prop == "font" and (match := FONT.match(val)):
                        for part, found in match.groupdict().items():
                            if found:
                                fallback = ", Arial, sans-serif" if part == "family" else ""
                                element.set(f"font-{part}", found + fallback)
                    elif prop in PRESENTATION and val:
                        element.set(prop, URL_REF.sub(rf"url(#{prefix}-\1)", val))
            elif local == "id":
                element.set(name, f"{prefix}-{value}")
            elif local == "href":
                if not value.startswith("#"):
                    del element.attrib[name]  # only references inside the chart
                else:
                    element.set(name, f"#{prefix}-{value[1:]}")
            elif "url(#" in value:
                element.set(name, URL_REF.sub(rf"url(#{prefix}-\1)", value))
    # width and height (in pt) stay: the chart's own size when opened by itself; the
    # page's <img> scales it to its box by the viewBox.
    root.set("role", "img")
    root.set("aria-labelledby", f"{prefix}-title")
    root.set("class", "chart-svg")
    label = ET.Element(f"{{{SVG}}}title", {"id": f"{prefix}-title"})
    label.text = title
    root.insert(0, label)
    markup = ET.tostring(root, encoding="unicode")
    if "<script" in markup or "javascript:" in markup:
        raise ValueError("chart SVG must not carry script")
    return markup


def _drop(parent: ET.Element) -> None:
    for child in list(parent):
        if _local(child.tag) in DROP:
            parent.remove(child)
        else:
            _drop(child)
