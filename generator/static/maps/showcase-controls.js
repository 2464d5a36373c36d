/* The controls of showcase's maps: a north indicator, a header with the title and a way back
 * when a map is opened full screen, and "where am I?" (with the coordinate conversions it needs).
 * Loaded after showcase.js; every control's button is at least 44 px (a thumb's width). */
(function () {
  "use strict";

  var showcase = (window.showcase = window.showcase || {});
  var HEADER = 52;  // px

  /* Adds the controls; returns the room they take at the top and left, for fitting the data. */
  showcase.controls = function (map, drawing) {
    var words = drawing.words, room = { top: 0, left: 0 };
    var North = L.Control.extend({
      options: { position: "topright" },
      onAdd: function () {
        var box = L.DomUtil.create("div", "leaflet-bar sc-north");
        box.setAttribute("role", "img");
        box.setAttribute("aria-label", words.north);
        L.DomUtil.create("span", "sc-north-arrow", box);
        box.appendChild(showcase.text("span", "sc-north-word", words.north));
        return box;
      }
    });
    new North().addTo(map);
    if (window.self === window.top && drawing.back) {
      header(map, drawing);
      room.top = HEADER;
    }
    return room;
  };

  /* Full screen (the map opened by itself, not in its page's frame): the title and a way back. */
  function header(map, drawing) {
    var box = L.DomUtil.create("div", "sc-header", map.getContainer());
    var back = L.DomUtil.create("a", "sc-back", box);
    back.href = drawing.back;
    back.textContent = "‹ " + drawing.words.back;
    box.appendChild(showcase.text("h1", "sc-title", drawing.title));
    L.DomEvent.disableClickPropagation(box);
    L.DomEvent.disableScrollPropagation(box);
    map.getContainer().classList.add("sc-full");
  }

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
