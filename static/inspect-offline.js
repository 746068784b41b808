/* Phiếu: what the tablet needs to keep working offline across areas (issue #15).
 *
 * - Registers the service worker (static/inspect-worker.js) and, while online, puts every
 *   area page of this inspection and the page's style sheets and scripts in its caches, so
 *   that another area, or a reload, opens without the network.
 * - Keeps queued photos in IndexedDB (localStorage holds only text): static/inspect.js
 *   queues the change, this file keeps the file until it is sent.
 * Used by static/inspect.js through window.PhieuOffline. */
(function () {
  "use strict";
  var form = document.getElementById("area-form");
  if (!form || !window.Promise) { return; }
  var inspection = form.dataset.inspection;
  var PAGE_CACHE = "phieu-inspection-" + inspection;
  var STATIC_CACHE = "phieu-static";
  var stampKey = "phieu-cached-" + inspection;
  // Pages are refreshed in the cache at most this often; in between the service worker
  // keeps each page it serves from the network, and inspect.js remembers saved versions.
  var REFRESH_MS = 10 * 60 * 1000;
  var memory = {};  // photos, when IndexedDB is unavailable (private mode, old browser)

  function areaUrls() {
    var links = document.querySelectorAll(".area-list a[href]");
    return Array.prototype.map.call(links, function (a) { return a.href.split("#")[0]; });
  }
  function assetUrls() {
    var nodes = document.querySelectorAll('link[rel="stylesheet"][href], script[src]');
    return Array.prototype.map.call(nodes, function (n) { return n.href || n.src; });
  }

  function fill(name, urls, always) {
    return caches.open(name).then(function (cache) {
      return Promise.all(urls.map(function (url) {
        return (always ? Promise.resolve(null) : cache.match(url, { ignoreVary: true }))
          .then(function (hit) {
            if (hit) { return true; }
            return fetch(url, { credentials: "same-origin", redirect: "error" }).then(function (r) {
              if (!r.ok) { return false; }
              return cache.put(url, r).then(function () { return true; });
            });
          })
          .catch(function () { return false; });
      }));
    }).then(function (done) { return done.every(Boolean); });
  }

  /* Put the inspection's areas in the cache; resolves true when they are all there. */
  function cacheInspection() {
    if (!window.caches || navigator.onLine === false) { return Promise.resolve(false); }
    var last = parseInt(localStorage.getItem(stampKey), 10) || 0;
    var stale = Date.now() - last > REFRESH_MS;
    return Promise.all([fill(STATIC_CACHE, assetUrls(), stale), fill(PAGE_CACHE, areaUrls(), stale)])
      .then(function (done) {
        var all = done[0] && done[1];
        if (all && stale) { try { localStorage.setItem(stampKey, String(Date.now())); } catch (e) { /* full */ } }
        form.dataset.offlineReady = all ? "yes" : "no";
        return all;
      });
  }

  var ready = Promise.resolve(false);
  if ("serviceWorker" in navigator && window.caches && form.dataset.workerUrl) {
    ready = navigator.serviceWorker.register(form.dataset.workerUrl)
      .then(cacheInspection, function () { return false; });
  }

  /* IndexedDB: one store of photos waiting to be sent, keyed by the change id. */
  var dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        if (!window.indexedDB) { reject(new Error("no IndexedDB")); return; }
        var open = indexedDB.open("phieu-photos", 1);
        open.onupgradeneeded = function () { open.result.createObjectStore("photos"); };
        open.onsuccess = function () { resolve(open.result); };
        open.onerror = function () { reject(open.error); };
      });
    }
    return dbPromise;
  }
  function run(mode, action) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction("photos", mode);
        var request = action(tx.objectStore("photos"));
        tx.oncomplete = function () { resolve(request.result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  /* Keep a photo until it is sent. Stored as bytes: a Blob in IndexedDB fails in some
   * private windows, an ArrayBuffer never does. */
  function putPhoto(id, file) {
    var record = { type: file.type || "image/jpeg", name: file.name || "anh.jpg" };
    return file.arrayBuffer().then(function (buffer) {
      record.buffer = buffer;
      return run("readwrite", function (store) { return store.put(record, id); })
        .catch(function () { memory[id] = record; });
    });
  }
  function toPhoto(record) {
    return record ? { blob: new Blob([record.buffer], { type: record.type }), name: record.name } : null;
  }
  function getPhoto(id) {
    if (memory[id]) { return Promise.resolve(toPhoto(memory[id])); }
    return run("readonly", function (store) { return store.get(id); }).then(toPhoto, function () { return null; });
  }
  function dropPhoto(id) {
    delete memory[id];
    return run("readwrite", function (store) { return store.delete(id); }).catch(function () {});
  }

  window.PhieuOffline = { ready: ready, putPhoto: putPhoto, getPhoto: getPhoto, dropPhoto: dropPhoto };
}());
