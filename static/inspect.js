/* Phiếu: save each inspection change at once, queue it while offline (issue #4).
 *
 * Every change gets an idempotency key and the item version it was made against.
 * The queue lives in localStorage, so a tick survives a dropped Wi-Fi or a reload;
 * the server stores each key once, so a replayed change is never doubled. */
(function () {
  "use strict";
  var form = document.getElementById("area-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) { return; }

  var msg = form.dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var storeKey = "phieu-queue-" + msg.inspection;
  var statusBox = document.getElementById("save-status");
  var FIELDS = ["result", "figure", "evidence", "note", "points"];
  var queue = load();
  var sending = false;
  var timer = null;
  var typing = {};

  form.classList.add("js");

  function load() {
    try { return JSON.parse(localStorage.getItem(storeKey)) || []; } catch (e) { return []; }
  }
  function persist() {
    try { localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* full: keep in memory */ }
  }
  function uid() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (m, k) { return values[k] == null ? "" : values[k]; });
  }
  function box(item) { return form.querySelector('[data-item="' + item + '"]'); }
  function version(item) { var b = box(item); return b ? parseInt(b.dataset.version, 10) || 0 : 0; }
  /* A refused value's message beside its field (GOV.UK: message above the input). */
  function fieldError(item, field, text) {
    var input = field === "result" ? form.querySelector('[data-item="' + item + '"] .results')
      : form.querySelector('[name="' + field + "-" + item + '"]');
    if (!input) { return; }
    var id = "error-" + field + "-" + item;
    var p = document.getElementById(id);
    if (!text) {
      if (p) { p.parentNode.removeChild(p); }
      if (input.removeAttribute) { input.removeAttribute("aria-invalid"); }
      return;
    }
    if (!p) {
      p = document.createElement("p");
      p.className = "error-message";
      p.id = id;
      input.parentNode.insertBefore(p, input);
    }
    p.textContent = text;
    if (field !== "result") { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", id); }
  }
  function itemStatus(item, text, state) {
    var p = form.querySelector('[data-status="' + item + '"]');
    if (p) { p.textContent = text; p.dataset.state = state || ""; }
  }

  /* The field and item an input belongs to: name="figure-ho-so-tiep-nhan". */
  function parse(input) {
    var dash = input.name.indexOf("-");
    if (dash < 0) { return null; }
    var field = input.name.slice(0, dash);
    if (FIELDS.indexOf(field) < 0) { return null; }
    return { field: field, item: input.name.slice(dash + 1) };
  }

  function enqueue(item, values) {
    var last = null;
    queue.forEach(function (e) { if (e.item === item) { last = e; } });
    if (last && !last.attempted) {
      Object.keys(values).forEach(function (k) { last.values[k] = values[k]; });
    } else {
      // A change following an unsent one of the same item is based on that one's result.
      queue.push({ id: uid(), item: item, values: values, base: last ? null : version(item), attempted: false });
    }
    persist();
    itemStatus(item, navigator.onLine === false ? msg.msgItemUnsaved : msg.msgSaving, "pending");
    showStatus();
    flush();
  }

  function showStatus() {
    var state, text;
    if (sending) { state = "saving"; text = msg.msgSaving; }
    else if (queue.length) { state = "unsaved"; text = fill(msg.msgUnsaved, { n: queue.length }); }
    else { state = "saved"; text = msg.msgAllSaved; }
    statusBox.dataset.state = state;
    statusBox.textContent = text;
    updateProgress();
  }

  function answered(fieldset) {
    var kind = fieldset.dataset.kind;
    if (kind === "figure") {
      var input = fieldset.querySelector('input[name^="figure-"]');
      return input && input.value.trim() !== "";
    }
    if (kind === "ratio") { return false; }
    return !!fieldset.querySelector(".result-input:checked");
  }
  function updateProgress() {
    var boxes = form.querySelectorAll("[data-item]");
    var done = 0;
    Array.prototype.forEach.call(boxes, function (b) { if (answered(b)) { done += 1; } });
    var overall = (parseInt(msg.overallDone, 10) || 0) + done;
    setProgress("area", done);
    setProgress("overall", overall);
  }
  function setProgress(which, value) {
    var strong = document.querySelector('[data-progress="' + which + '"]');
    var bar = document.querySelector('[data-bar="' + which + '"]');
    if (strong) { strong.textContent = value; }
    if (bar) { bar.value = value; }
  }

  function retryLater() {
    showStatus();
    queue.forEach(function (e) { itemStatus(e.item, msg.msgItemUnsaved, "pending"); });
    if (!timer) { timer = setTimeout(function () { timer = null; flush(); }, 5000); }
  }

  function flush() {
    if (sending || !queue.length) { showStatus(); return; }
    if (navigator.onLine === false) { retryLater(); return; }
    var entry = queue[0];
    if (entry.base == null) { entry.base = version(entry.item); }
    entry.attempted = true;
    persist();
    sending = true;
    showStatus();
    send(entry, false);
  }

  function send(entry, retriedToken) {
    fetch(msg.itemsUrl + encodeURIComponent(entry.item), {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: { "Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ change_id: entry.id, base_version: entry.base, values: entry.values })
    }).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: null }; });
    }).then(function (res) {
      sending = false;
      var data = res.data || {};
      if (res.status === 200 && typeof data.version === "number") {
        saved(entry, data);
      } else if (res.status === 400 && !retriedToken) {
        // Most likely an expired CSRF token after a long session: fetch a new one once.
        sending = true;
        refreshToken().then(function () { send(entry, true); }, function () { sending = false; retryLater(); });
        return;
      } else if (res.status === 409 && data.conflict) {
        dropItem(entry, data.conflict);
      } else if (res.status >= 400 && res.status < 500 && [401, 408, 429].indexOf(res.status) < 0) {
        queue.shift();
        persist();
        itemStatus(entry.item, msg.msgFailed + ": " + (data.error || res.status), "failed");
        if (data.field) { fieldError(entry.item, data.field, data.error); }
        if (data.locked) { lock(data.error); }
      } else {
        // Redirected to the login page, a server error, or a proxy page: keep the change.
        if (res.status === 0 || res.status === 401) { statusBox.textContent = msg.msgLogin; }
        retryLater();
        return;
      }
      flush();
    }, function () {
      sending = false;
      retryLater();
    });
  }

  function refreshToken() {
    return fetch(msg.itemsUrl.replace(/items\/$/, "csrf"), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) { if (!data.token) { throw new Error("no token"); } csrf = data.token; });
  }

  function saved(entry, data) {
    queue.shift();
    var b = box(entry.item);
    if (b) { b.dataset.version = data.version; }
    var hidden = form.querySelector('input[name="version-' + entry.item + '"]');
    if (hidden) { hidden.value = data.version; }
    // The next queued change of this item builds on the version just stored.
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].item === entry.item) { if (queue[i].base == null) { queue[i].base = data.version; } break; }
    }
    persist();
    var pending = queue.some(function (e) { return e.item === entry.item; });
    if (!pending) { itemStatus(entry.item, msg.msgSaved, "saved"); }
    Object.keys(entry.values).forEach(function (field) { fieldError(entry.item, field, null); });
    if (data.progress && data.progress.ratios) { showRatios(data.progress.ratios); }
  }

  function showRatios(ratios) {
    Object.keys(ratios).forEach(function (key) {
      var span = form.querySelector('[data-ratio="' + key + '"]');
      if (span) {
        span.textContent = ratios[key].ratio == null ? msg.msgNotArising
          : ratios[key].ratio.toLocaleString("vi-VN", { maximumFractionDigits: 2 }) + " %";
      }
      var tag = form.querySelector('[data-ratio-result="' + key + '"]');
      if (tag && ratios[key].result) { tag.textContent = msg["label" + cap(ratios[key].result)]; }
    });
  }
  function cap(s) { return s.charAt(0).toUpperCase() + s.slice(1); }

  /* A conflict: the item's later queued changes join "yours"; the person decides. */
  function dropItem(entry, conflict) {
    var yours = {};
    queue = queue.filter(function (e) {
      if (e.item !== entry.item) { return true; }
      Object.keys(e.values).forEach(function (k) { yours[k] = e.values[k]; });
      return false;
    });
    persist();
    showConflict(entry.item, conflict, yours);
  }

  function describe(values) {
    var parts = [];
    if (values.result) { parts.push(msg["label" + cap(values.result)]); }
    ["figure", "points", "evidence", "note"].forEach(function (k) {
      if (values[k] != null && values[k] !== "") { parts.push(msg["label" + cap(k)] + ": " + values[k]); }
    });
    return parts.length ? parts.join("; ") : msg.labelEmpty;
  }

  function showConflict(item, conflict, yours) {
    var panel = form.querySelector('[data-conflict="' + item + '"]');
    if (!panel) { return; }
    panel.textContent = "";
    var when = conflict.at ? new Date(conflict.at).toLocaleString("vi-VN") : "";
    var p = document.createElement("p");
    p.textContent = fill(msg.msgConflict, { who: conflict.by || msg.msgSomeone, when: when });
    panel.appendChild(p);
    var dl = document.createElement("dl");
    [[msg.msgTheirs, describe(conflict.theirs)], [msg.msgYours, describe(yours)]].forEach(function (row) {
      var dt = document.createElement("dt"); dt.textContent = row[0];
      var dd = document.createElement("dd"); dd.textContent = row[1];
      dl.appendChild(dt); dl.appendChild(dd);
    });
    panel.appendChild(dl);
    var keepTheirs = button(msg.msgKeepTheirs, "button button-secondary");
    var keepYours = button(msg.msgKeepYours, "button");
    keepTheirs.addEventListener("click", function () {
      accept(item, conflict);
      applyValues(item, conflict.theirs);
      panel.hidden = true;
      itemStatus(item, msg.msgSaved, "saved");
    });
    keepYours.addEventListener("click", function () {
      accept(item, conflict);
      applyValues(item, yours);
      panel.hidden = true;
      enqueue(item, yours);
    });
    panel.appendChild(keepTheirs);
    panel.appendChild(keepYours);
    panel.hidden = false;
    itemStatus(item, msg.msgFailed, "conflict");
    showStatus();
  }
  function accept(item, conflict) {
    var b = box(item);
    if (b) { b.dataset.version = conflict.version; }
    var hidden = form.querySelector('input[name="version-' + item + '"]');
    if (hidden) { hidden.value = conflict.version; }
  }
  function button(text, cls) {
    var b = document.createElement("button");
    b.type = "button"; b.className = cls; b.textContent = text;
    return b;
  }

  function applyValues(item, values) {
    Object.keys(values).forEach(function (field) {
      var value = values[field];
      if (field === "result") {
        Array.prototype.forEach.call(form.querySelectorAll('input[name="result-' + item + '"]'), function (r) {
          r.checked = r.value === value;
        });
        return;
      }
      var input = form.querySelector('[name="' + field + "-" + item + '"]');
      if (input) { input.value = value == null ? "" : value; input.dataset.sent = input.value; }
    });
    updateProgress();
  }

  function lock(text) {
    Array.prototype.forEach.call(form.elements, function (el) { el.disabled = true; });
    statusBox.textContent = text;
    queue = [];
    persist();
  }

  /* Text fields save when left, or after a pause in typing. */
  function onInput(input, immediate) {
    var where = parse(input);
    if (!where) { return; }
    var value = input.type === "radio" ? input.value : input.value;
    if (input.type !== "radio" && input.dataset.sent === value) { return; }
    clearTimeout(typing[input.name]);
    var go = function () {
      input.dataset.sent = value;
      var values = {};
      values[where.field] = value;
      enqueue(where.item, values);
    };
    if (immediate) { go(); } else { typing[input.name] = setTimeout(go, 1200); }
  }

  Array.prototype.forEach.call(form.querySelectorAll("input[type=text], textarea"), function (input) {
    input.dataset.sent = input.value;
  });
  form.addEventListener("change", function (event) {
    var input = event.target;
    if (input.type === "file") { uploadPhoto(input); return; }
    onInput(input, true);
    updateProgress();
  });
  form.addEventListener("input", function (event) {
    var input = event.target;
    if (input.type === "text" || input.tagName === "TEXTAREA") { onInput(input, false); }
  });
  form.addEventListener("submit", function (event) {
    // With the script running every change is already queued; a full post would be stale.
    event.preventDefault();
    flush();
  });

  function uploadPhoto(input) {
    var where = { item: input.name.slice("photo-".length) };
    if (!input.files.length) { return; }
    if (navigator.onLine === false) { itemStatus(where.item, msg.msgPhotoOffline, "failed"); return; }
    var data = new FormData();
    data.append("photo", input.files[0]);
    itemStatus(where.item, msg.msgSaving, "pending");
    fetch(msg.itemsUrl + encodeURIComponent(where.item) + "/photos", {
      method: "POST", credentials: "same-origin", body: data,
      headers: { "Accept": "application/json", "X-CSRFToken": csrf }
    }).then(function (r) {
      return r.json().then(function (d) { return { status: r.status, data: d }; });
    }).then(function (res) {
      if (res.status !== 200) { throw new Error(res.data.error || res.status); }
      var list = form.querySelector('[data-photos="' + where.item + '"]');
      var li = document.createElement("li");
      var a = document.createElement("a"); a.href = res.data.url;
      var img = document.createElement("img");
      img.src = res.data.url; img.alt = msg.msgPhotoAlt; img.width = 96; img.height = 72;
      a.appendChild(img); li.appendChild(a); list.appendChild(li);
      input.value = "";
      itemStatus(where.item, msg.msgPhotoSent, "saved");
    }).catch(function (error) {
      itemStatus(where.item, msg.msgFailed + ": " + (error.message || ""), "failed");
    });
  }

  // Changes queued before a reload show at once, and go out when the network allows.
  queue.forEach(function (e) {
    if (box(e.item)) { applyValues(e.item, e.values); itemStatus(e.item, msg.msgItemUnsaved, "pending"); }
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", showStatus);
  showStatus();
  flush();
}());
