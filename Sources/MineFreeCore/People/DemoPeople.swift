import Foundation

/// The demo programme's people: accidents as a hospital reported them, some reported again by the police (a day or
/// so apart, a little off in place: the review queue has work) and by the media (district only), the casualties the
/// hospital names, and personal data for some of them. Then victim assistance — survivors, the families of some of
/// the killed, their needs across the pillars and the services that answered them or did not — and risk education
/// in the settlements, most of it near the hazards still open. Names are plainly invented ("Demo person 07").
/// Seeded: the same files every time; the assistance and the risk education draw from generators of their own, so
/// the accidents, casualties and personal data stay as they were.
enum DemoPeople {
    /// A settlement of the demo as risk education needs it: its id, district, position, and whether an open hazard
    /// lies near it.
    struct Place {
        var id: String
        var district: String
        var lon: Double
        var lat: Double
        var nearHazard: Bool
    }

    /// A casualty as victim assistance needs it.
    struct Person {
        var casualty: String
        var date: CalendarDate
        var killed: Bool
        var age: Int
        var sex: String
        var injuries: String
        var district: String
        /// Whether the casualty's personal data is recorded (then the survivor's is not recorded again).
        var named: Bool
    }

    static func files(
        seed: UInt64,
        accidents count: Int,
        settlements: [Place] = [],
        through snapshot: CalendarDate = CalendarDate(year: 2026, month: 6, day: 30)!
    ) -> [(name: String, contents: String)] {
        var rng = SeededRandom(seed: seed &+ 0x5EED_0016)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        let activities = ["farming", "herding", "collecting_scrap", "collecting_food_or_wood", "travelling", "playing"]
        let devices = ["AP", "AP", "AP", "AT", "ERW", "ERW", "CM", "IM"]
        var accidents = "{\"type\":\"FeatureCollection\",\"features\":[\n"
        var casualties = "id,date,outcome,age,sex,device,accident_id,status,injuries,source,lon,lat\n"
        var personal = "id,casualty_id,name,date_of_birth,phone,address,medical_notes,recorded,survivor_id\n"
        var people: [Person] = []
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
                people.append(
                    Person(
                        casualty: casualty,
                        date: date,
                        killed: outcome == "killed",
                        age: age,
                        sex: sex,
                        injuries: injuries,
                        district: d.code,
                        named: person % 3 == 1
                    )
                )
                casualties +=
                    "\(casualty),\(date.iso),\(outcome),\(age),\(sex),\(device),\(id),civilian,\(injuries),hospital,\(String(format: "%.5f", lon)),\(String(format: "%.5f", lat))\n"
                if person % 3 == 1 {
                    let born = CalendarDate(year: date.year - age, month: int(1...12), day: int(1...28))!
                    personal +=
                        "PD-\(String(format: "%04d", person)),\(casualty),Demo person \(String(format: "%02d", person)),\(born.iso),,Village in district \(d.code),\(outcome == "injured" ? injuries.replacingOccurrences(of: ";", with: " and ").replacingOccurrences(of: "_", with: " ") : "killed at the scene"),\(reported.iso),\n"
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
        let assistance = victimAssistance(seed: seed, people: people, through: snapshot)
        return [
            ("accidents.geojson", accidents), ("casualties.csv", casualties),
            ("personal_data.csv", personal + assistance.personal),
        ] + assistance.files + riskEducation(seed: seed, settlements: settlements, through: snapshot)
    }

    /// Survivors (most of the injured, registered a few weeks after) and the families of some of the killed; their
    /// needs by pillar and the services given, with the gaps a programme has: needs nobody answered, referrals that
    /// never started, services completed, ongoing, or lost to follow-up. Everything before `snapshot`.
    static func victimAssistance(seed: UInt64, people: [Person], through snapshot: CalendarDate)
        -> (files: [(name: String, contents: String)], personal: String)
    {
        var rng = SeededRandom(seed: seed &+ 0x5EED_0017)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        func chance(_ p: Double) -> Bool { rng.unit() < p }
        func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        func weighted(_ items: [(String, Double)]) -> String {
            var r = rng.unit() * items.reduce(0) { $0 + $1.1 }
            for (item, weight) in items {
                r -= weight
                if r <= 0 { return item }
            }
            return items.last!.0
        }
        var survivors = "id,casualty_id,kind,sex,age_group,admin_pcode,registered\n"
        var needs = "id,survivor_id,pillar,identified,priority\n"
        var services =
            "id,survivor_id,need_id,pillar,organisation_id,provider,referred,started,ended,follow_up,outcome,recorded\n"
        var personal = ""
        var survivorCount = 0, needCount = 0, serviceCount = 0

        // Who provides each pillar: a recorded organisation's id, or a provider's name.
        func provider(_ pillar: AssistancePillar, _ district: String) -> (organisation: String, name: String) {
            switch pillar {
            case .emergencyMedical: return ("", "District hospital \(district)")
            case .continuingMedical:
                return pick([("", "District hospital \(district)"), ("", "Regional trauma hospital")])
            case .rehabilitation:
                return pick([
                    ("", "National prosthetic and orthopaedic centre"), ("", "Regional rehabilitation centre"),
                ])
            case .psychosocial: return pick([("OP-DEMINING-1", ""), ("", "Survivors' peer support network")])
            case .education: return ("", "District education department \(district)")
            case .economicInclusion:
                return pick([("OP-DEMINING-1", ""), ("OP-DEMINING-2", ""), ("", "State employment service")])
            case .socialProtection: return ("", "Ministry of Labour and Social Protection")
            }
        }
        // How long a completed service of each pillar ran (days).
        func duration(_ pillar: AssistancePillar) -> ClosedRange<Int> {
            switch pillar {
            case .emergencyMedical: return 2...30
            case .continuingMedical: return 30...180
            case .rehabilitation: return 60...400
            case .psychosocial: return 60...300
            case .education: return 180...700
            case .economicInclusion: return 90...365
            case .socialProtection: return 180...1000
            }
        }
        // One service answering a need: referred, then perhaps started, ended, followed up; the dates after the
        // snapshot are not known yet (a service ending later is ongoing, one starting later still pending).
        func service(
            _ survivor: String,
            _ need: String?,
            _ pillar: AssistancePillar,
            _ district: String,
            referred: CalendarDate,
            outcome: String
        ) {
            guard referred < snapshot else { return }
            var outcome = outcome
            var started: CalendarDate?, ended: CalendarDate?, followUp: CalendarDate?
            var recorded = referred
            let started0 = pillar == .emergencyMedical ? referred : referred.adding(days: int(3...90))
            switch outcome {
            case "ongoing":
                started = started0
                followUp = chance(0.7) ? started0.adding(days: int(30...300)) : nil
                // A service running for years is rehabilitation (devices replaced, adjusted); others finished.
                if pillar != .rehabilitation, started0.days(until: snapshot) > 730 {
                    outcome = "completed"
                    ended = started0.adding(days: int(duration(pillar)))
                    followUp = nil
                }
            case "completed":
                started = started0
                ended = started0.adding(days: int(duration(pillar)))
                followUp = chance(0.5) ? ended!.adding(days: int(30...180)) : nil
            case "lost_to_follow_up":
                started = started0
                followUp = started0.adding(days: int(30...200))
                recorded = followUp!.adding(days: int(30...90))
            default: break  // pending, declined, referred_on: never started
            }
            if let f = followUp, f >= snapshot { followUp = nil }
            if let e = ended, e >= snapshot {
                ended = nil
                followUp = nil
                outcome = "ongoing"
            }
            if outcome == "lost_to_follow_up", followUp == nil {
                outcome = "ongoing"
            }
            if let s = started, s >= snapshot {
                started = nil
                outcome = "pending"
            }
            let latest = [started, ended, followUp].compactMap { $0 }.reduce(referred, max)
            recorded = min(max(recorded, latest).adding(days: int(0...10)), max(latest, snapshot.adding(days: -1)))
            let who = provider(pillar, district)
            serviceCount += 1
            services +=
                "\(String(format: "SE-%04d", serviceCount)),\(survivor),\(need ?? ""),\(pillar.rawValue),\(who.organisation),\(who.name),"
                + "\(referred.iso),\(started?.iso ?? ""),\(ended?.iso ?? ""),\(followUp?.iso ?? ""),\(outcome),\(recorded.iso)\n"
        }

        for p in people {
            let kind: Survivor.Kind
            if p.killed {
                guard chance(0.4) else { continue }
                kind = .familyMember
            } else {
                guard chance(0.85) else { continue }
                kind = .survivor
            }
            let registered = p.date.adding(days: kind == .survivor ? int(14...45) : int(30...120))
            guard registered < snapshot else { continue }
            survivorCount += 1
            let id = String(format: "SV-%04d", survivorCount)
            let child = kind == .survivor ? p.age < 18 : chance(0.25)
            let sex = kind == .survivor ? p.sex : pick(["F", "F", "M"])
            survivors +=
                "\(id),\(p.casualty),\(kind.rawValue),\(sex),\(child ? "child" : "adult"),\(p.district),\(registered.iso)\n"

            // The needs: medical care and rehabilitation for the injured (prostheses after an amputation), support
            // and inclusion for them and for the families.
            var wanted: [(AssistancePillar, String)] = []
            let amputation = p.injuries.contains("amputation")
            if kind == .survivor {
                wanted.append((.emergencyMedical, "high"))
                if amputation || chance(0.5) { wanted.append((.continuingMedical, amputation ? "high" : "medium")) }
                if amputation {
                    wanted.append((.rehabilitation, "high"))
                } else if chance(0.25) {
                    wanted.append((.rehabilitation, "medium"))
                }
                if chance(0.7) { wanted.append((.psychosocial, pick(["high", "medium", ""]))) }
            } else if chance(0.8) {
                wanted.append((.psychosocial, pick(["medium", "low", ""])))
            }
            if child {
                if chance(0.85) { wanted.append((.education, "medium")) }
            } else if chance(kind == .survivor ? 0.6 : 0.5) {
                wanted.append((.economicInclusion, pick(["high", "medium", "low"])))
            }
            if chance(kind == .survivor ? 0.5 : 0.7) {
                wanted.append((.socialProtection, pick(["medium", "low", ""])))
            }

            for (pillar, priority) in wanted {
                let identified = pillar == .emergencyMedical ? p.date : registered.adding(days: int(0...20))
                guard identified < snapshot else { continue }
                needCount += 1
                let need = String(format: "ND-%04d", needCount)
                needs += "\(need),\(id),\(pillar.rawValue),\(identified.iso),\(priority)\n"
                // Some services name no need: the gaps analysis matches them by survivor and pillar.
                let named: String? = chance(0.9) ? need : nil
                if pillar == .emergencyMedical {
                    service(id, named, pillar, p.district, referred: p.date, outcome: "completed")
                    continue
                }
                let gap: Double =
                    switch pillar {
                    case .economicInclusion: 0.4
                    case .psychosocial, .socialProtection: 0.3
                    case .education: 0.2
                    default: 0.1
                    }
                let outcome = weighted([
                    ("none", gap), ("pending", 0.12), ("declined", 0.03), ("referred_on", 0.05), ("ongoing", 0.22),
                    ("completed", 0.28), ("lost_to_follow_up", 0.1),
                ])
                guard outcome != "none" else { continue }
                let referred = identified.adding(days: int(0...60))
                service(id, named, pillar, p.district, referred: referred, outcome: outcome)
                // Sent on: the next provider's service is a record of its own.
                if outcome == "referred_on" {
                    service(
                        id,
                        named,
                        pillar,
                        p.district,
                        referred: referred.adding(days: int(5...40)),
                        outcome: weighted([("pending", 0.3), ("ongoing", 0.4), ("completed", 0.3)])
                    )
                }
            }

            // Personal data for the families and for some survivors whose casualty record has none: plainly invented
            // names, "Demo person" as the casualties' (S a survivor, F a member of a family), so a test looking for
            // the demo's names finds these too.
            if kind == .familyMember || (!p.named && survivorCount % 3 == 1) {
                let born = CalendarDate(
                    year: registered.year - (kind == .survivor ? p.age : child ? int(5...16) : int(20...65)),
                    month: int(1...12),
                    day: int(1...28)
                )!
                let name = "Demo person " + (kind == .survivor ? "S" : "F")
                personal +=
                    "PD-\(id),,\(name)\(String(format: "%02d", survivorCount)),\(born.iso),,Village in district \(p.district),"
                    + "\(amputation && kind == .survivor ? "prosthesis user" : ""),\(registered.iso),\(id)\n"
            }
        }
        return (
            [("survivors.csv", survivors), ("assistance_needs.csv", needs), ("assistance_services.csv", services)],
            personal
        )
    }

    /// Risk education: sessions in the settlements (about half of those near an open hazard, a few of the others),
    /// some held by a position only (at the school, a few hundred metres off), radio and social media by district;
    /// awareness groups in some of the settlements reached. From 2022 to the snapshot.
    static func riskEducation(seed: UInt64, settlements: [Place], through snapshot: CalendarDate)
        -> [(name: String, contents: String)]
    {
        var rng = SeededRandom(seed: seed &+ 0x5EED_0018)
        func int(_ r: ClosedRange<Int>) -> Int { r.lowerBound + Int(rng.next() % UInt64(r.count)) }
        func chance(_ p: Double) -> Bool { rng.unit() < p }
        func pick<T>(_ items: [T]) -> T { items[int(0...(items.count - 1))] }
        func day() -> CalendarDate {
            let date = CalendarDate(
                year: pick([2022, 2023, 2024, 2024, 2025, 2025, 2025, 2026]),
                month: int(1...12),
                day: int(1...28)
            )!
            return date < snapshot ? date : snapshot.adding(days: -int(1...170))
        }
        func topics(_ from: [RiskEducationSession.Topic]) -> String {
            let chosen = Set((0..<int(1...3)).map { _ in pick(from) })
            return RiskEducationSession.Topic.allCases.filter(chosen.contains).map(\.rawValue).joined(separator: ";")
        }
        var sessions =
            "id,date,settlement_id,admin_pcode,organisation_id,method,target_group,topics,reached_f,reached_m,reached_girls,reached_boys,lon,lat\n"
        var groups = "id,settlement_id,since,members,organisation_id,until\n"
        var sessionCount = 0, groupCount = 0
        let organisations = ["NMAA", "OP-DEMINING-1", "OP-DEMINING-1", "OP-DEMINING-2"]
        func session(
            _ date: CalendarDate,
            settlement: String,
            district: String,
            organisation: String,
            method: RiskEducationSession.Method,
            target: RiskEducationSession.TargetGroup,
            topics: String,
            reached: (Int, Int, Int, Int),
            at position: (Double, Double)? = nil
        ) {
            sessionCount += 1
            let place = position.map { String(format: "%.5f,%.5f", $0.0, $0.1) } ?? ","
            sessions +=
                "\(String(format: "EO-%04d", sessionCount)),\(date.iso),\(settlement),\(district),\(organisation),\(method.rawValue),"
                + "\(target.rawValue),\(topics),\(reached.0),\(reached.1),\(reached.2),\(reached.3),\(place)\n"
        }
        for s in settlements {
            guard chance(s.nearHazard ? 0.55 : 0.12) else { continue }
            for _ in 0..<int(1...4) {
                let focal = chance(0.3)
                let target: RiskEducationSession.TargetGroup =
                    focal
                    ? pick([.adults, .farmersHerders, .women])
                    : pick([
                        .children, .children, .adults, .women, .men, .farmersHerders, .scrapCollectors, .returneesIDPs,
                        .teachers, .mixed,
                    ])
                var reached: (Int, Int, Int, Int) =
                    switch target {
                    case .children: (int(0...2), int(0...2), int(8...35), int(8...35))
                    case .adults: (int(5...25), int(5...25), 0, 0)
                    case .women: (int(8...30), 0, 0, 0)
                    case .men: (0, int(8...30), 0, 0)
                    case .farmersHerders: (int(2...10), int(6...25), 0, 0)
                    case .scrapCollectors: (0, int(3...12), 0, int(1...6))
                    case .returneesIDPs: (int(5...20), int(5...20), int(3...12), int(3...12))
                    case .teachers: (int(4...15), int(2...8), 0, 0)
                    default: (int(5...25), int(5...25), int(3...15), int(3...15))
                    }
                if focal { reached = (reached.0 / 3, reached.1 / 3 + 1, 0, 0) }
                let placed = !focal && chance(0.08)
                session(
                    day(),
                    settlement: placed ? "" : s.id,
                    district: "",
                    organisation: pick(organisations),
                    method: focal ? .communityFocalPoint : .directSession,
                    target: target,
                    topics: topics(
                        target == .children
                            ? [.recognition, .safeBehaviour, .reporting, .warningSigns]
                            : [
                                .recognition, .safeBehaviour, .reporting, .warningSigns, .safeReturn, .firstAid,
                                .victimAssistance,
                            ]
                    ),
                    reached: reached,
                    at: placed ? (s.lon + Double(int(-20...20)) / 10_000, s.lat + Double(int(-20...20)) / 10_000) : nil
                )
            }
            if s.nearHazard, chance(0.35) {
                groupCount += 1
                let since = CalendarDate(year: int(2021...2025), month: int(1...12), day: int(1...28))!
                let until = chance(0.2) ? since.adding(days: int(200...900)) : nil
                groups +=
                    "\(String(format: "AG-%04d", groupCount)),\(s.id),\(since.iso),\(int(5...30)),\(pick(organisations)),"
                    + "\(until.map { $0 < snapshot ? $0.iso : "" } ?? "")\n"
            }
        }
        // Radio and social media reach a district at a time.
        for district in DemoProgramme.districts.map(\.code) {
            for year in 2022...2026 {
                if chance(0.5) {
                    session(
                        CalendarDate(year: year, month: int(1...6), day: int(1...28))!,
                        settlement: "",
                        district: district,
                        organisation: "NMAA",
                        method: .media,
                        target: .mixed,
                        topics: topics([.recognition, .safeBehaviour, .reporting, .safeReturn]),
                        reached: (int(300...3000), int(300...3000), int(100...800), int(100...800))
                    )
                }
                if chance(0.4) {
                    session(
                        CalendarDate(year: year, month: int(1...6), day: int(1...28))!,
                        settlement: "",
                        district: district,
                        organisation: pick(organisations),
                        method: .digital,
                        target: pick([.adults, .returneesIDPs, .mixed]),
                        topics: topics([.recognition, .reporting, .safeReturn, .victimAssistance]),
                        reached: (int(200...2000), int(200...2000), int(50...300), int(50...300))
                    )
                }
            }
        }
        return [("eore_sessions.csv", sessions), ("awareness_groups.csv", groups)]
    }
}
