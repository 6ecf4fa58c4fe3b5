/* Maps of the resident and staff pages (feedback, participatory budgeting): Leaflet from our own
   static files. Every element with the class "place-map" becomes a map; its data attributes say what
   it shows (data-boundary-id, data-points-id: ids of json_script elements) and, with data-pick, it
   fills the hidden latitude/longitude fields of the form (data-lat-id, data-lon-id; the place's text
   field data-address-id). Without this file every page works with the address field and the lists. */
(function () {
  "use strict";

  function byId(id) { return id ? document.getElementById(id) : null; }

  function readJson(id) {
    var el = byId(id);
    if (!el) { return null; }
    try { return JSON.parse(el.textContent); } catch (e) { return null; }
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
    var lat = byId(el.dataset.latId || "id_latitude"), lon = byId(el.dataset.lonId || "id_longitude"),
      address = byId(el.dataset.addressId || "id_address"), shown = byId("location-chosen"),
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
        if (address) { address.focus(); }
      });
    }
  }

  function showMap(el) {
    var tools = byId(el.dataset.toolsId || "map-tools");
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

  function start() {
    if (!window.L) { return; }
    Array.prototype.forEach.call(document.querySelectorAll(".place-map"), showMap);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
}());
