/* The orientation layer: main roads, rivers, metro lines, parks and landmarks the publisher
 * supplies (assets/maps/orientation.js), drawn muted under the route, with their names. With a
 * base map only the landmarks are drawn: the tiles show the streets already.
 * Names are set with textContent only. */
(function () {
  "use strict";

  var showcase = (window.showcase = window.showcase || {});
  var LABELS_FROM_ZOOM = 12;  // below this, names of streets would only pile up
  var STYLES = {
    road: [{ color: "#c3c7cc", weight: 9 }, { color: "#ffffff", weight: 6 }],
    river: [{ color: "#a7c7e7", weight: 9 }],
    water: [{ color: "#a7c7e7", weight: 0, fillColor: "#bcd6ee", fillOpacity: 1 }],
    metro: [{ color: "#ffffff", weight: 5 }, { color: "#8479b0", weight: 3, dashArray: "7 4" }],
    park: [{ color: "#b5d6a7", weight: 1, fillColor: "#d3ebc9", fillOpacity: 1 }],
    square: [{ color: "#d8cfbd", weight: 1, fillColor: "#ebe5d8", fillOpacity: 1 }],
    landmark: [{ color: "#9aa0a6", weight: 2 }]
  };
  var ORDER = ["park", "square", "water", "river", "road", "metro", "landmark"];

  function pane(map, name, z) {
    var p = map.createPane(name);
    p.style.zIndex = z;
    p.style.pointerEvents = "none";
    return name;
  }

  /* Where a feature's name goes: half-way along a line (its longest part), the middle of an area. */
  function anchor(geometry) {
    var c = geometry.coordinates, t = geometry.type;
    if (t === "Point") return c;
    if (t === "MultiPoint") return c[0];
    var lines = t === "LineString" ? [c] : t === "MultiLineString" ? c : t === "Polygon" ? [c[0]] :
      c.map(function (poly) { return poly[0]; });
    var best = null, bestLength = -1;
    lines.forEach(function (line) {
      var length = 0;
      for (var i = 1; i < line.length; i++) length += Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
      if (length > bestLength) { best = line; bestLength = length; }
    });
    if (t === "Polygon" || t === "MultiPolygon") {
      var xs = best.map(function (p) { return p[0]; }), ys = best.map(function (p) { return p[1]; });
      return [(Math.min.apply(null, xs) + Math.max.apply(null, xs)) / 2, (Math.min.apply(null, ys) + Math.max.apply(null, ys)) / 2];
    }
    var half = bestLength / 2, walked = 0;
    for (var k = 1; k < best.length; k++) {
      var a = best[k - 1], b = best[k], step = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (walked + step >= half && step > 0) {
        var f = (half - walked) / step;
        return [a[0] + f * (b[0] - a[0]), a[1] + f * (b[1] - a[1])];
      }
      walked += step;
    }
    return best[0];
  }

  function label(feature, labelPane) {
    var at = anchor(feature.geometry), kind = feature.properties.kind;
    var point = feature.geometry.type === "Point" || feature.geometry.type === "MultiPoint";
    var box = showcase.text("div", "sc-orient-name sc-orient-" + kind + (point ? " sc-orient-mark" : ""));
    if (point) box.appendChild(showcase.text("span", "sc-orient-symbol", kind === "metro" ? "M" : ""));
    box.appendChild(showcase.text("span", "sc-orient-text", feature.properties.name));
    return L.marker([at[1], at[0]], {
      pane: labelPane, interactive: false, keyboard: false,
      icon: L.divIcon({ html: box, className: "sc-orient-label", iconSize: [0, 0] })
    });
  }

  showcase.orientation = function (map, withTiles) {
    var data = window.showcaseOrientation;
    if (!data) return;
    var shapes = pane(map, "sc-orientation", 350), names = pane(map, "sc-orientation-names", 390);
    var features = data.features.filter(function (f) {
      return !withTiles || f.geometry.type === "Point" || f.geometry.type === "MultiPoint";
    });
    features.sort(function (a, b) { return ORDER.indexOf(a.properties.kind) - ORDER.indexOf(b.properties.kind); });
    var drawn = L.layerGroup();
    features.forEach(function (f) {
      if (f.geometry.type !== "Point" && f.geometry.type !== "MultiPoint") {
        (STYLES[f.properties.kind] || STYLES.road).forEach(function (style) {
          L.geoJSON(f, { pane: shapes, interactive: false, style: L.extend({ opacity: 1, lineCap: "round" }, style) }).addTo(drawn);
        });
      }
      if (f.properties.name || f.geometry.type === "Point") label(f, names).addTo(drawn);
    });
    drawn.addTo(map);
    if (data.attribution && map.attributionControl) map.attributionControl.addAttribution(showcase.escapeHtml(data.attribution));
    var box = map.getContainer();
    function zoomed() { box.classList.toggle("sc-far", map.getZoom() < LABELS_FROM_ZOOM); }
    map.on("zoomend", zoomed);
    zoomed();
  };
})();
