import Foundation

/// The demo programme's people: accidents as a hospital reported them, some reported again by the police (a day or
/// so apart, a little off in place: the review queue has work) and by the media (district only), the casualties the
/// hospital names, and personal data for some of them. Names are plainly invented ("Demo person 07"). Seeded: the
/// same files every time.
enum DemoPeople {
    static func files(seed: UInt64, accidents count: Int) -> [(name: String, contents: String)] {
        var rng = SeededRandom(seed: seed &+ 0x5EED_0016)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        let activities = ["farming", "herding", "collecting_scrap", "collecting_food_or_wood", "travelling", "playing"]
        let devices = ["AP", "AP", "AP", "AT", "ERW", "ERW", "CM", "IM"]
        var accidents = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        var casualties = "id,date,outcome,age,sex,device,accident_id,status,injuries,source,lon,lat\n"
        var personal = "id,casualty_id,name,date_of_birth,phone,address,medical_notes,recorded\n"
        var features: [String] = []
        var person = 0
        func feature(_ props: String, _ lon: Double?, _ lat: Double?) -> String {
            let geometry =
                lon.map {
                    "{\"type\":\"Point\",\"coordinates\":[\(String(format: "%.5f", $0)),\(String(format: "%.5f", lat!))]}"
                }
                ?? "null"
            return "{\"type\":\"Feature\",\"properties\":{\(props)},\"geometry\":\(geometry)}"
        }
        for i in 0..<count {
            let d = pick(DemoProgramme.districts)
            let lon = d.lon + Double(int(-900...900)) / 10_000
            let lat = d.lat + Double(int(-700...700)) / 10_000
            let date = CalendarDate(year: 2016 + i * 10 / count, month: int(1...12), day: int(1...28))!
            let reported = date.adding(days: int(0...12))
            let killed = int(0...9) < 3 ? 1 : 0
            let injured = killed == 0 ? int(1...3) : int(0...1)
            let device = pick(devices)
            let activity = pick(activities)
            let id = String(format: "AC-H-%03d", i + 1)
            features.append(
                feature(
                    "\"id\":\"\(id)\",\"source\":\"hospital\",\"source_reference\":\"H-\(date.year)-\(100 + i)\",\"date\":\"\(date.iso)\",\"reported\":\"\(reported.iso)\",\"device\":\"\(device)\",\"activity\":\"\(activity)\",\"handled\":\"\(activity == "collecting_scrap" ? "yes" : "no")\",\"killed\":\(killed),\"injured\":\(injured)",
                    lon,
                    lat
                )
            )
            for k in 0..<(killed + injured) {
                person += 1
                let age = activity == "playing" ? int(7...15) : int(12...68)
                let sex = activity == "playing" || int(0...9) < 8 ? "M" : "F"
                let outcome = k < killed ? "killed" : "injured"
                let injuries =
                    outcome == "injured"
                    ? pick(["lower_limb_amputation", "fragments", "fragments;eye", "upper_limb_amputation;burns"]) : ""
                let casualty = String(format: "CS-%04d", person)
                casualties +=
                    "\(casualty),\(date.iso),\(outcome),\(age),\(sex),\(device),\(id),civilian,\(injuries),hospital,\(String(format: "%.5f", lon)),\(String(format: "%.5f", lat))\n"
                if person % 3 == 1 {
                    let born = CalendarDate(year: date.year - age, month: int(1...12), day: int(1...28))!
                    personal +=
                        "PD-\(String(format: "%04d", person)),\(casualty),Demo person \(String(format: "%02d", person)),\(born.iso),,Village in district \(d.code),\(outcome == "injured" ? injuries.replacingOccurrences(of: ";", with: " and ").replacingOccurrences(of: "_", with: " ") : "killed at the scene"),\(reported.iso)\n"
                }
            }
            // Every third accident the police report too, a day or so apart and a little off in place.
            if i % 3 == 0 {
                let shift = Double(int(-20...20)) / 10_000
                features.append(
                    feature(
                        "\"id\":\"\(String(format: "AC-P-%03d", i + 1))\",\"source\":\"police\",\"date\":\"\(date.adding(days: int(-1...1)).iso)\",\"reported\":\"\(reported.adding(days: 3).iso)\",\"device\":\"\(device)\",\"activity\":\"\(activity)\",\"killed\":\(killed),\"injured\":\(injured)",
                        lon + shift,
                        lat - shift
                    )
                )
            }
            // Every seventh, the media: the district only, the counts sometimes off by one.
            if i % 7 == 3 {
                features.append(
                    feature(
                        "\"id\":\"\(String(format: "AC-M-%03d", i + 1))\",\"source\":\"media\",\"date\":\"\(date.iso)\",\"reported\":\"\(date.adding(days: 1).iso)\",\"admin_pcode\":\"\(d.code)\",\"device\":\"unknown\",\"activity\":\"\(activity)\",\"killed\":\(killed),\"injured\":\(injured + int(0...1))",
                        nil,
                        nil
                    )
                )
            }
        }
        accidents += features.joined(separator: ",\n") + "\n]}\n"
        return [("accidents.geojson", accidents), ("casualties.csv", casualties), ("personal_data.csv", personal)]
    }
}
