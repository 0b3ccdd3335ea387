#!/usr/bin/env python3
"""The web app as a person uses it, in Debian's chromium driven by selenium.

    python3 Tests/system/browser_test.py http://127.0.0.1:PORT OUTPUT_DIR

Signs in, opens the dashboard (map and charts drawn), records a land release as an operator, has the
authority approve it and sees progress change, and tries a page an operator may not open. Screenshots
go to OUTPUT_DIR for a reviewer.
"""
import json
import os
import re
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE, OUT = sys.argv[1], sys.argv[2]
PASSWORD = "minefree-demo"
os.makedirs(OUT, exist_ok=True)

options = webdriver.ChromeOptions()
for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,1700", "--lang=en-GB"):
    options.add_argument(arg)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 20)
# Maps fetch their GeoJSON (1,200 areas from a debug build) after the page: a loaded CI machine can take longer.
map_wait = WebDriverWait(driver, 90)
step = 0


def shot(name):
    global step
    step += 1
    path = os.path.join(OUT, f"{step:02d}-{name}.png")
    driver.save_screenshot(path)
    print(f"  screenshot {path}")


def check(condition, message):
    if not condition:
        shot("failure")
        raise AssertionError(message)
    print(f"  ok: {message}")


def sign_in(user):
    driver.get(BASE + "/signin?next=/programme")
    driver.find_element(By.ID, "username").send_keys(user)
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.ID, "signin-submit").click()
    wait.until(EC.presence_of_element_located((By.ID, "who")))
    check(driver.current_url.endswith("/programme"), f"signed in as {user} and sent on to the dashboard")


def sign_out():
    driver.find_element(By.ID, "signout").click()
    wait.until(EC.presence_of_element_located((By.ID, "signin-link")))


def hectares(element_id):
    text = driver.find_element(By.CSS_SELECTOR, f"#{element_id} .value").text
    return float(re.sub(r"[^0-9.]", "", text))


def dashboard():
    driver.get(BASE + "/programme")
    map_wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-ready") in ("1", "error"))
    m = driver.find_element(By.ID, "map")
    check(m.get_attribute("data-ready") == "1", "the map loaded its GeoJSON from the OGC API")
    check(int(m.get_attribute("data-features")) == 1200, "the map drew all 1,200 hazardous areas")
    wait.until(lambda d: d.find_element(By.ID, "map").get_attribute("data-admin-areas") is not None)
    check(m.get_attribute("data-admin-areas") == "5", "the map drew the 5 district boundaries under them")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#map .leaflet-zoom-animated, #map canvas")) > 0, "Leaflet rendered its layers")
    bars = driver.find_elements(By.CSS_SELECTOR, "svg#chart-release rect")
    check(len(bars) > 10, f"the release chart has {len(bars)} bars")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-remaining rect")) == 5, "remaining by region shows the 5 districts")
    return hectares("card-released")


try:
    print("anonymous visitor")
    driver.get(BASE + "/treaty?as_of=2009-03-02")
    check("156 States Parties" in driver.find_element(By.ID, "parties-summary").text, "the treaty page counts 156 States Parties on 2009-03-02")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-universalization circle")) > 5, "universalization chart drawn")
    map_wait.until(lambda d: d.find_element(By.ID, "worldmap").get_attribute("data-ready") in ("1", "error"))
    check(driver.find_element(By.ID, "worldmap").get_attribute("data-features") == "177", "the world map drew 177 country outlines")
    shot("treaty")
    driver.get(BASE + "/use-of-mines?as_of=2026-12-01")
    map_wait.until(lambda d: d.find_element(By.ID, "usemap").get_attribute("data-ready") in ("1", "error"))
    drawn = int(driver.find_element(By.ID, "usemap").get_attribute("data-features") or "0")
    check(drawn >= 30, f"the use-of-mines map drew {drawn} states and located reports")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#use-timeline rect")) > 20, "the timeline of use by year is drawn")
    check("Yemeni Republican Guard" in driver.find_element(By.ID, "use-states-parties").text,
          "use by a State Party's forces is listed apart")
    before = driver.find_element(By.ID, "use-summary")
    driver.find_element(By.NAME, "open").click()
    driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
    wait.until(EC.staleness_of(before))
    wait.until(EC.presence_of_element_located((By.ID, "use-summary")))
    check("open allegations without an answer" in driver.find_element(By.ID, "use-summary").text
          and "Turkish Armed Forces" in driver.find_element(By.ID, "use-reports").text,
          "the open allegations without an answer are selected")
    shot("use-of-mines")

    print("operator")
    sign_in("operator")
    released_before = dashboard()
    shot("dashboard-operator")
    # An open hazard and what remains of it, from the API with the same session.
    driver.get(BASE + "/api/v1/hazards?status=open&limit=1&offset=7")
    hazard = json.loads(driver.find_element(By.TAG_NAME, "body").text)["items"][0]
    hazard_id, area = hazard["id"], hazard["remaining_m2"]
    driver.get(BASE + f"/hazards/{hazard_id}")
    shot("hazard")
    driver.find_element(By.CSS_SELECTOR, "main a.button").click()
    check(driver.find_element(By.ID, "release-hazard-id").get_attribute("value") == hazard_id, "the form starts with the hazard filled in")
    driver.find_element(By.ID, "release-id").send_keys("BROWSER-1")
    date = driver.find_element(By.ID, "release-date")
    driver.execute_script("arguments[0].value = '2026-05-01'", date)
    Select(driver.find_element(By.ID, "release-method")).select_by_value("cleared")
    driver.find_element(By.ID, "release-area-m2").send_keys(str(area))
    shot("release-form")
    driver.find_element(By.ID, "release-submit").click()
    check("submitted for review" in driver.find_element(By.ID, "outcome").text, "the operator's release is submitted for review")
    shot("release-submitted")
    check(abs(dashboard() - released_before) < 0.005, "a submitted release does not count yet")
    driver.get(BASE + "/audit")
    check(driver.find_element(By.TAG_NAME, "h1").text.startswith("403"), "an operator may not open the audit log")
    shot("forbidden-audit")
    sign_out()

    print("authority")
    sign_in("authority")
    driver.get(BASE + "/review")
    rows = driver.find_elements(By.CSS_SELECTOR, "#submissions tbody tr")
    row = next(r for r in rows if "BROWSER-1" in r.text)
    shot("review")
    row.find_element(By.CSS_SELECTOR, "button[id^=approve-]").click()
    wait.until(EC.presence_of_element_located((By.ID, "submissions")))
    released_after = dashboard()
    expected = released_before + area / 10000
    check(abs(released_after - expected) < 0.011, f"approved: released went from {released_before} ha to {released_after} ha (+{area} m²)")
    shot("dashboard-after-approval")
    driver.get(BASE + "/?lang=fr")
    check("États parties" in driver.page_source, "the French catalogue is served")
    shot("home-fr")
    driver.get(BASE + "/?lang=en")

    # People: the casualty dashboard's map of aggregates, the duplicate queue, a person's record, the coverage map.
    driver.get(BASE + "/casualties?as_of=2026-01-01")
    map_wait.until(lambda d: d.find_element(By.ID, "casualty-map").get_attribute("data-ready") in ("1", "error"))
    check(driver.find_element(By.ID, "casualty-map").get_attribute("data-features") == "5",
          "the casualty map drew the 5 districts with their counts")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-casualties rect")) > 5, "the casualty chart has its bars")
    shot("casualties")
    driver.get(BASE + "/casualties/duplicates?as_of=2027-01-01")
    pairs = len(driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr"))
    check(pairs >= 10, f"the duplicate queue lists {pairs} pairs of reports")
    driver.find_element(By.CSS_SELECTOR, "#queue tbody tr button.confirm").click()
    wait.until(EC.presence_of_element_located((By.ID, "decided")))
    check("confirmed as one accident" in driver.find_element(By.ID, "decided").text, "the authority confirmed a pair")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#queue tbody tr")) == pairs - 1, "the pair left the queue")
    shot("duplicates")
    driver.get(BASE + "/people/CS-0001")
    driver.find_element(By.NAME, "purpose").send_keys("browser test of the person record")
    driver.find_element(By.CSS_SELECTOR, "#purpose-form button").click()
    wait.until(EC.presence_of_element_located((By.ID, "personal")))
    check("Demo person 01" in driver.find_element(By.ID, "personal").text, "the authority reads a person's record")
    shot("person")
    driver.get(BASE + "/eore?period=2025")
    map_wait.until(lambda d: d.find_element(By.ID, "coverage-map").get_attribute("data-ready") in ("1", "error"))
    check(int(driver.find_element(By.ID, "coverage-map").get_attribute("data-features")) > 0,
          "the coverage map drew the settlements near open hazards")
    shot("eore")
    driver.get(BASE + "/assistance?period=2025")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-needs rect")) > 0, "the assistance gaps chart is drawn")
    shot("assistance")
    driver.get(BASE + "/funding?as_of=2026-12-01")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-funding rect")) > 0,
          "the funding chart draws the money that moved each year")
    check("Clearance for the return of displaced families" in driver.find_element(By.ID, "project-list").text,
          "the funding page lists the projects")
    driver.find_element(By.NAME, "state").send_keys("AZE")
    driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
    wait.until(lambda d: "state=AZE" in d.current_url)
    check(driver.find_element(By.ID, "card-share").text.strip() != "", "the international share is shown for Azerbaijan")
    shot("funding")
    driver.get(BASE + "/advocacy?as_of=2026-12-01")
    check("Fifth Review Conference" in driver.find_element(By.ID, "event-list").text,
          "the advocacy page lists the meetings and who came")
    check("overdue" in driver.find_element(By.ID, "pledge-list").text, "an overdue pledge is marked")
    shot("advocacy")
    driver.get(BASE + "/states-not-party?as_of=2026-12-01&years=5")
    cells = driver.find_elements(By.CSS_SELECTOR, "#steps-matrix span.steps")
    check(len(cells) > 100, f"the states-not-party matrix shows {len(cells)} state-years")
    shot("states-not-party")
    driver.get(BASE + "/action-plans")
    driver.find_element(By.LINK_TEXT, "Oslo Action Plan 2020-2024").click()
    wait.until(EC.presence_of_element_located((By.ID, "plan-measures")))
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#plan-chart rect")) > 0,
          "the Oslo Action Plan's chart draws completions and extensions by year")
    check("victim-assistance focal point" in driver.find_element(By.ID, "plan-indicators").text,
          "the plan's recorded indicators show to the programme's reader")
    driver.find_element(By.NAME, "state").send_keys("CHL")
    driver.find_element(By.CSS_SELECTOR, "form.filters button").click()
    wait.until(EC.presence_of_element_located((By.ID, "state-progress")))
    check("completed on 2020-02-27" in driver.find_element(By.ID, "state-progress").text,
          "Chile's clearance completed during the Oslo Action Plan")
    shot("action-plan")
    driver.get(BASE + "/use-of-mines?state=AZE&as_of=2026-12-01")
    row = driver.find_element(By.ID, "use-reports").text
    check("Armed forces (demo)" in row and "credible" in row, "the programme's own report of use shows to its reader")
    driver.find_element(By.CSS_SELECTOR, "#use-reports details summary").click()
    check("request for clarification" in driver.find_element(By.CSS_SELECTOR, "#use-reports details").text,
          "a report's findings and responses open in date order")
    driver.get(BASE + "/states/AZE?as_of=2026-12-01")
    check("8,000 remaining" in driver.find_element(By.ID, "stockpile-records").text,
          "the state page's stockpile records give the stock on the day")
    shot("stockpile-records")
    driver.get(BASE + "/priorities?as_of=2026-01-01")
    map_wait.until(lambda d: d.find_element(By.ID, "priority-map").get_attribute("data-ready") in ("1", "error"))
    coloured = int(driver.find_element(By.ID, "priority-map").get_attribute("data-features") or 0)
    check(coloured > 100, f"the priority map coloured {coloured} open hazards by rank")
    shot("priority-list")
    first = driver.find_element(By.CSS_SELECTOR, "#priorities tbody tr a")
    hazard = first.text
    first.click()
    wait.until(EC.presence_of_element_located((By.ID, "explanation")))
    check("Rank 1 of" in driver.find_element(By.ID, "standing").text, f"{hazard}'s score is explained factor by factor")
    shot("priorities")
    driver.get(BASE + "/forecast?as_of=2026-01-01&deadline=2030-12-31")
    check(len(driver.find_elements(By.CSS_SELECTOR, "svg#chart-forecast circle")) > 0, "the forecast chart is drawn")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#scopes tbody tr")) == 6, "the forecast lists the nation and its 5 districts")
    shot("forecast")
    # Two scenarios side by side: tick the second, choose a district.
    driver.find_element(By.CSS_SELECTOR, "#scenario-choice input[value='reinforced']").click()
    Select(driver.find_element(By.NAME, "scope")).select_by_value("D03")
    driver.find_element(By.CSS_SELECTOR, "form.filters button[type='submit']").click()
    wait.until(EC.presence_of_element_located((By.ID, "comparison")))
    lines = driver.find_elements(By.CSS_SELECTOR, "svg#chart-forecast path.series")
    check(len(lines) == 2, f"the fan chart draws {len(lines)} scenarios side by side for D03")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#comparison tbody tr")) == 6, "the comparison lists every scope")
    shot("forecast-scenarios")
    driver.get(BASE + "/workplan?as_of=2026-01-01&until=2033-12-31&scenario=reinforced")
    milestones = len(driver.find_elements(By.CSS_SELECTOR, "#milestones tbody tr"))
    check(milestones >= 5, f"the work plan sets {milestones} yearly milestones by district")
    check("2033-12-31" in driver.find_element(By.ID, "probability").text, "the work plan gives its chance of the date")
    shot("workplan")
    driver.get(BASE + "/priorities?as_of=2026-01-01&model=return-first&compare=default")
    check(len(driver.find_elements(By.CSS_SELECTOR, "#moves tbody tr")) > 0, "the hazards that move between two models are listed")
    shot("priorities-compared")
    print("browser tests passed")
finally:
    driver.quit()
