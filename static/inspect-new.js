/* Phiếu: the inspection creation form, made quicker by a script it does not need.
 *
 * Without this file the form works as it is: the kind follows from the unit on the
 * server, a blank title is built there, and "Thêm thành viên" posts the form back with
 * one more row. With it, the kind and the title follow the chosen unit and year at once,
 * and a row is added in place (issue #14, item 9). */
(function () {
  "use strict";
  var form = document.getElementById("new-inspection");
  if (!form) { return; }
  var unit = form.querySelector("#unit");
  var kind = form.querySelector("#kind");
  var year = form.querySelector("#year");
  var title = form.querySelector("#title");
  var max = parseInt(form.dataset.maxRows, 10) || 20;

  /* The title the server would build for a kind, from the chosen unit and year. */
  function built(which) {
    var option = unit.options[unit.selectedIndex];
    var pattern = title.dataset["pattern" + which.charAt(0).toUpperCase() + which.slice(1)];
    if (!pattern || !option) { return null; }
    return pattern.replace("{year}", year.value.trim()).replace("{committee}", option.dataset.committee || option.text);
  }
  /* Filled in while the person has not written a title of their own. */
  function suggestTitle() {
    var option = unit.options[unit.selectedIndex];
    var text = built(kind.value || (option && option.dataset.kind) || "external");
    if (text && (title.value === "" || title.value === title.dataset.auto)) {
      title.value = text;
      title.dataset.auto = text;
    }
  }
  // A page sent back with errors holds the title filled in before: still ours to follow.
  if (title.value && (title.value === built("self") || title.value === built("external"))) {
    title.dataset.auto = title.value;
  }
  unit.addEventListener("change", function () {
    var option = unit.options[unit.selectedIndex];
    // The kind follows the unit: itself -> self-inspection, a unit below -> external.
    if (option && option.dataset.kind) { kind.value = option.dataset.kind; }
    suggestTitle();
  });
  kind.addEventListener("change", suggestTitle);
  year.addEventListener("input", suggestTitle);
  suggestTitle();

  /* A copy of the last row, renumbered and emptied: team-1-member becomes team-2-member. */
  function addRow(which, button) {
    var list = form.querySelector('[data-rows="' + which + '"]');
    var rows = list.querySelectorAll(".member-row");
    var last = rows[rows.length - 1];
    var index = rows.length;
    var copy = last.cloneNode(true);
    var from = new RegExp("^" + which + "-\\d+");
    var to = which + "-" + index;
    copy.id = to;
    copy.setAttribute("aria-labelledby", to + "-heading");
    Array.prototype.forEach.call(copy.querySelectorAll("[id], [name], [for], [aria-describedby]"), function (el) {
      ["id", "name", "for"].forEach(function (attr) {
        if (el.hasAttribute(attr)) { el.setAttribute(attr, el.getAttribute(attr).replace(from, to)); }
      });
      if (el.hasAttribute("aria-describedby")) { el.removeAttribute("aria-describedby"); }
      el.removeAttribute("aria-invalid");
    });
    Array.prototype.forEach.call(copy.querySelectorAll(".error-message"), function (p) { p.parentNode.removeChild(p); });
    Array.prototype.forEach.call(copy.querySelectorAll(".field-error"), function (f) { f.classList.remove("field-error"); });
    Array.prototype.forEach.call(copy.querySelectorAll("input, textarea"), function (input) { input.value = ""; });
    Array.prototype.forEach.call(copy.querySelectorAll("select"), function (select) {
      // A new team row is an ordinary member; every other choice starts unchosen.
      select.value = /-role$/.test(select.name) ? "member" : select.options[0].value;
    });
    var heading = copy.querySelector(".member-number");
    heading.textContent = list.dataset.label.replace("{n}", index + 1);
    list.appendChild(copy);
    if (index + 1 >= max) { button.hidden = true; }
    var first = copy.querySelector("select, input");
    if (first) { first.focus(); }
  }
  Array.prototype.forEach.call(form.querySelectorAll("[data-add]"), function (button) {
    // A plain button now: Enter in a text box then creates the inspection, not a row.
    button.type = "button";
    button.addEventListener("click", function () { addRow(button.dataset.add, button); });
  });
}());
