// The poster's Print button (issue #14, item 7): shown only when scripts run; without
// them the page says to use the browser's own Print command (Ctrl+P) instead.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
