#!/usr/bin/env python3
"""The map as a new user meets it on a machine without Leaflet, and the map script against hostile names.

  - `minefree serve` with no Leaflet (MINEFREE_LEAFLET_DIR pointing nowhere) starts, and its log names
    `apt-get install libjs-leaflet`;
  - the treaty page's world map and the public dashboard's hazard map then show a visible notice, not an empty box;
  - map.js, run in chromium with a recording stand-in for Leaflet and an admin area named like an HTML
    injection, hands the tooltip a DOM node whose text is the name as written: nothing of the name runs or
    becomes markup; a failed data request also leaves a visible notice.
"""
from __future__ import annotations

import json
import os

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

import sysutil
from sysutil import check

PORT = int(os.environ.get("MINEFREE_MAP_PORT", "18097"))
HOSTILE = '<img src=x onerror="window.pwned=1">Kabul & <b>District</b>'

# A stand-in for Leaflet that records what map.js hands it.
FAKE_LEAFLET = """
window.recorded = { tooltips: [], popups: [] };
function layer(f) {
  return { feature: f, bindTooltip: function (c) { recorded.tooltips.push(c); return this; },
           bindPopup: function (c) { recorded.popups.push(c); return this; },
           getBounds: function () { return { getCenter: function () { return [0, 0]; } }; } };
}
window.L = {
  map: function () { return { on: function () { return this; }, fitBounds: function () {}, setView: function () { return this; },
                               getZoom: function () { return 8; }, remove: function () {} }; },
  geoJSON: function (data, o) {
    var ls = (data.features || []).filter(function (f) { return !o.filter || o.filter(f); }).map(function (f) {
      var l = layer(f); if (o.onEachFeature) { o.onEachFeature(f, l); } return l; });
    return { addTo: function () { return this; }, bringToBack: function () {}, getLayers: function () { return ls; },
             eachLayer: function (fn) { ls.forEach(fn); },
             getBounds: function () { return { isValid: function () { return false; } }; } };
  },
  layerGroup: function () { return { addTo: function () {}, remove: function () {} }; },
  circleMarker: function () { return { on: function () { return this; }, addTo: function () { return this; } }; }
};
"""


def main() -> None:
    server = sysutil.Server("map", PORT, env={"MINEFREE_LEAFLET_DIR": "/nonexistent/leaflet",
                                              "MINEFREE_PUBLISHED": "progress,hazards"}).start()
    options = webdriver.ChromeOptions()
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1200"):
        options.add_argument(arg)
    options.binary_location = "/usr/bin/chromium"
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    wait = WebDriverWait(driver, 20)
    try:
        log = open(server.log_path).read()
        check("apt-get install libjs-leaflet" in log, "serve started without Leaflet and its log names apt-get install libjs-leaflet")

        for path, element in (("/treaty", "worldmap"), ("/programme", "map")):
            driver.get(server.base + path)
            wait.until(lambda d: d.find_element(By.ID, element).get_attribute("data-ready") == "error")
            box = driver.find_element(By.ID, element)
            check(box.is_displayed() and "libjs-leaflet" in box.text,
                  f"{path}: the map's box says why it is empty ({box.text[:90]!r})")

        # map.js with a stand-in Leaflet, on one of the server's pages (same origin, same policy).
        driver.get(server.base + "/deadlines")
        areas = {"type": "FeatureCollection", "features": [
            {"type": "Feature", "id": 'AA-1"><script>window.pwned=2</script>', "properties": {"name": HOSTILE},
             "geometry": {"type": "Point", "coordinates": [47, 40]}}]}
        hazards = {"type": "FeatureCollection", "features": []}
        driver.execute_script(FAKE_LEAFLET + """
            var responses = { admin: arguments[0], hazards: arguments[1] };
            window.fetch = function (url) {
              var body = url.indexOf('admin_areas') >= 0 ? responses.admin : responses.hazards;
              return Promise.resolve({ ok: true, status: 200, json: function () { return Promise.resolve(body); } });
            };
            var el = document.createElement('div'); el.id = 'map'; el.dataset.asOf = '2026-01-01';
            document.body.appendChild(el);
            var s = document.createElement('script'); s.src = '/static/map.js'; document.body.appendChild(s);
        """, areas, hazards)
        wait.until(lambda d: d.execute_script("return document.getElementById('map').dataset.adminAreas") == "1")
        result = driver.execute_script("""
            var t = recorded.tooltips[0];
            return { isNode: t instanceof Node, text: t && t.textContent, elements: t && t.querySelectorAll ? t.querySelectorAll('*').length : -1,
                     pwned: window.pwned === undefined ? null : window.pwned };
        """)
        expected = HOSTILE + ' (AA-1"><script>window.pwned=2</script>)'
        check(result["isNode"], "the admin area's tooltip is given a DOM node, not an HTML string")
        check(result["text"] == expected, f"its text is the name and id as written ({json.dumps(result['text'])[:80]})")
        check(result["elements"] == 0, "no element was made from the name")
        check(result["pwned"] is None, "nothing in the name ran")

        # A data request that fails leaves a notice in the box.
        driver.get(server.base + "/deadlines")
        driver.execute_script(FAKE_LEAFLET + """
            window.fetch = function () { return Promise.resolve({ ok: false, status: 503, statusText: 'Service Unavailable',
                                                                  json: function () { return Promise.resolve(null); } }); };
            var el = document.createElement('div'); el.id = 'map'; el.dataset.asOf = '2026-01-01';
            document.body.appendChild(el);
            var s = document.createElement('script'); s.src = '/static/map.js'; document.body.appendChild(s);
        """)
        wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-ready") == "error")
        text = driver.find_element(By.ID, "map").text
        check("could not be loaded" in text and "503" in text, f"a failed data request is said in the box ({text[:80]!r})")
    finally:
        driver.quit()
        server.cleanup()
    sysutil.finish("map test")


if __name__ == "__main__":
    main()
