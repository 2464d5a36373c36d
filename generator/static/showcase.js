/* The site's own script: small, no library, nothing loaded. The plugin puts it just before
   Material's bundle (see adapter/scripts.py), so the search hook below is in place when the
   bundle starts; the rest runs on each page Material shows (`document$`). */
(function () {
  "use strict";

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

  function onPage() {
    focusableScrollers();
    showOpenStatus();
    amapOnIos();
  }

  // Material's bundle runs after this script and before DOMContentLoaded.
  document.addEventListener("DOMContentLoaded", function () {
    if (window.document$ && window.document$.subscribe) window.document$.subscribe(onPage);
    else onPage();
  });
})();
