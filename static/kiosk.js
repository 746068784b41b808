/* The counter kiosk (issue #17): waiting screen, one question at a time, thanks,
   back to waiting by itself; ratings queued on the tablet until the server has them. */
(function () {
  "use strict";
  var root = document.getElementById("kiosk");
  if (!root) return;
  var RATE = root.getAttribute("data-rate");
  var STATUS = root.getAttribute("data-status");
  var THANKS_MS = 4000; // back to waiting within 5 s of the thank-you
  var ABANDON_MS = 30000; // an abandoned rating goes back after 30 s
  var RETRY_MS = 10000;
  var HEARTBEAT_MS = 30000;
  var KEY = "phieu-kiosk-queue:" + RATE;
  var waiting = document.getElementById("waiting");
  var thanks = document.getElementById("thanks");
  var stopped = document.getElementById("stopped");
  var net = document.getElementById("net");
  var questions = Array.prototype.slice.call(root.querySelectorAll(".question"));
  var screens = [waiting, thanks, stopped].concat(questions);
  var answers = {};
  var current = -1;
  var timer = null;
  var halted = false;
  var sending = false;
  var memory = [];

  function load() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return memory; }
  }
  function save(queue) {
    memory = queue;
    try { localStorage.setItem(KEY, JSON.stringify(queue)); } catch (e) { /* kept in memory */ }
  }

  function show(screen) {
    screens.forEach(function (s) { s.hidden = s !== screen; });
    var heading = screen.querySelector("h1, h2");
    if (heading) heading.focus();
  }
  function later(fn, ms) {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  }
  function toWaiting() {
    if (halted) return;
    clearTimeout(timer);
    answers = {};
    current = -1;
    show(waiting);
  }
  function stop() {
    halted = true;
    clearTimeout(timer);
    show(stopped);
  }

  function shown(q) {
    var on = q.getAttribute("data-if");
    if (!on) return true;
    var wanted = q.getAttribute("data-in").split(" ");
    return (answers[on] || []).some(function (v) { return wanted.indexOf(v) >= 0; });
  }
  function nextFrom(i) {
    for (var j = i + 1; j < questions.length; j++) if (shown(questions[j])) return j;
    return -1;
  }
  function ask(i) {
    current = i;
    var q = questions[i];
    q.querySelectorAll("[aria-pressed]").forEach(function (b) { b.setAttribute("aria-pressed", "false"); });
    var field = q.querySelector("textarea, input");
    if (field) field.value = "";
    var next = q.querySelector(".next");
    if (next) next.textContent = root.getAttribute(nextFrom(i) < 0 ? "data-send" : "data-next");
    show(q);
    later(toWaiting, ABANDON_MS);
  }
  function advance() {
    var j = nextFrom(current);
    if (j < 0) finish(); else ask(j);
  }
  function token() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return btoa(String.fromCharCode.apply(null, bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }
  function finish() {
    var kept = {};
    questions.forEach(function (q) {
      var key = q.getAttribute("data-key");
      if (shown(q) && answers[key] && answers[key].length) kept[key] = answers[key];
    });
    var queue = load();
    queue.push({ id: token(), answers: kept, tapped: Date.now() });
    save(queue);
    show(thanks);
    later(toWaiting, THANKS_MS);
    flush();
  }

  function report() {
    var n = load().length;
    // The page carries the message for one rating and for more (English plurals).
    var message = root.getAttribute(n === 1 ? "data-waiting-one" : "data-waiting");
    net.textContent = n ? message.replace("{n}", n) : "";
  }
  var retry = null;
  function flushLater(ms) {
    clearTimeout(retry);
    retry = setTimeout(flush, ms);
  }
  function flush() {
    if (halted || sending) return;
    var queue = load();
    report();
    if (!queue.length) return;
    var item = queue[0];
    sending = true;
    fetch(RATE, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        submission_id: item.id,
        answers: item.answers,
        waited: Math.max(0, (Date.now() - item.tapped) / 1000)
      })
    }).then(function (response) {
      sending = false;
      if (response.status === 403) return stop();
      if (response.status === 429 || response.status >= 500) {
        var wait = parseInt(response.headers.get("Retry-After") || "", 10);
        return flushLater(wait > 0 ? wait * 1000 : RETRY_MS);
      }
      // Stored, met its stored copy, or refused for good (never storable): done with it.
      save(load().filter(function (x) { return x.id !== item.id; }));
      report();
      flush();
    }, function () {
      sending = false;
      report();
      flushLater(RETRY_MS);
    });
  }
  function heartbeat() {
    if (halted) return;
    fetch(STATUS, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.status === 403) return stop();
        if (!response.ok) return;
        return response.json().then(function (state) {
          document.getElementById("officer-name").textContent = state.officer || "";
          document.getElementById("officer").hidden = !state.officer;
          flush();
        });
      }, function () { report(); });
  }

  document.getElementById("start").addEventListener("click", function () {
    answers = {};
    var first = nextFrom(-1);
    if (first < 0) return;
    ask(first);
  });
  questions.forEach(function (q) {
    var key = q.getAttribute("data-key");
    var type = q.getAttribute("data-type");
    q.querySelectorAll(".option").forEach(function (button) {
      button.addEventListener("click", function () {
        var value = button.getAttribute("data-value");
        if (type === "multiple") {
          var on = button.getAttribute("aria-pressed") !== "true";
          button.setAttribute("aria-pressed", on ? "true" : "false");
          var chosen = (answers[key] || []).filter(function (v) { return v !== value; });
          if (on) chosen.push(value);
          answers[key] = chosen;
          later(toWaiting, ABANDON_MS);
        } else {
          answers[key] = [value];
          advance();
        }
      });
    });
    var next = q.querySelector(".next");
    if (next) next.addEventListener("click", function () {
      var field = q.querySelector("textarea, input");
      if (field) answers[key] = field.value.trim() ? [field.value.trim()] : [];
      if (q.getAttribute("data-required") && !(answers[key] || []).length) return;
      advance();
    });
    var field = q.querySelector("textarea, input");
    if (field) field.addEventListener("input", function () { later(toWaiting, ABANDON_MS); });
  });
  window.addEventListener("online", flush);
  setInterval(heartbeat, HEARTBEAT_MS);
  toWaiting();
  flush();
})();
