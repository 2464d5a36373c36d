/* The site's service worker: serves the routes a visitor saved with 离线保存本路线 when the
   signal is gone. It stores nothing by itself: the page's script (showcase.js) fills the cache
   from the route's list (routes/<id>/offline.json) when the visitor asks. It sits at the site's
   root so that its scope covers every page, under whatever sub-path the site is published.

   Saved files are answered from the phone (a weak signal is slow as well as patchy), and
   refreshed in the background when the network answers, so a republished site reaches the phone
   the next time it is online. Anything not saved goes to the network as if there were no worker;
   a page that is neither saved nor reachable gets a short page saying so. */
"use strict";

var CACHE = "showcase-routes-v1";

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (saved) {
      var fresh = fetch(request).then(function (response) {
        if (saved && response.ok && response.type === "basic") return cache.put(request, response.clone()).then(function () { return response; });
        return response;
      });
      if (saved) {
        event.waitUntil(fresh.catch(function () { /* offline: the saved copy stands */ }));
        return saved;
      }
      return fresh.catch(function (error) {
        if (request.mode === "navigate") return notSaved();
        throw error;
      });
    });
  }));
});

function notSaved() {
  var page = '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">' +
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>没有网络</title></head>' +
    '<body style="font-family: sans-serif; margin: 2em; line-height: 1.6">' +
    '<h1>没有网络</h1><p>这一页没有离线保存,连上网络后再打开。</p>' +
    '<p>已离线保存的路线页面仍可打开:返回上一页试试。</p></body></html>';
  return new Response(page, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}
