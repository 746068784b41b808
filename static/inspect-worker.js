/* Phiếu: the tablet's service worker, so every area of an inspection opens offline (issue #15).
 *
 * Served from /staff/inspections/offline-worker.js, so its scope is /staff/inspections/.
 * It answers only two kinds of request, always network first:
 *  - opening an area page (/staff/inspections/<id>/areas/<key>): the network's page, kept in
 *    the inspection's cache; the cached copy when the network fails or hangs;
 *  - the page's style sheets and scripts: the same, in one cache of static files.
 * Everything else, and every POST, goes to the network untouched: changes and photos wait
 * in the page's own queue (static/inspect.js), never here. The area pages are put in the
 * cache in advance by static/inspect-offline.js, when an inspection is opened online. */
"use strict";

var SCOPE = self.registration.scope;
var AREA = /^(\d+)\/areas\/[^/?#]+$/;
var STATIC_CACHE = "phieu-static";
// How long a hanging network (Wi-Fi joined, nothing coming through) is waited for.
var PATIENCE = 6000;

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) { event.waitUntil(self.clients.claim()); });

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || request.url.indexOf(self.location.origin + "/") !== 0) { return; }
  if (request.mode === "navigate") {
    if (request.url.indexOf(SCOPE) !== 0) { return; }
    var match = AREA.exec(request.url.slice(SCOPE.length).split(/[?#]/)[0]);
    if (match) { event.respondWith(page(request, "phieu-inspection-" + match[1])); }
  } else if (request.destination === "style" || request.destination === "script") {
    event.respondWith(networkFirst(request, STATIC_CACHE));
  }
});

function page(request, name) {
  return patient(fetch(request)).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(name).then(function (cache) { return cache.put(request.url, copy); });
    } else if (response.type === "opaqueredirect" || response.status === 403) {
      // Signed out (sent to the login page) or no longer allowed: keep no copy to show.
      caches.delete(name);
    } else if (response.status >= 500) {
      // The server restarting behind its proxy: the cached page rather than an error page.
      return cached(name, request).then(function (hit) { return hit.type === "error" ? response : hit; });
    }
    return response;
  }, function () {
    return cached(name, request);
  });
}

function networkFirst(request, name) {
  return patient(fetch(request)).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(name).then(function (cache) { return cache.put(request.url, copy); });
    }
    return response;
  }, function () {
    return cached(name, request);
  });
}

function cached(name, request) {
  return caches.open(name).then(function (cache) {
    // The page's own copy; the same page in another language (?lang=) rather than nothing.
    return cache.match(request.url, { ignoreVary: true }).then(function (hit) {
      return hit || cache.match(request.url, { ignoreVary: true, ignoreSearch: true });
    });
  }).then(function (hit) { return hit || Response.error(); });
}

function patient(promise) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () { reject(new Error("timeout")); }, PATIENCE);
    promise.then(function (r) { clearTimeout(timer); resolve(r); },
      function (e) { clearTimeout(timer); reject(e); });
  });
}
