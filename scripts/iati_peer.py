#!/usr/bin/env python3
"""The peer for MineFree's IATI import benchmark: the same extraction with Python's streaming ElementTree parser.

Reads an IATI 2.0x activity file with iterparse (each activity freed once read), takes the mine-action share of every
transaction of types 1, 2, 3, 4 and 11 (DAC 15250 under vocabulary 1: the transaction's own sector, else the
activity's percentage; split by recipient-country percentages; rounded to whole units half away from zero, as
MineFree does) and prints, as JSON, the parts and their sums per currency: what `minefree iati import` must store.
"""
import json
import sys
import time
import xml.etree.ElementTree as ET
from decimal import Decimal, ROUND_HALF_UP

FLOWS = {"1", "2", "3", "4", "11"}


def vocab1(sectors):
    return [s for s in sectors if s.get("vocabulary", "1") == "1"]


def main(path):
    started = time.perf_counter()
    parts = 0
    sums = {}
    activities = mine = 0
    for _, el in ET.iterparse(path, events=("end",)):
        if el.tag != "iati-activity":
            continue
        activities += 1
        own = vocab1(el.findall("sector"))
        if len(own) == 1 and own[0].get("code") == "15250":
            share = Decimal(own[0].get("percentage", "100")) / 100
        else:
            share = sum((Decimal(s.get("percentage", "0")) for s in own if s.get("code") == "15250"), Decimal(0)) / 100
        countries = el.findall("recipient-country")
        split = [(c.get("code"), Decimal(c.get("percentage", "100" if len(countries) == 1 else "0")) / 100) for c in countries] or [(None, Decimal(1))]
        default = el.get("default-currency")
        found = False
        for t in el.findall("transaction"):
            ts = vocab1(t.findall("sector"))
            s = (Decimal(1) if any(x.get("code") == "15250" for x in ts) else Decimal(0)) if ts else share
            if s <= 0:
                continue
            found = True
            if t.find("transaction-type").get("code") not in FLOWS:
                continue
            value = t.find("value")
            currency = value.get("currency", default)
            tsplit = [(t.find("recipient-country").get("code"), Decimal(1))] if t.find("recipient-country") is not None else split
            for _, cs in tsplit:
                if cs <= 0:
                    continue
                amount = int((Decimal(value.text.strip()) * s * cs).quantize(Decimal(1), rounding=ROUND_HALF_UP))
                sums[currency] = sums.get(currency, 0) + amount
                parts += 1
        if found or share > 0:
            mine += 1
        el.clear()
    seconds = time.perf_counter() - started
    print(json.dumps({"activities": activities, "mine_action_activities": mine, "parts": parts,
                      "sums": dict(sorted(sums.items())), "seconds": round(seconds, 3)}))


if __name__ == "__main__":
    main(sys.argv[1])
