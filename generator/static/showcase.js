/* The site's own script: small, no library, nothing loaded. Runs after Material's bundle, on
   each page Material shows (`document$` also fires after instant navigation, when enabled). */
(function () {
  "use strict";

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

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(onPage);
  } else {
    document.addEventListener("DOMContentLoaded", onPage);
  }
})();
