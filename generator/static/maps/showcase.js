/* Draws the maps generator/render/maps.py describes: one JSON "drawing" per map.
 *
 * Text from sites.yaml reaches the page only through textContent and attributes (never as
 * HTML), except the layer control, which Leaflet fills with innerHTML: there it is escaped.
 * Markers are made in a loop from compact rows so that an overview of 10,000 points stays small.
 * showcase-controls.js adds the controls (north, header, locate), showcase-orientation.js the
 * roads and landmarks drawn under the route.
 */
(function () {
  "use strict";

  var showcase = (window.showcase = window.showcase || {});
  showcase.maps = [];

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }
  showcase.text = text;

  showcase.escapeHtml = function (value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  };

  function safeColor(value) {
    return /^#[0-9a-fA-F]{6}$/.test(value) ? value : "#c8102e";
  }

  /* Marker sizes (px) by role. The current stop is a rounded square, the next one a ringed
   * circle, the others smaller circles: told apart by shape and by their label, not by colour. */
  var SIZES = { current: 38, next: 34, faded: 26, "": 28 };
  var PRIORITY = { current: 0, next: 1, start: 2, end: 2 };

  var NumberIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.textContent = this.options.label;
      div.style.setProperty("--belt", this.options.color);
      // the name read out starts with the number shown, so a voice user can say what they see
      div.setAttribute("aria-label", (this.options.label ? this.options.label + " " : "") + this.options.title);
      return div;
    }
  });

  function makeMarker(drawing, row, entry, color) {
    // row: [lat, lon, id, name]; entry: [point index, label, role, note]
    var label = entry[1] || "", role = entry[2] || "", note = entry[3] || "";
    var size = label ? (SIZES[role] || SIZES[""]) : 16;
    var lead = role === "current" || role === "next";
    var marker = L.marker([row[0], row[1]], {
      icon: new NumberIcon({
        className: "sc-marker" + (label ? "" : " sc-dot") + (role ? " sc-" + role : ""),
        iconSize: [size, size], tooltipAnchor: [size / 2, 0], label: label, color: color,
        title: (lead ? note + " " : "") + row[3]
      }),
      zIndexOffset: role === "current" ? 1000 : role === "next" ? 900 : role === "faded" ? -100 : 0,
      riseOnHover: true
    });
    marker.sc = { size: size, priority: role in PRIORITY ? PRIORITY[role] : 3, order: Number(label) || 0 };
    marker.bindTooltip(function () {
      // a role word first ("本站 · 名称"), where it is what a visitor looks for
      return document.createTextNode(note ? (lead ? note + " · " + row[3] : row[3] + " · " + note) : row[3]);
    }, {
      // on a phone the names of this and the next stop go to whichever side has room
      permanent: drawing.labels || lead, direction: lead && drawing.compact ? "auto" : "right",
      className: "sc-label" + (role ? " sc-label-" + role : "")
    });
    marker.bindPopup(function () {
      var box = text("div", "sc-popup");
      var link = text("a", "", row[3]);
      link.href = drawing.href.split("{id}").join(row[2]);
      link.target = "_top";
      box.appendChild(link);
      if (note) box.appendChild(text("div", "sc-note", note));
      return box;
    });
    return marker;
  }

  function coordsOf(drawing, line) {
    // A line lists point indices, or [lat, lon] pairs for a route's own path.
    return line.map(function (v) {
      return typeof v === "number" ? drawing.points[v].slice(0, 2) : v;
    });
  }

  function lineOf(drawing, layer) {
    var line = L.polyline(coordsOf(drawing, layer.line), {
      color: safeColor(layer.color), weight: layer.muted ? 3 : 4, opacity: layer.muted ? 0.5 : 0.85,
      dashArray: layer.dashed ? "8 6" : null
    });
    line.bindTooltip(function () { return document.createTextNode(layer.name); }, { sticky: true });
    return line;
  }

  /* The leg to the next stop: strong, on a white casing, with an arrow half-way. */
  function legOf(map, layer) {
    var coords = layer.leg, color = safeColor(layer.color);
    var casing = L.polyline(coords, { color: "#fff", weight: 11, opacity: 0.9, interactive: false });
    var line = L.polyline(coords, { color: color, weight: 6, opacity: 1, interactive: false, className: "sc-leg" });
    var items = [casing, line];
    var half = Math.floor((coords.length - 1) / 2), a = coords[half], b = coords[half + 1];
    if (a && b) {
      var arrow = L.marker([(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], {
        icon: L.divIcon({ className: "sc-arrow", iconSize: [18, 18], html: "" }),
        interactive: false, keyboard: false
      });
      arrow.on("add", function () {
        // North-up Mercator: the on-screen angle of a segment is the same at every zoom.
        var p = map.project(a, 18), q = map.project(b, 18);
        var angle = Math.atan2(q.y - p.y, q.x - p.x) * 180 / Math.PI;
        arrow.getElement().style.setProperty("--angle", angle + "deg");
        arrow.getElement().style.setProperty("--belt", color);
      });
      items.push(arrow);
    }
    return items;
  }

  /* Overview: one MarkerCluster for every point; each belt's layer adds its points to it when
   * shown. A point on two belts is one marker, kept while either belt is shown. Changes are
   * batched: a thousand belts switched on at load time become one addLayers call. Each cluster
   * is named: by its belt, or by its region and how many belts meet there. */
  function clustered(map, drawing) {
    var cluster = L.markerClusterGroup({
      showCoverageOnHover: false, maxClusterRadius: 70, chunkedLoading: true,
      iconCreateFunction: function (c) { return clusterIcon(c, drawing, map); }
    });
    var markers = [], shownBy = [], changed = {}, pending = false;

    function flush() {
      var add = [], remove = [];
      Object.keys(changed).forEach(function (i) {
        if (shownBy[i] > 0) add.push(markers[i]); else remove.push(markers[i]);
      });
      changed = {};
      pending = false;
      cluster.removeLayers(remove.filter(function (m) { return cluster.hasLayer(m); }));
      cluster.addLayers(add.filter(function (m) { return !cluster.hasLayer(m); }));
    }

    function count(layer, color, step) {
      layer.markers.forEach(function (entry) {
        var i = entry[0];
        if (!markers[i]) {
          markers[i] = makeMarker(drawing, drawing.points[i], entry, color);
          markers[i].sc.belt = layer.name;
          markers[i].sc.color = color;
        }
        shownBy[i] = (shownBy[i] || 0) + step;
        changed[i] = true;
      });
      if (!pending) {
        pending = true;
        setTimeout(flush, 0);
      }
    }

    var groups = drawing.layers.map(function (layer) {
      var group = L.featureGroup(layer.line.length > 1 ? [lineOf(drawing, layer)] : []);
      var color = safeColor(layer.color);
      group.on("add", function () { count(layer, color, 1); });
      group.on("remove", function () { count(layer, color, -1); });
      return group;
    });
    cluster.addTo(map);
    return {
      groups: groups,
      count: function () { return pending ? -1 : cluster.getLayers().length; }
    };
  }

  function regionOf(drawing, latlng) {
    var found = (drawing.regions || []).filter(function (r) {
      return latlng.lat >= r[1] && latlng.lat <= r[3] && latlng.lng >= r[2] && latlng.lng <= r[4];
    });
    return found.length ? found[0][0] : "";
  }

  function clusterIcon(c, drawing, map) {
    var belts = {}, color = null;
    c.getAllChildMarkers().forEach(function (m) {
      belts[m.sc.belt] = true;
      color = color === null || color === m.sc.color ? m.sc.color : "#8a1c2b";
    });
    var names = Object.keys(belts), words = drawing.words;
    var name = names.length === 1 ? names[0] :
      [regionOf(drawing, c.getLatLng()), names.length + " " + words.belts].filter(Boolean).join(" · ");
    // the name on the side of the count that faces the middle of the map, so it stays on screen
    var left = map.latLngToContainerPoint(c.getLatLng()).x > map.getSize().x / 2;
    var box = text("div", "sc-cluster" + (left ? " sc-cluster-left" : ""));
    box.style.setProperty("--belt", color);
    box.appendChild(text("span", "sc-cluster-count", String(c.getChildCount())));
    box.appendChild(text("span", "sc-cluster-name", name));
    box.setAttribute("aria-label", name + " " + c.getChildCount() + " " + words.points);
    return L.divIcon({ html: box, className: "sc-cluster-icon", iconSize: [0, 0] });
  }

  function plain(map, drawing) {
    var groups = drawing.layers.map(function (layer) {
      var color = safeColor(layer.color);
      var items = layer.line.length > 1 ? [lineOf(drawing, layer)] : [];
      if (layer.leg && layer.leg.length > 1) items = items.concat(legOf(map, layer));
      layer.markers.forEach(function (entry) {
        items.push(makeMarker(drawing, drawing.points[entry[0]], entry, color));
      });
      return L.featureGroup(items);
    });
    return {
      groups: groups,
      count: function () {
        return map.getContainer().querySelectorAll(".sc-marker").length;
      }
    };
  }

  function outline(map) {
    if (!window.showcaseOutline) return;
    L.geoJSON(window.showcaseOutline, {
      interactive: false,
      style: { color: "#7a7468", weight: 1.5, dashArray: "4 4", fillColor: "#fffdf8", fillOpacity: 0.6 }
    }).addTo(map);
  }

  var NARROW = 480;  // px: below this a map is on a phone

  showcase.draw = function (map, drawing) {
    var box = map.getContainer();
    if (!drawing.tiles) box.classList.add("sc-plain");
    // Plain text: Leaflet's default prefix is a link with a flag.
    if (map.attributionControl) map.attributionControl.setPrefix("Leaflet");
    L.control.scale({ imperial: false, maxWidth: 150 }).addTo(map);
    drawing.compact = map.getSize().x < NARROW;
    var top = showcase.controls(map, drawing);
    if (drawing.outline) outline(map);
    if (drawing.orientation && showcase.orientation) showcase.orientation(map, drawing.tiles);
    var drawn = (drawing.cluster ? clustered : plain)(map, drawing);
    var overlays = {};
    drawn.groups.forEach(function (group, i) {
      var layer = drawing.layers[i];
      group.addTo(map);
      overlays['<span class="sc-swatch" style="background:' + safeColor(layer.color) + '"></span>' +
        showcase.escapeHtml(layer.name)] = group;
    });
    if (drawing.control && drawn.groups.length > 1) L.control.layers(null, overlays).addTo(map);
    if (drawing.locate) showcase.locate(map, drawing.locate);
    var fit = L.extend({}, drawing.fit);
    if (drawing.labels && drawing.compact) {
      // A phone: names beside every marker pile up on each other. The numbers stay (the list
      // under the map names them), a tap opens a marker's popup, and the current and next
      // stops keep their names: a third of the width is kept for them.
      box.classList.add("sc-compact");
      var named = drawing.layers.some(function (layer) {
        return layer.markers.some(function (entry) { return entry[2] === "current" || entry[2] === "next"; });
      });
      var right = named ? Math.round(map.getSize().x / 3) : fit.paddingTopLeft[0];
      fit.paddingBottomRight = [right, fit.paddingTopLeft[1]];
    }
    fit.paddingTopLeft = [fit.paddingTopLeft[0] + top.left, fit.paddingTopLeft[1] + top.top];
    // Without tiles nothing blurs at fractional zoom, so fit the data tightly.
    if (!drawing.tiles) map.options.zoomSnap = 0.25;
    // at once, not animated: the tile layers, added next, ask only for the tiles of this view
    map.fitBounds(drawing.bounds, L.extend(fit, { animate: false }));
    if (!drawing.cluster) showcase.declutter(map, drawn.groups);
    showcase.maps.push({ map: map, markers: drawn.count });
  };

  /* Numbers are never hidden: where markers would overlap on screen, the less important one
   * (current, next, start and end stay put) moves aside, with its label, by the least amount. */
  showcase.declutter = function (map, groups) {
    var markers = [];
    groups.forEach(function (g) {
      g.eachLayer(function (m) { if (m.sc) markers.push(m); });
    });
    markers.sort(function (a, b) { return a.sc.priority - b.sc.priority || a.sc.order - b.sc.order; });

    function place() {
      var placed = [];
      markers.forEach(function (m) {
        var at = map.latLngToLayerPoint(m.getLatLng()), r = m.sc.size / 2, shift = L.point(0, 0);
        function free(s) {
          var p = at.add(s);
          return placed.every(function (o) { return p.distanceTo(o.p) >= r + o.r + 2; });
        }
        for (var ring = 1; !free(shift) && ring <= 6; ring++) {
          for (var k = 0; k < 12; k++) {
            var angle = -Math.PI / 2 + k * Math.PI / 6, d = ring * (r + 2);
            var s = L.point(Math.round(Math.cos(angle) * d), Math.round(Math.sin(angle) * d));
            if (free(s)) { shift = s; break; }
          }
        }
        placed.push({ p: at.add(shift), r: r });
        var icon = m.getElement();
        if (icon) {
          icon.style.marginLeft = (shift.x - r) + "px";
          icon.style.marginTop = (shift.y - r) + "px";
          icon.classList.toggle("sc-moved", shift.x !== 0 || shift.y !== 0);
        }
        var tip = m.getTooltip();
        if (tip) {
          tip.options.offset = shift;
          if (m.isTooltipOpen()) tip.update();
        }
      });
    }
    map.on("zoomend viewreset", place);
    place();
  };
})();
