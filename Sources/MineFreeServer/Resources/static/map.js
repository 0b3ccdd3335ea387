// The hazard map: Leaflet (Debian's libjs-leaflet) drawing the OGC API's GeoJSON. No remote tiles:
// it works on a laptop without internet, which is how many mine action centres run.

// What a map's element shows when the map cannot be drawn: a visible notice instead of an empty box.
// Text only (textContent), like every label built from data below: names come from imported files.
function mapUnavailable(el, why) {
  el.dataset.ready = 'error';
  while (el.firstChild) { el.removeChild(el.firstChild); }
  var p = document.createElement('p');
  p.className = 'map-unavailable';
  p.setAttribute('role', 'status');
  p.style.margin = '0';
  p.style.padding = '1rem';
  p.textContent = why;
  el.appendChild(p);
}

var leafletMissing = 'The map cannot be shown: the server has no Leaflet (Debian: apt-get install libjs-leaflet). ' +
  'The figures and tables on this page are complete without it.';

(function () {
  var el = document.getElementById('map');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var colours = { open: '#c0392b', worked_on: '#e67e22', closed: '#27ae60' };
  var map = L.map(el, { preferCanvas: true, attributionControl: false });
  var asOf = el.dataset.asOf;
  var hazard = el.dataset.hazard;
  // Admin area boundaries, where recorded, drawn under the hazards with their name on hover.
  fetch('/ogc/collections/admin_areas/items?limit=10000', { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      var areas = L.geoJSON(data, {
        filter: function (f) { return f.geometry !== null; },
        style: function () { return { color: '#4a5560', weight: 1.2, dashArray: '5 4', fill: false }; },
        onEachFeature: function (f, l) {
          var label = document.createElement('span');
          label.textContent = String(f.properties.name) + ' (' + String(f.id) + ')';
          l.bindTooltip(label, { sticky: true });
        }
      }).addTo(map);
      areas.bringToBack();
      el.dataset.adminAreas = String(areas.getLayers().length);
    })
    .catch(function () { /* the hazards are the map's point; boundaries are context */ });
  var url = hazard
    ? '/ogc/collections/hazards/items/' + encodeURIComponent(hazard) + '?as_of=' + asOf
    : '/ogc/collections/hazards/items?limit=10000&as_of=' + asOf;
  fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (r) { if (!r.ok) { throw new Error(r.status + ' ' + r.statusText); } return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          var c = colours[f.properties.status] || '#555';
          return { color: c, weight: 1, fillColor: c, fillOpacity: 0.55 };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          var a = document.createElement('a');
          a.href = '/hazards/' + encodeURIComponent(p.id) + '?as_of=' + asOf;
          a.textContent = p.id;
          var div = document.createElement('div');
          div.appendChild(a);
          div.appendChild(document.createTextNode(' ' + p.classification_as_of + ' ' + p.contamination + ', ' + p.status +
            ', ' + (p.remaining_m2 / 10000).toFixed(2) + ' ha remaining'));
          l.bindPopup(div);
        }
      }).addTo(map);
      // Hazards are often a few hundred metres across: below zoom 13 each is also drawn as a dot, so a
      // national view shows where they are.
      var dots = L.layerGroup();
      layer.eachLayer(function (l) {
        var c = colours[l.feature.properties.status] || '#555';
        L.circleMarker(l.getBounds().getCenter(), { radius: 3, color: c, weight: 1, fillColor: c, fillOpacity: 0.8 })
          .on('click', function () { map.fitBounds(l.getBounds(), { maxZoom: 16 }); l.openPopup(); })
          .addTo(dots);
      });
      function showDots() { if (map.getZoom() < 13) { dots.addTo(map); } else { dots.remove(); } }
      map.on('zoomend', showDots);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10], maxZoom: 16 }); } else { map.setView([40, 47], 8); }
      showDots();
      el.dataset.features = String(layer.getLayers().length);
      el.dataset.ready = '1';
    })
    .catch(function (e) {
      map.remove();
      mapUnavailable(el, 'The map could not be loaded: ' + e.message + '. The figures and tables on this page do not depend on it.');
    });
})();

// The world map of treaty status: country outlines (Natural Earth 1:110m) coloured by status on the day asked.
(function () {
  var el = document.getElementById('worldmap');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var colours = { party: '#2e7d32', party_not_in_force: '#81c784', signatory: '#f2c14e', withdrawal_pending: '#ef8a3c',
                  withdrawn: '#c62828', not_signed: '#b0b7bf' };
  var map = L.map(el, { attributionControl: false, worldCopyJump: true }).setView([20, 10], 2);
  fetch('/treaty/map.geojson?convention=' + el.dataset.convention + '&as_of=' + el.dataset.asOf, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status + ' ' + r.statusText); } return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          var c = colours[f.properties.status] || '#e3e6ea';
          return { color: '#ffffff', weight: 0.6, fillColor: c, fillOpacity: 0.9 };
        },
        onEachFeature: function (f, l) {
          if (!f.properties.name) { return; }
          var a = document.createElement('a');
          a.href = '/states/' + encodeURIComponent(f.properties.iso3) + '?as_of=' + el.dataset.asOf;
          a.textContent = String(f.properties.name);
          var div = document.createElement('div');
          div.appendChild(a);
          div.appendChild(document.createTextNode(': ' + String(f.properties.label)));
          l.bindPopup(div);
        }
      }).addTo(map);
      if (layer.getLayers().length > 0) { map.fitBounds(layer.getBounds(), { maxZoom: 5, padding: [10, 10] }); }
      el.dataset.features = String(layer.getLayers().length);
      el.dataset.ready = '1';
    })
    .catch(function (e) { map.remove(); mapUnavailable(el, 'The map could not be loaded: ' + e.message + '.'); });
})();

// Risk education coverage: settlements near open hazards, reached or not in the period, over the open hazards.
// The points come with the page (a JSON block, never run); names are set as text.
(function () {
  var el = document.getElementById('coverage-map');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var points = [];
  try { points = JSON.parse(document.getElementById('coverage-data').textContent); } catch (e) { points = []; }
  var map = L.map(el, { preferCanvas: true, attributionControl: false });
  fetch('/ogc/collections/hazards/items?limit=10000&as_of=' + el.dataset.asOf, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : null; })
    .then(function (data) {
      if (!data) { return; }
      L.geoJSON(data, {
        filter: function (f) { return f.properties.status !== 'closed'; },
        style: function () { return { color: '#c0392b', weight: 1, fillColor: '#c0392b', fillOpacity: 0.35 }; }
      }).addTo(map).bringToBack();
    })
    .catch(function () { /* the settlements are the map's point; hazards are context */ });
  var group = L.featureGroup();
  points.forEach(function (p) {
    var c = p.reached ? '#2e7d32' : '#c62828';
    var label = document.createElement('span');
    label.textContent = String(p.id) + ' ' + String(p.name) + ' (' + String(p.population) + '): ' + (p.reached ? 'reached' : 'not reached');
    L.circleMarker([p.lat, p.lon], { radius: 5, color: c, weight: 1, fillColor: c, fillOpacity: 0.85 })
      .bindTooltip(label).addTo(group);
  });
  group.addTo(map);
  var bounds = group.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10], maxZoom: 14 }); } else { map.setView([40, 47], 8); }
  el.dataset.features = String(points.length);
  el.dataset.ready = '1';
})();

// Casualties by admin area: a choropleth of the day's counts (each person once); suppressed areas hatched grey.
(function () {
  var el = document.getElementById('casualty-map');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var map = L.map(el, { attributionControl: false });
  fetch('/casualties/map.geojson?as_of=' + el.dataset.asOf, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status + ' ' + r.statusText); } return r.json(); })
    .then(function (data) {
      var max = 1;
      data.features.forEach(function (f) { if (f.properties.total > max) { max = f.properties.total; } });
      var layer = L.geoJSON(data, {
        style: function (f) {
          var t = f.properties.total;
          if (t === null) { return { color: '#4a5560', weight: 1, fillColor: '#b0b7bf', fillOpacity: 0.5 }; }
          return { color: '#4a5560', weight: 1, fillColor: '#8e2c2c', fillOpacity: 0.1 + 0.7 * t / max };
        },
        onEachFeature: function (f, l) {
          var p = f.properties;
          var label = document.createElement('span');
          label.textContent = String(p.name) + ' (' + String(p.pcode) + '): ' +
            (p.total === null ? 'fewer than ' + p.minimum_cell : String(p.total)) + ' casualties';
          l.bindTooltip(label, { sticky: true });
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([40, 47], 7); }
      if (layer.getLayers().length > 0) { map.fitBounds(layer.getBounds(), { maxZoom: 5, padding: [10, 10] }); }
      el.dataset.features = String(layer.getLayers().length);
      el.dataset.ready = '1';
    })
    .catch(function (e) { map.remove(); mapUnavailable(el, 'The map could not be loaded: ' + e.message + '.'); });
})();

// Clearance priorities: the open hazards coloured by rank (the first ones darkest), the rest drawn grey as context.
// The ranks come with the page (a JSON block, never run); ids are set as text.
(function () {
  var el = document.getElementById('priority-map');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var ranks = {};
  try { ranks = JSON.parse(document.getElementById('priority-data').textContent); } catch (e) { ranks = {}; }
  var shown = Object.keys(ranks).length;
  var map = L.map(el, { preferCanvas: true, attributionControl: false });
  function colour(rank) {
    var share = Math.min(1, (rank - 1) / Math.max(1, shown));
    if (share < 0.1) { return '#7f1d1d'; }
    if (share < 0.3) { return '#c2410c'; }
    if (share < 0.6) { return '#f59e0b'; }
    return '#fde68a';
  }
  fetch('/ogc/collections/hazards/items?limit=10000&as_of=' + el.dataset.asOf, { credentials: 'same-origin', headers: { Accept: 'application/geo+json' } })
    .then(function (r) { return r.ok ? r.json() : Promise.reject(new Error(String(r.status))); })
    .then(function (data) {
      var coloured = 0;
      var layer = L.geoJSON(data, {
        filter: function (f) { return f.properties.status !== 'closed'; },
        style: function (f) {
          var r = ranks[f.id];
          if (!r) { return { color: '#9ca3af', weight: 1, fillColor: '#9ca3af', fillOpacity: 0.2 }; }
          return { color: colour(r[0]), weight: 1, fillColor: colour(r[0]), fillOpacity: 0.8 };
        },
        onEachFeature: function (f, l) {
          var r = ranks[f.id];
          if (!r) { return; }
          coloured += 1;
          var label = document.createElement('span');
          label.textContent = String(f.id) + ': rank ' + String(r[0]) + ', score ' + String(r[1]);
          l.bindTooltip(label);
        }
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) { map.fitBounds(bounds, { padding: [10, 10] }); } else { map.setView([40, 47], 8); }
      el.dataset.features = String(coloured);
      el.dataset.ready = '1';
    })
    .catch(function () { map.setView([40, 47], 8); el.dataset.ready = 'error'; });
})();

// Use of mines: states shaded by the reports of use on their territory, located reports as points coloured by
// their standing. The layer's URL carries the page's selection; names are set as text.
(function () {
  var el = document.getElementById('usemap');
  if (!el) { return; }
  if (typeof L === 'undefined') { mapUnavailable(el, leafletMissing); return; }
  var shades = ['#fde0c5', '#f9b184', '#f07d4f', '#d9482b', '#a3201b'];
  var standing = { alleged: '#6c757d', credible: '#ef8a3c', confirmed: '#c62828', denied: '#5b6abf', refuted: '#2e7d32' };
  var map = L.map(el, { attributionControl: false, worldCopyJump: true }).setView([20, 30], 2);
  fetch(el.dataset.layer, { credentials: 'same-origin' })
    .then(function (r) { if (!r.ok) { throw new Error(r.status + ' ' + r.statusText); } return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          if (f.geometry.type === 'Point') {
            return { radius: 6, color: '#222', weight: 1, fillColor: standing[f.properties.status] || '#444', fillOpacity: 0.95 };
          }
          var n = f.properties.reports || 0;
          var c = shades[Math.min(shades.length - 1, Math.max(0, Math.ceil(Math.log2(n + 1)) - 1))];
          return { color: '#ffffff', weight: 0.6, fillColor: c, fillOpacity: 0.9 };
        },
        pointToLayer: function (f, latlng) {
          return L.circleMarker(latlng, { radius: 6, color: '#222', weight: 1, fillColor: standing[f.properties.status] || '#444', fillOpacity: 0.95 });
        },
        onEachFeature: function (f, l) {
          var div = document.createElement('div');
          if (f.geometry.type === 'Point') {
            div.textContent = String(f.properties.id) + ' · ' + String(f.properties.actor) + ': ' + String(f.properties.label);
          } else {
            var a = document.createElement('a');
            a.href = '/use-of-mines?state=' + encodeURIComponent(f.properties.iso3);
            a.textContent = String(f.properties.name);
            div.appendChild(a);
            div.appendChild(document.createTextNode(': ' + f.properties.reports + ' (' + f.properties.confirmed + ' confirmed)'));
          }
          l.bindPopup(div);
        }
      }).addTo(map);
      if (layer.getLayers().length > 0) { map.fitBounds(layer.getBounds(), { maxZoom: 5, padding: [10, 10] }); }
      el.dataset.features = String(layer.getLayers().length);
      el.dataset.ready = '1';
    })
    .catch(function (e) { map.remove(); mapUnavailable(el, 'The map could not be loaded: ' + e.message + '.'); });
})();
