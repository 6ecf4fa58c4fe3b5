/* Progressive enhancement of the feedback pages: a character counter, only the chosen category's
   questions shown, and the map (Leaflet from our own static files) that fills the hidden
   latitude/longitude. Without this file everything works with the address field and the lists. */
(function () {
  "use strict";

  function byId(id) { return id ? document.getElementById(id) : null; }

  function readJson(id) {
    var el = byId(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
  }

  function counter() {
    var area = byId("id_description"), out = byId("description-counter"), timer = null;
    if (!area || !out) { return; }
    function update() {
      out.textContent = out.dataset.template.replace("%(count)s", area.value.length).replace("%(max)s", out.dataset.max);
    }
    out.hidden = false;
    update();
    // The region is polite and updated after a pause, so a screen reader is not interrupted at every key.
    area.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 700); });
  }

  function questions() {
    var groups = document.querySelectorAll(".question-group[data-category]");
    var radios = document.querySelectorAll('input[name="category"]');
    if (!groups.length) { return; }
    function show() {
      var chosen = document.querySelector('input[name="category"]:checked');
      Array.prototype.forEach.call(groups, function (g) { g.hidden = !chosen || g.dataset.category !== chosen.value; });
    }
    Array.prototype.forEach.call(radios, function (r) { r.addEventListener("change", show); });
    show();
  }

  // Ray casting on GeoJSON [lon, lat] rings: the server checks again, this only saves a round trip.
  function inRing(lat, lon, ring) {
    var inside = false, i, j;
    for (i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      var x1 = ring[i][0], y1 = ring[i][1], x2 = ring[j][0], y2 = ring[j][1];
      if ((y1 > lat) !== (y2 > lat) && lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1)) { inside = !inside; }
    }
    return inside;
  }
  function inPolygon(lat, lon, rings) {
    return rings.length > 0 && inRing(lat, lon, rings[0]) &&
      !rings.slice(1).some(function (hole) { return inRing(lat, lon, hole); });
  }
  function contains(g, lat, lon) {
    if (!g) { return true; }
    if (g.type === "Feature") { return contains(g.geometry, lat, lon); }
    if (g.type === "FeatureCollection") { return g.features.some(function (f) { return contains(f, lat, lon); }); }
    if (g.type === "Polygon") { return inPolygon(lat, lon, g.coordinates); }
    if (g.type === "MultiPolygon") { return g.coordinates.some(function (p) { return inPolygon(lat, lon, p); }); }
    return true;
  }

  function picker(map, el, boundary) {
    var lat = byId("id_latitude"), lon = byId("id_longitude"), shown = byId("location-chosen"),
      text = byId("location-chosen-text"), status = byId("map-status"), clear = byId("location-clear"),
      locate = byId("use-my-location"), centre = byId("use-map-centre"), marker = null;
    if (!lat || !lon) { return; }
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng, {keyboard: false}).addTo(map); }
    }
    function choose(latlng) {
      if (!contains(boundary, latlng.lat, latlng.lng)) { status.textContent = el.dataset.outsideText; return; }
      lat.value = latlng.lat.toFixed(6);
      lon.value = latlng.lng.toFixed(6);
      place(latlng);
      text.textContent = lat.value + ", " + lon.value;
      shown.hidden = false;
      status.textContent = el.dataset.chosenTemplate + " " + text.textContent;
    }
    if (lat.value && lon.value && !isNaN(+lat.value) && !isNaN(+lon.value)) {
      place(L.latLng(+lat.value, +lon.value));
      map.setView(L.latLng(+lat.value, +lon.value), 16);
    }
    map.on("click", function (e) { choose(e.latlng); });
    if (centre) { centre.addEventListener("click", function () { choose(map.getCenter()); }); }
    if (locate) {
      if (!navigator.geolocation) { locate.hidden = true; } else {
        locate.addEventListener("click", function () {
          navigator.geolocation.getCurrentPosition(function (pos) {
            var here = L.latLng(pos.coords.latitude, pos.coords.longitude);
            map.setView(here, 16);
            choose(here);
          }, function () { status.textContent = el.dataset.deniedText; }, {timeout: 10000});
        });
      }
    }
    if (clear) {
      clear.addEventListener("click", function (e) {
        e.preventDefault();
        lat.value = "";
        lon.value = "";
        shown.hidden = true;
        if (marker) { map.removeLayer(marker); marker = null; }
        status.textContent = "";
        byId("id_address").focus();
      });
    }
  }

  function showMap() {
    var el = byId("feedback-map"), tools = byId("map-tools");
    if (!el || !window.L) { return; }
    if (tools) { tools.hidden = false; }
    var map = L.map(el, {keyboard: true});
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, {attribution: el.dataset.attribution || "", maxZoom: 19}).addTo(map);
    }
    var boundary = readJson(el.dataset.boundaryId), bounds = null;
    if (boundary) {
      var layer = L.geoJSON(boundary, {style: {className: "boundary"}, interactive: false}).addTo(map);
      bounds = layer.getBounds();
    }
    var points = readJson(el.dataset.pointsId) || [];
    points.forEach(function (p) {
      var marker = L.marker([p.lat, p.lon], {title: p.title, alt: p.title}).addTo(map);
      if (p.url) {
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.title;
        marker.bindPopup(link);
      }
    });
    if (points.length === 1) {
      map.setView([points[0].lat, points[0].lon], 16);
    } else if (points.length > 1) {
      map.fitBounds(L.latLngBounds(points.map(function (p) { return [p.lat, p.lon]; })), {padding: [20, 20]});
    } else if (bounds && bounds.isValid()) {
      map.fitBounds(bounds);
    } else {
      map.setView([64.5, 26.0], 5);  // Finland, when the municipality has no border yet
    }
    if (el.dataset.pick) { picker(map, el, boundary); }
  }

  function start() { counter(); questions(); showMap(); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
