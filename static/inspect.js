/* Phiếu: save each inspection change at once, queue it while offline (issues #4, #15).
 *
 * Every change gets an idempotency key and the item version it was made against.
 * The queue lives in localStorage, shared by every area page of the inspection, so a
 * tick survives a dropped Wi-Fi, a reload or a move to another area; a queued photo's
 * file waits in IndexedDB (static/inspect-offline.js). The server stores each key once,
 * so a replayed change is never doubled. Area pages opened offline come from the
 * service worker's cache and may be older than what was saved since: the versions and
 * values saved from this tablet are remembered (knownKey) and shown over the page's. */
(function () {
  "use strict";
  var form = document.getElementById("area-form");
  if (!form || !window.fetch || !window.localStorage || !window.JSON) { return; }

  var msg = form.dataset;
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var storeKey = "phieu-queue-" + msg.inspection;
  var knownKey = "phieu-known-" + msg.inspection;
  var offline = window.PhieuOffline || null;
  var statusBox = document.getElementById("save-status");
  var FIELDS = ["result", "figure", "evidence", "note", "points"];
  var queue = load(storeKey, []);
  var known = load(knownKey, {});
  var sending = false;
  var timer = null;
  var typing = {};
  // Items whose change met a newer stored value: the page is not "saved" until the
  // inspector chooses which value to keep (issue #14, item 10).
  var conflicts = {};

  form.classList.add("js");

  function load(key, empty) {
    try { return JSON.parse(localStorage.getItem(key)) || empty; } catch (e) { return empty; }
  }
  function persist() {
    try { localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* full: keep in memory */ }
  }
  function remember(item, version, values) {
    known[item] = { v: version, values: values };
    try { localStorage.setItem(knownKey, JSON.stringify(known)); } catch (e) { /* full */ }
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
  /* The item's latest version known here: this page's, or one saved since from any area. */
  function version(item) {
    var b = box(item);
    var shown = b ? parseInt(b.dataset.version, 10) || 0 : 0;
    return Math.max(shown, known[item] ? known[item].v : 0);
  }
  function setVersion(item, v) {
    var b = box(item);
    if (b) { b.dataset.version = v; }
    var hidden = form.querySelector('input[name="version-' + item + '"]');
    if (hidden) { hidden.value = v; }
  }
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
    queue.forEach(function (e) { if (e.item === item && !e.photo) { last = e; } });
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
    var open = Object.keys(conflicts).length;
    if (open) {
      // A conflict outranks "saved": saying "all saved" would hide a choice still to make.
      var said = fill(open === 1 ? msg.msgConflictsOne : msg.msgConflictsOther, { n: open });
      text = state === "saved" ? said : said + " · " + text;
      state = "conflict";
    }
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
    if (!entry.photo && entry.base == null) { entry.base = version(entry.item); }
    entry.attempted = true;
    persist();
    sending = true;
    showStatus();
    send(entry, false);
  }

  /* The request of a queued entry: a change as JSON, a photo as a multipart form. */
  function post(entry) {
    var url = msg.itemsUrl + encodeURIComponent(entry.item);
    var headers = { "Accept": "application/json", "X-CSRFToken": csrf };
    if (!entry.photo) {
      headers["Content-Type"] = "application/json";
      return fetch(url, {
        method: "POST", credentials: "same-origin", redirect: "manual", headers: headers,
        body: JSON.stringify({ change_id: entry.id, base_version: entry.base, values: entry.values })
      });
    }
    return offline.getPhoto(entry.id).then(function (photo) {
      if (!photo) { return { status: 410, json: function () { return Promise.resolve({ error: msg.msgPhotoLost }); } }; }
      var data = new FormData();
      data.append("change_id", entry.id);
      data.append("photo", photo.blob, photo.name);
      return fetch(url + "/photos", { method: "POST", credentials: "same-origin", redirect: "manual", headers: headers, body: data });
    });
  }

  function send(entry, retriedToken) {
    post(entry).then(function (response) {
      return response.json().then(function (data) { return { status: response.status, data: data }; },
        function () { return { status: response.status, data: null }; });
    }).then(function (res) {
      sending = false;
      var data = res.data || {};
      if (res.status === 200 && entry.photo && data.sha256) {
        photoSaved(entry, data);
      } else if (res.status === 200 && typeof data.version === "number") {
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
        if (entry.photo) { offline.dropPhoto(entry.id); unpend(entry.id); }
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
    if (data.version >= version(entry.item)) {
      setVersion(entry.item, data.version);
      if (data.values) { remember(entry.item, data.version, data.values); }
    }
    // The next queued change of this item builds on the version just stored.
    for (var i = 0; i < queue.length; i++) {
      if (queue[i].item === entry.item && !queue[i].photo) {
        if (queue[i].base == null) { queue[i].base = data.version; }
        break;
      }
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
      if (e.item !== entry.item || e.photo) { return true; }
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
    conflicts[item] = true;
    // The buttons and boxes show what is stored, not the change that was refused.
    applyValues(item, conflict.theirs);
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
      showStatus();
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
    itemStatus(item, msg.msgItemConflict, "conflict");
    showStatus();
  }
  function accept(item, conflict) {
    delete conflicts[item];
    setVersion(item, conflict.version);
    remember(item, conflict.version, conflict.theirs);
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
    queue.forEach(function (e) { if (e.photo) { offline.dropPhoto(e.id); } });
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
    if (input.type === "file") { queuePhoto(input); return; }
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

  /* A photo joins the queue like a tick: its file waits in IndexedDB until it is sent. */
  function queuePhoto(input) {
    var item = input.name.slice("photo-".length);
    var file = input.files[0];
    if (!file) { return; }
    if (!offline) { itemStatus(item, msg.msgFailed, "failed"); return; }
    var entry = { id: uid(), item: item, photo: true, attempted: false };
    offline.putPhoto(entry.id, file).then(function () {
      queue.push(entry);
      persist();
      input.value = "";
      preview(entry, file);
      itemStatus(item, navigator.onLine === false ? msg.msgItemUnsaved : msg.msgSaving, "pending");
      showStatus();
      flush();
    }, function () { itemStatus(item, msg.msgFailed, "failed"); });
  }

  function thumbnail(item, src, alt) {
    var list = form.querySelector('[data-photos="' + item + '"]');
    if (!list) { return null; }
    var li = document.createElement("li");
    var img = document.createElement("img");
    img.src = src; img.alt = alt; img.width = 96; img.height = 72;
    li.appendChild(img);
    list.appendChild(li);
    return li;
  }
  /* A queued photo shown at once, from a data: URL (the CSP allows no blob: images). */
  function preview(entry, blob) {
    var reader = new FileReader();
    reader.onload = function () {
      if (!queue.some(function (e) { return e.id === entry.id; })) { return; }
      var li = thumbnail(entry.item, reader.result, msg.msgPhotoPending);
      if (li) { li.dataset.pending = entry.id; li.className = "photo-pending"; }
    };
    reader.readAsDataURL(blob);
  }
  function unpend(id) {
    var li = form.querySelector('[data-pending="' + id + '"]');
    if (li) { li.parentNode.removeChild(li); }
  }
  function photoSaved(entry, data) {
    queue.shift();
    persist();
    offline.dropPhoto(entry.id);
    unpend(entry.id);
    var li = thumbnail(entry.item, data.url, msg.msgPhotoAlt);
    if (li) {
      var a = document.createElement("a"); a.href = data.url;
      a.appendChild(li.firstChild); li.appendChild(a);
    }
    if (!queue.some(function (e) { return e.item === entry.item; })) { itemStatus(entry.item, msg.msgPhotoSent, "saved"); }
  }

  // Values saved from this tablet since the page was cached show over the page's own.
  Object.keys(known).forEach(function (item) {
    var b = box(item);
    if (!b) { return; }
    if (known[item].v > (parseInt(b.dataset.version, 10) || 0)) {
      applyValues(item, known[item].values);
      setVersion(item, known[item].v);
    } else {
      delete known[item];  // this page is as new: nothing left to remember
    }
  });
  try { localStorage.setItem(knownKey, JSON.stringify(known)); } catch (e) { /* full */ }
  // Changes queued before a reload or in another area show at once, and go out when the
  // network allows. (Without the offline helper a queued photo cannot be read back.)
  if (!offline) { queue = queue.filter(function (e) { return !e.photo; }); }
  queue.forEach(function (e) {
    if (!box(e.item)) { return; }
    if (e.photo) { offline.getPhoto(e.id).then(function (p) { if (p) { preview(e, p.blob); } }); }
    else { applyValues(e.item, e.values); }
    itemStatus(e.item, msg.msgItemUnsaved, "pending");
  });
  window.addEventListener("online", flush);
  window.addEventListener("offline", showStatus);
  showStatus();
  flush();
}());
