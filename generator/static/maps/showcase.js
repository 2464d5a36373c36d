/* Draws the maps generator/render/maps.py describes: one JSON "drawing" per map.
 *
 * Text from sites.yaml reaches the page only through textContent and attributes (never as
 * HTML), except the layer control, which Leaflet fills with innerHTML: there it is escaped.
 * Markers are made in a loop from compact rows so that an overview of 10,000 points stays small.
 */
(function () {
  "use strict";

  var showcase = (window.showcase = { maps: [] });

  function text(tag, className, content) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (content) node.textContent = content;
    return node;
  }

  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return "&#" + c.charCodeAt(0) + ";";
    });
  }

  function safeColor(value) {
    return /^#[0-9a-fA-F]{6}$/.test(value) ? value : "#c8102e";
  }

  /* A round marker: a number, or an empty dot; the colour comes from its belt. */
  var NumberIcon = L.DivIcon.extend({
    createIcon: function (old) {
      var div = L.DivIcon.prototype.createIcon.call(this, old);
      div.textContent = this.options.label;
      div.style.backgroundColor = this.options.color;
      div.setAttribute("aria-label", this.options.title);
      return div;
    }
  });

  function makeMarker(drawing, row, entry, color) {
    // row: [lat, lon, id, name]; entry: [point index, label, class, note]
    var label = entry[1] || "", cls = entry[2] || "", note = entry[3] || "";
    var size = cls === "current" ? 34 : label ? 26 : 16;
    var marker = L.marker([row[0], row[1]], {
      icon: new NumberIcon({
        className: "sc-marker" + (label ? "" : " sc-dot") + (cls ? " sc-" + cls : ""),
        iconSize: [size, size], label: label, color: color, title: row[3]
      }),
      zIndexOffset: cls === "current" ? 1000 : cls === "faded" ? -100 : 0,
      riseOnHover: true
    });
    marker.bindTooltip(function () {
      return document.createTextNode(note ? row[3] + " · " + note : row[3]);
    }, {
      permanent: drawing.labels, direction: "right", offset: [size / 2, 0],
      className: "sc-label" + (cls ? " sc-label-" + cls : "")
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

  function lineOf(drawing, layer) {
    // A line lists point indices, or [lat, lon] pairs for a route's own path.
    var coords = layer.line.map(function (v) {
      return typeof v === "number" ? drawing.points[v].slice(0, 2) : v;
    });
    var line = L.polyline(coords, {
      color: safeColor(layer.color), weight: 4, opacity: 0.85,
      dashArray: layer.dashed ? "8 6" : null
    });
    line.bindTooltip(function () { return document.createTextNode(layer.name); }, { sticky: true });
    return line;
  }

  /* Overview: one MarkerCluster for every point; each belt's layer adds its points to it when
   * shown. A point on two belts is one marker, kept while either belt is shown. Changes are
   * batched: a thousand belts switched on at load time become one addLayers call. */
  function clustered(map, drawing) {
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50, chunkedLoading: true });
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
        markers[i] = markers[i] || makeMarker(drawing, drawing.points[i], entry, color);
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

  function plain(map, drawing) {
    var groups = drawing.layers.map(function (layer) {
      var color = safeColor(layer.color);
      var items = layer.line.length > 1 ? [lineOf(drawing, layer)] : [];
      layer.markers.forEach(function (entry) {
        items.push(makeMarker(drawing, drawing.points[entry[0]], entry, color));
      });
      return L.featureGroup(items);
    });
    return {
      groups: groups,
      count: function () {
        return map.getContainer().querySelectorAll(".leaflet-marker-icon").length;
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
    if (!drawing.tiles) map.getContainer().classList.add("sc-plain");
    L.control.scale({ imperial: false }).addTo(map);
    if (drawing.outline) outline(map);
    var drawn = (drawing.cluster ? clustered : plain)(map, drawing);
    var overlays = {};
    drawn.groups.forEach(function (group, i) {
      var layer = drawing.layers[i];
      group.addTo(map);
      overlays['<span class="sc-swatch" style="background:' + safeColor(layer.color) + '"></span>' +
        escapeHtml(layer.name)] = group;
    });
    if (drawing.control && drawn.groups.length > 1) L.control.layers(null, overlays).addTo(map);
    if (drawing.locate) showcase.locate(map, drawing.locate);
    var fit = drawing.fit;
    if (drawing.labels && map.getSize().x < NARROW) {
      // A phone: names beside every marker pile up on each other. The numbers stay (the list
      // under the map names them), a tap opens a marker's popup, and no room is kept for names.
      map.getContainer().classList.add("sc-compact");
      var current = drawing.layers.some(function (layer) {
        return layer.markers.some(function (entry) { return entry[2] === "current"; });
      });
      // the one name still shown (a point map's own point) keeps a third of the width
      var right = current ? Math.round(map.getSize().x / 3) : fit.paddingTopLeft[0];
      fit = L.extend({}, fit, { paddingBottomRight: [right, fit.paddingTopLeft[1]] });
    }
    // Without tiles nothing blurs at fractional zoom, so fit the data tightly.
    if (!drawing.tiles) map.options.zoomSnap = 0.25;
    map.fitBounds(drawing.bounds, fit);
    showcase.maps.push({ map: map, markers: drawn.count });
  };

  /* GCJ-02 ("Mars coordinates", used by Amap/Tencent tiles) from WGS-84 GPS positions: a port
   * of prcoords' wgs_gcj (public domain), and gcj_bd for Baidu. Outside China they are equal. */
  var GCJ_A = 6378245, GCJ_EE = 0.00669342162296594323;

  function wgsToGcj(lat, lon) {
    if (!(lat >= 0.8293 && lat <= 55.8271 && lon >= 72.004 && lon <= 137.8347)) return [lat, lon];
    var x = lon - 105, y = lat - 35, PI = Math.PI;
    var dLat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(y * PI) +
       4 * Math.sin(y / 3 * PI) + 16 * Math.sin(y / 12 * PI) + 32 * Math.sin(y / 30 * PI)) * 20 / 3;
    var dLon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x)) +
      (2 * Math.sin(x * 6 * PI) + 2 * Math.sin(x * 2 * PI) + 2 * Math.sin(x * PI) +
       4 * Math.sin(x / 3 * PI) + 15 * Math.sin(x / 12 * PI) + 30 * Math.sin(x / 30 * PI)) * 20 / 3;
    var rad = lat * PI / 180, magic = 1 - GCJ_EE * Math.pow(Math.sin(rad), 2);
    var latArc = (GCJ_A * (1 - GCJ_EE)) / Math.pow(magic, 1.5) * PI / 180;
    var lonArc = GCJ_A * Math.cos(rad) / Math.sqrt(magic) * PI / 180;
    return [lat + dLat / latArc, lon + dLon / lonArc];
  }

  function gcjToBd(lat, lon) {
    var r = Math.sqrt(lon * lon + lat * lat) + 0.00002 * Math.sin(lat * Math.PI / 180 * 3000);
    var theta = Math.atan2(lat, lon) + 0.000003 * Math.cos(lon * Math.PI / 180 * 3000);
    return [r * Math.sin(theta) + 0.006, r * Math.cos(theta) + 0.0065];
  }

  showcase.fromWgs = function (lat, lon, crs) {
    if (crs === "wgs84") return [lat, lon];
    var gcj = wgsToGcj(lat, lon);
    return crs === "bd09" ? gcjToBd(gcj[0], gcj[1]) : gcj;
  };

  /* "Where am I?": browsers give positions only to https pages and localhost. */
  showcase.locate = function (map, options) {
    var said = options.texts, shown = L.layerGroup().addTo(map), message, timer;

    function say(words) {
      message.textContent = words;
      message.hidden = false;
      clearTimeout(timer);
      timer = setTimeout(function () { message.hidden = true; }, 8000);
    }

    function found(position) {
      var c = position.coords, at = showcase.fromWgs(c.latitude, c.longitude, options.crs);
      shown.clearLayers();
      L.circle(at, { radius: c.accuracy, weight: 1, color: "#1565c0", fillOpacity: 0.1, interactive: false }).addTo(shown);
      L.circleMarker(at, { radius: 7, weight: 3, color: "#fff", fillColor: "#1565c0", fillOpacity: 1 })
        .bindTooltip(said.here).addTo(shown);
      map.setView(at, Math.max(map.getZoom(), 16));
      message.hidden = true;
    }

    function failed(error) {
      say(error.code === 1 ? said.denied : error.code === 3 ? said.timeout : said.unavailable);
    }

    var Control = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-bar sc-locate");
        var button = L.DomUtil.create("a", "", box);
        button.href = "#";
        button.title = said.button;
        button.setAttribute("role", "button");
        button.setAttribute("aria-label", said.button);
        L.DomUtil.create("span", "sc-locate-icon", button);
        message = L.DomUtil.create("div", "sc-message", box);
        message.setAttribute("role", "status");
        message.hidden = true;
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.on(button, "click", function (event) {
          L.DomEvent.preventDefault(event);
          if (!navigator.geolocation) return say(said.unsupported);
          if (!window.isSecureContext) return say(said.insecure);
          say(said.searching);
          navigator.geolocation.getCurrentPosition(found, failed,
            { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
        });
        return box;
      }
    });
    new Control().addTo(map);
  };
})();
