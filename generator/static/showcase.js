/* The site's own script: small, no library, nothing loaded. The plugin puts it just before
   Material's bundle (see adapter/scripts.py), so the search hook below is in place when the
   bundle starts; the rest runs on each page Material shows (`document$`). */
(function () {
  "use strict";

  // The site's root, from where this script lives (assets/showcase.js): the service worker and
  // the routes' lists are found from it under any sub-path.
  var ROOT = new URL("../", document.currentScript.src).href;

  // Search on demand: Material fetches the whole search index (400 KB for 45 points, 12 MB for
  // 1,000) on every first visit. Its request now waits until the visitor opens search, or
  // arrives from a search result (?h=…, whose words Material highlights).
  var SEARCH_INDEX = /\/search\/search_index\.json$/;
  var waiting = [];
  var searchWanted = /[?&]h=/.test(location.search);
  var open = XMLHttpRequest.prototype.open;
  var send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.showcaseUrl = String(url);
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    var xhr = this, args = arguments;
    if (!searchWanted && SEARCH_INDEX.test(xhr.showcaseUrl || "")) {
      waiting.push(function () { send.apply(xhr, args); });
      return undefined;
    }
    return send.apply(xhr, args);
  };
  function wantSearch() {
    if (searchWanted) return;
    searchWanted = true;
    waiting.splice(0).forEach(function (go) { go(); });
  }
  document.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches(".md-search__input")) wantSearch();
  });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest('[for="__search"]')) wantSearch();
  });

  // A wide table or code block scrolls sideways in its own box; keyboard users need to reach it
  // (axe `scrollable-region-focusable`).
  function focusableScrollers() {
    var boxes = [[".md-typeset__scrollwrap", "表格"], [".md-typeset pre > code", "代码"]];
    boxes.forEach(function (kind) {
      document.querySelectorAll(kind[0]).forEach(function (box) {
        if (box.scrollWidth > box.clientWidth && !box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("role", "region");
          box.setAttribute("aria-label", kind[1] + "(可左右滚动)");
        }
      });
    });
  }

  function clock(minutes) {
    var m = minutes % 60;
    return Math.floor(minutes / 60) + ":" + (m < 10 ? "0" : "") + m;
  }

  // 现在开放 / 今天已闭馆. The build read the opening hours into data-hours (ISO weekday →
  // [[start, end] minutes]); only the phone knows what time it is. Hours the build could not read
  // have no data-hours: the text as written stays alone.
  function openStatus(hours, now) {
    var spans = hours[String(now.getDay() || 7)] || [];
    var minute = now.getHours() * 60 + now.getMinutes();
    if (!spans.length) return ["closed", "今天不开放"];
    for (var i = 0; i < spans.length; i++) {
      if (minute >= spans[i][0] && minute < spans[i][1]) return ["open", "现在开放," + clock(spans[i][1]) + " 闭馆"];
    }
    for (i = 0; i < spans.length; i++) {
      if (spans[i][0] > minute) return ["later", "现在未开放,今天 " + clock(spans[i][0]) + " 开放"];
    }
    return ["closed", "今天已闭馆"];
  }

  function showOpenStatus() {
    var now = new Date();
    document.querySelectorAll(".showcase-open[data-hours]").forEach(function (el) {
      try {
        var status = openStatus(JSON.parse(el.getAttribute("data-hours")), now);
        el.setAttribute("data-state", status[0]);
        el.textContent = "(" + status[1] + ")";
      } catch (e) { /* the text as written is still there */ }
    });
  }

  // Amap's URI scheme differs on iPhones; the page is built with Android's.
  function amapOnIos() {
    if (!/iPhone|iPad|iPod/.test(navigator.userAgent)) return;
    document.querySelectorAll('a[href^="amapuri://route/plan/?"]').forEach(function (a) {
      a.href = a.getAttribute("href").replace("amapuri://route/plan/?", "iosamap://path?");
    });
  }

  // 离线保存本路线: the route's list (built with the site) plus the theme's files this page
  // uses go into the cache the service worker (sw.js) answers from when the signal is gone.
  var CACHE = "showcase-routes-v1";

  function offlineUnavailable() {
    if (!/^https?:$/.test(location.protocol)) return "从网址打开本站(而不是打开文件),才能离线保存路线";
    if (!window.isSecureContext) return "用 https 网址打开本站,才能离线保存路线";
    if (!("serviceWorker" in navigator) || !window.caches) return "这个浏览器不能离线保存网页";
    return "";
  }

  function themeFiles() {
    var found = [];
    document.querySelectorAll("script[src], link[rel~=stylesheet][href], link[rel~=icon][href]").forEach(function (el) {
      found.push(el.getAttribute("src") || el.getAttribute("href"));
    });
    try {  // the theme starts its search worker on every page, though the index waits for search
      found.push(JSON.parse(document.getElementById("__config").textContent).search);
    } catch (e) { /* another theme */ }
    return found.filter(Boolean).map(function (path) { return new URL(path, location.href); }).filter(function (url) {
      return url.origin === location.origin;
    }).map(function (url) { return url.href.split("#")[0]; });
  }

  function saveRoute(box, say) {
    var listUrl = new URL(box.getAttribute("data-offline"), location.href);
    var pages = 0, done = 0, failed = 0;
    return navigator.serviceWorker.register(ROOT + "sw.js").then(function () {
      return fetch(listUrl, { cache: "no-cache" });
    }).then(function (response) {
      if (!response.ok) throw new Error(response.status);
      return response.json();
    }).then(function (list) {
      pages = list.pages.length;
      var urls = list.pages.concat(list.files).map(function (path) { return new URL(path, ROOT).href; });
      urls = urls.concat(themeFiles()).filter(function (url, i, all) { return all.indexOf(url) === i; });
      return caches.open(CACHE).then(function (cache) {
        return Promise.all(urls.map(function (url) {
          return fetch(url, { cache: "no-cache" }).then(function (response) {
            if (!response.ok) throw new Error(response.status);
            return cache.put(url, response);
          }).catch(function () { failed++; }).then(function () {
            done++;
            say("正在保存:" + done + " / " + urls.length + " 个文件");
          });
        }));
      });
    }).then(function () {
      return navigator.serviceWorker.ready;
    }).then(function () {
      if (failed) throw new Error(failed);
      box.setAttribute("data-state", "saved");
      say("已保存 " + pages + " 个页面,断网时也能打开");
    }).catch(function () {
      box.setAttribute("data-state", "failed");
      say("保存没有完成" + (failed ? "(" + failed + " 个文件没下载到)" : "") + ",请在信号好的地方再试一次");
    });
  }

  function offlineButtons() {
    var why = offlineUnavailable();
    document.querySelectorAll(".showcase-offline[data-offline]").forEach(function (box) {
      var button = box.querySelector("button"), status = box.querySelector("[role=status]");
      if (!box.hidden) return;  // set up already
      box.hidden = false;
      if (why) {
        button.remove();  // (the theme's button style would override `hidden`)
        status.textContent = why;
        return;
      }
      button.addEventListener("click", function () {
        button.disabled = true;
        box.setAttribute("data-state", "saving");
        saveRoute(box, function (text) { status.textContent = text; }).then(function () { button.disabled = false; });
      });
    });
  }

  function onPage() {
    focusableScrollers();
    showOpenStatus();
    amapOnIos();
    offlineButtons();
  }

  // Material's bundle runs after this script and before DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(onPage);
    else onPage();
  });
})();
