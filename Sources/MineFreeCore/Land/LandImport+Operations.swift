import Foundation

// The import rules of organisations, admin areas, assets and their downtime, activities and device
// finds. Each file is read on its own first; the checks across files (and against the store) run at
// the end, once everything the import brings is known.
extension LandValidation {
    // MARK: - CSV helpers

    /// The data rows of a layer file with every column in `required` (an HXL hashtag row skipped), or nil
    /// after naming the missing columns.
    mutating func rows(_ table: CSVTable, _ file: String, required: [String]) -> ArraySlice<CSVTable.Row>? {
        let missing = required.map(name).filter { table.column($0) == nil }
        guard missing.isEmpty else {
            fail(file, "line 1", "columns", "missing column(s) \(missing.joined(separator: ", "))")
            return nil
        }
        var rows = table.rows[...]
        if let first = rows.first, first.fields.allSatisfy({ $0.isEmpty || $0.hasPrefix("#") }) { rows = rows.dropFirst() }
        return rows
    }

    mutating func required(_ table: CSVTable, _ row: CSVTable.Row, _ field: String, _ file: String) -> String? {
        guard let v = table.value(row, name(field)) else {
            fail(file, "line \(row.line)", "required", "\(name(field)) is empty")
            return nil
        }
        return v
    }

    mutating func date(_ table: CSVTable, _ row: CSVTable.Row, _ field: String, _ file: String, optional: Bool = false) -> CalendarDate? {
        guard let raw = table.value(row, name(field)) else {
            if !optional { fail(file, "line \(row.line)", "required", "\(name(field)) is empty") }
            return nil
        }
        guard let d = CalendarDate(iso: raw) else {
            fail(file, "line \(row.line)", "date", "\(name(field)) '\(raw)' is not a calendar date YYYY-MM-DD")
            return nil
        }
        return d
    }

    mutating func enumValue<E: RawRepresentable & CaseIterable>(_ table: CSVTable, _ row: CSVTable.Row, _ field: String, _ file: String,
                                                                _: E.Type) -> E? where E.RawValue == String {
        guard let raw = required(table, row, field, file) else { return nil }
        guard let e = E(rawValue: raw) else {
            fail(file, "line \(row.line)", "enum", "\(name(field)) '\(raw)' is not one of \(E.allCases.map(\.rawValue).joined(separator: ", "))")
            return nil
        }
        return e
    }

    mutating func integer(_ table: CSVTable, _ row: CSVTable.Row, _ field: String, _ file: String, minimum: Int64) -> Int64? {
        guard let raw = required(table, row, field, file) else { return nil }
        guard let n = Int64(raw) else {
            fail(file, "line \(row.line)", "number", "\(name(field)) '\(raw)' is not a whole number")
            return nil
        }
        guard n >= minimum else {
            fail(file, "line \(row.line)", "range", "\(name(field)) \(n) is below \(minimum)")
            return nil
        }
        return n
    }

    /// An id that must not repeat within the file.
    mutating func uniqueID(_ table: CSVTable, _ row: CSVTable.Row, _ field: String, _ file: String, seen: inout [String: Int]) -> String? {
        guard let id = required(table, row, field, file) else { return nil }
        if let first = seen[id] {
            fail(file, "line \(row.line)", "unique-id", "\(name(field)) '\(id)' repeats line \(first)")
            return nil
        }
        seen[id] = row.line
        return id
    }

    // MARK: - Layers

    mutating func readOrganisations(_ table: CSVTable, file: String) {
        guard let rows = rows(table, file, required: ["id", "name", "type"]) else { return }
        var seen: [String: Int] = [:]
        for row in rows {
            let before = issues.count
            let id = uniqueID(table, row, "id", file, seen: &seen)
            let n = required(table, row, "name", file)
            let type = enumValue(table, row, "type", file, OrganisationType.self)
            guard issues.count == before, let id, let n, let type else { continue }
            dataset.organisations.append(Organisation(localID: id, name: n, type: type))
        }
    }

    /// `admin_areas.csv`: no geometry.
    mutating func readAdminAreas(_ table: CSVTable, file: String) {
        guard claimAdminAreas(file), let rows = rows(table, file, required: ["pcode", "name", "level", "parent_pcode"]) else { return }
        var seen: [String: Int] = [:]
        for row in rows {
            let before = issues.count
            let pcode = uniqueID(table, row, "pcode", file, seen: &seen)
            let n = required(table, row, "name", file)
            let level = adminLevel(table.value(row, name("level")), file, "line \(row.line)")
            guard issues.count == before, let pcode, let n, let level else { continue }
            dataset.adminAreas.append(AdminArea(pcode: pcode, name: n, level: level, parentPcode: table.value(row, name("parent_pcode"))))
            adminAreaItems.append("line \(row.line)")
        }
    }

    /// `admin_areas.geojson`: boundaries are checked like hazards' polygons, except the vertex count and the
    /// jump between vertices: a surveyed boundary has thousands of vertices and long straight edges.
    mutating func readAdminAreas(_ features: [GeoJSONFeature], file: String) {
        guard claimAdminAreas(file) else { return }
        var seen: [String: Int] = [:]
        let rules = GeometryRules(maximumVertexJump: nil, bounds: profile.bounds,
                                  projection: profile.projection ?? Self.centredProjection(features))
        for f in features {
            let before = issues.count
            let item = "feature \(f.number)\(f.properties[name("pcode")].map { " (\($0.text))" } ?? "") line \(f.line)"
            var polygons: [[[GeoPoint]]]?
            switch f.geometry {
            case nil: break
            case .polygon(let r)?: polygons = [r]
            case .multiPolygon(let ps)? where !ps.isEmpty: polygons = ps
            case let g?:
                fail(file, item, "geometry-type", "geometry is \(g.typeName), a Polygon, a MultiPolygon (or null) is expected")
            }
            for (k, rings) in (polygons ?? []).enumerated() {
                // Each part is checked like a polygon of its own, and named when there are several.
                let part = (polygons?.count ?? 0) > 1 ? "polygon \(k + 1): " : ""
                for problem in PolygonValidator.check(rings: rings, rules: rules).problems { fail(file, item, problem.rule, part + problem.description) }
            }
            let pcode = text(f, "pcode", file)
            if let pcode {
                if let first = seen[pcode] { fail(file, item, "unique-id", "\(name("pcode")) '\(pcode)' repeats feature \(first)") }
                seen[pcode] = f.number
            }
            let n = text(f, "name", file)
            let level = adminLevel(f.properties[name("level")].flatMap { $0 == .null ? nil : $0.text }, file, item)
            let parent = optionalText(f, "parent_pcode")
            guard issues.count == before, let pcode, let n, let level else { continue }
            var area = AdminArea(pcode: pcode, name: n, level: level, parentPcode: parent, polygons: polygons)
            area.enteredCoordinates = polygons == nil ? nil : f.enteredCoordinates
            dataset.adminAreas.append(area)
            adminAreaItems.append(item)
        }
    }

    /// Admin areas come in one file: the CSV or the GeoJSON, not both.
    mutating func claimAdminAreas(_ file: String) -> Bool {
        guard adminAreaFile.isEmpty else {
            fail(file, nil, "layer", "admin areas are already read from \(adminAreaFile): give them in one file")
            return false
        }
        adminAreaFile = file
        return true
    }

    mutating func adminLevel(_ raw: String?, _ file: String, _ item: String) -> Int? {
        guard let raw else {
            fail(file, item, "required", "\(name("level")) is missing")
            return nil
        }
        guard let level = Int(raw.hasSuffix(".0") ? String(raw.dropLast(2)) : raw), AdminArea.levels.contains(level) else {
            fail(file, item, "range", "\(name("level")) '\(raw)' is not an admin level 1…4")
            return nil
        }
        return level
    }

    mutating func readAssets(_ table: CSVTable, file: String) {
        guard let rows = rows(table, file, required: ["id", "type", "organisation_id", "productivity_m2_per_day", "in_service_from"])
        else { return }
        var seen: [String: Int] = [:]
        for row in rows {
            let before = issues.count
            let id = uniqueID(table, row, "id", file, seen: &seen)
            let type = enumValue(table, row, "type", file, AssetType.self)
            let organisation = required(table, row, "organisation_id", file)
            let productivity = integer(table, row, "productivity_m2_per_day", file, minimum: 1)
            let from = date(table, row, "in_service_from", file)
            guard issues.count == before, let id, let type, let organisation, let productivity, let from else { continue }
            dataset.assets.append(
                Asset(localID: id, type: type, organisationID: organisation, productivityM2PerDay: productivity, inServiceFrom: from))
            assetLines.append(row.line)
        }
    }

    mutating func readDowntime(_ table: CSVTable, file: String) {
        guard let rows = rows(table, file, required: ["asset_id", "from", "to", "reason"]) else { return }
        var seen: [String: Int] = [:]
        for row in rows {
            let item = "line \(row.line)"
            let before = issues.count
            let asset = required(table, row, "asset_id", file)
            let from = date(table, row, "from", file)
            let to = date(table, row, "to", file)
            let reason = enumValue(table, row, "reason", file, DowntimeReason.self)
            if let from, let to, to < from { fail(file, item, "to-before-from", "\(name("to")) \(to) is before \(name("from")) \(from)") }
            if let asset, let from {
                let key = asset + "@" + from.iso
                if let first = seen[key] { fail(file, item, "unique-id", "asset '\(asset)' already has downtime from \(from) (line \(first))") }
                seen[key] = row.line
            }
            guard issues.count == before, let asset, let from, let to, let reason else { continue }
            dataset.downtime.append(AssetDowntime(assetID: asset, from: from, to: to, reason: reason))
            downtimeLines.append(row.line)
        }
    }

    mutating func readActivities(_ table: CSVTable, file: String) {
        let columns = ["id", "type", "organisation_id", "hazard_id", "method", "asset_ids", "start_date", "end_date", "status",
                       "date_of_information"]
        guard let rows = rows(table, file, required: columns) else { return }
        var seen: [String: Int] = [:]
        for row in rows {
            let item = "line \(row.line)"
            let before = issues.count
            let id = required(table, row, "id", file)
            let type = enumValue(table, row, "type", file, ActivityType.self)
            let organisation = required(table, row, "organisation_id", file)
            let hazard = table.value(row, name("hazard_id"))
            // Only an EOD spot task may stand without a hazardous area (a single item, reported and destroyed).
            if let type, type != .eodSpotTask, hazard == nil {
                fail(file, item, "required", "\(name("hazard_id")) is empty: a \(type.rawValue) works on a hazardous area")
            }
            let method = enumValue(table, row, "method", file, ActivityMethod.self)
            let assets = (table.value(row, name("asset_ids")) ?? "").split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let start = date(table, row, "start_date", file)
            let end = date(table, row, "end_date", file, optional: true)
            if let start, let end, end < start {
                fail(file, item, "end-before-start", "\(name("end_date")) \(end) is before \(name("start_date")) \(start)")
            }
            let status = enumValue(table, row, "status", file, ActivityStatus.self)
            let info = date(table, row, "date_of_information", file)
            if let id, let info {
                let key = id + "@" + info.iso
                if let first = seen[key] {
                    fail(file, item, "duplicate-record",
                         "activity '\(id)' already has a record dated \(info) (line \(first)): a change needs a later date of information")
                }
                seen[key] = row.line
            }
            guard issues.count == before, let id, let type, let organisation, let method, let start, let status, let info else { continue }
            dataset.activities.append(
                ActivityRecord(activityID: id, type: type, organisationID: organisation, hazardID: hazard, method: method, assetIDs: assets,
                               startDate: start, endDate: end, status: status, dateOfInformation: info))
            activityLines.append(row.line)
        }
    }

    mutating func readDeviceFinds(_ table: CSVTable, file: String) {
        guard let rows = rows(table, file, required: ["id", "date", "category", "count", "disposal"]) else { return }
        if table.column(name("activity_id")) == nil, table.column(name("hazard_id")) == nil {
            fail(file, "line 1", "columns", "missing column(s) \(name("activity_id")) or \(name("hazard_id"))")
            return
        }
        var seen: [String: Int] = [:]
        for row in rows {
            let item = "line \(row.line)"
            let before = issues.count
            let id = uniqueID(table, row, "id", file, seen: &seen)
            let activity = table.value(row, name("activity_id"))
            let hazard = table.value(row, name("hazard_id"))
            if activity == nil, hazard == nil {
                fail(file, item, "required", "\(name("activity_id")) and \(name("hazard_id")) are both empty: say where the devices were found")
            }
            let d = date(table, row, "date", file)
            let category = enumValue(table, row, "category", file, DeviceCategory.self)
            let count = integer(table, row, "count", file, minimum: 1)
            let disposal = enumValue(table, row, "disposal", file, DeviceDisposal.self)
            var place: GeoPoint?
            let lon = table.value(row, name("lon")), lat = table.value(row, name("lat"))
            switch (lon, lat) {
            case (nil, nil): break
            case (let x?, let y?):
                if let x = Double(x), let y = Double(y) {
                    place = GeoPoint(lon: x, lat: y)
                    let b = profile.bounds ?? BoundingBox(minX: -180, minY: -90, maxX: 180, maxY: 90)
                    if !b.contains(x: x, y: y) {
                        fail(file, item, "bounds", "place (\(x), \(y)) lies outside \(b.minX)…\(b.maxX) E, \(b.minY)…\(b.maxY) N")
                    }
                } else {
                    fail(file, item, "number", "\(name("lon")),\(name("lat")) '\(x),\(y)' are not decimal degrees")
                }
            default:
                fail(file, item, "required", "a place needs both \(name("lon")) and \(name("lat"))")
            }
            guard issues.count == before, let id, let d, let category, let count, let disposal else { continue }
            dataset.deviceFinds.append(
                DeviceFind(localID: id, activityID: activity, hazardID: hazard, date: d, category: category,
                           model: table.value(row, name("model")), count: count, location: place, disposal: disposal))
            findLines.append(row.line)
        }
    }

    /// Settlements name a recorded admin area or are placed in one by the boundaries; a settlement or hazard
    /// lies in the area it names wherever that area (or one above it) has a boundary.
    mutating func checkPlaces(levels: [String: Int]) {
        let boundaries = AdminBoundaries(known.adminAreas + dataset.adminAreas)
        for i in dataset.settlements.indices {
            let s = dataset.settlements[i]
            guard let pcode = s.adminPcode else {
                if !boundaries.isEmpty { dataset.settlements[i].adminPcode = boundaries.locate(s.location) }
                continue
            }
            if levels[pcode] == nil {
                fail("settlements.geojson", settlementItems[i], "unknown-admin-area", "admin_pcode '\(pcode)' \(Self.notKnown)")
            } else if boundaries.contains(pcode, s.location) == false {
                fail("settlements.geojson", settlementItems[i], "outside-admin-area",
                     "(\(s.location.lon), \(s.location.lat)) lies outside the boundary of '\(boundaries.boundaryArea(of: pcode) ?? pcode)'")
            }
        }
        guard !boundaries.isEmpty else { return }
        for (h, at) in zip(dataset.hazards, hazardFeatures) where boundaries.meets(h.region, rings: h.rings) == false {
            fail("hazards.geojson", "feature \(at.number) (\(h.localID)) line \(at.line)", "outside-admin-area",
                 "the polygon lies wholly outside the boundary of '\(boundaries.boundaryArea(of: h.region) ?? h.region)', its region")
        }
    }

    // MARK: - Across files and the store

    static let notKnown = "is neither in this import nor in the store"

    /// Every reference to an organisation, admin area, hazard, activity or asset names one this import brings
    /// or the store holds; releases and finds agree with their activity's hazard.
    mutating func checkOperations() {
        // Admin areas: a parent exists one level up; hazards lie in a known area once any area is recorded.
        var levels: [String: Int] = [:]
        for a in known.adminAreas + dataset.adminAreas { levels[a.pcode] = a.level }
        for (a, item) in zip(dataset.adminAreas, adminAreaItems) {
            if a.level == 1 {
                if let p = a.parentPcode {
                    fail(adminAreaFile, item, "parent-level", "'\(a.pcode)' is level 1 and cannot have a parent ('\(p)')")
                }
            } else if let p = a.parentPcode {
                if let pl = levels[p] {
                    if pl != a.level - 1 {
                        fail(adminAreaFile, item, "parent-level",
                             "parent '\(p)' of level-\(a.level) area '\(a.pcode)' is level \(pl), not \(a.level - 1)")
                    }
                } else {
                    fail(adminAreaFile, item, "unknown-parent", "parent_pcode '\(p)' \(Self.notKnown)")
                }
            } else {
                fail(adminAreaFile, item, "required", "parent_pcode is empty: a level-\(a.level) area lies in a level-\(a.level - 1) one")
            }
        }
        // No admin areas at all (the benchmark dataset): regions are programme codes and stay unchecked.
        if !levels.isEmpty {
            for (h, at) in zip(dataset.hazards, hazardFeatures) where levels[h.region] == nil {
                fail("hazards.geojson", "feature \(at.number) (\(h.localID)) line \(at.line)", "unknown-admin-area",
                     "region '\(h.region)' is not a recorded admin area P-code")
            }
        }
        checkPlaces(levels: levels)

        var organisations = known.organisations
        for o in dataset.organisations { organisations.insert(o.localID) }
        var assets = known.assets
        for a in dataset.assets { assets.insert(a.localID) }
        let importedHazards = dataset.activities.isEmpty && dataset.deviceFinds.isEmpty ? [] : Set(dataset.hazards.map(\.localID))
        func hazardKnown(_ id: String) -> Bool { existing[id] != nil || importedHazards.contains(id) }

        for (a, line) in zip(dataset.assets, assetLines) where !organisations.contains(a.organisationID) {
            fail("assets.csv", "line \(line)", "unknown-organisation", "organisation_id '\(a.organisationID)' \(Self.notKnown)")
        }
        for (d, line) in zip(dataset.downtime, downtimeLines) where !assets.contains(d.assetID) {
            fail("asset_downtime.csv", "line \(line)", "unknown-asset", "asset_id '\(d.assetID)' \(Self.notKnown)")
        }

        var activityHazards = known.activityHazards
        var latest: [String: CalendarDate] = [:]
        for (r, line) in zip(dataset.activities, activityLines) {
            let item = "line \(line)"
            if !organisations.contains(r.organisationID) {
                fail("activities.csv", item, "unknown-organisation", "organisation_id '\(r.organisationID)' \(Self.notKnown)")
            }
            if let h = r.hazardID, !hazardKnown(h) {
                fail("activities.csv", item, "unknown-hazard", "hazard_id '\(h)' \(Self.notKnown)")
            }
            for a in r.assetIDs where !assets.contains(a) {
                fail("activities.csv", item, "unknown-asset", "asset '\(a)' in asset_ids \(Self.notKnown)")
            }
            if latest[r.activityID].map({ $0 < r.dateOfInformation }) ?? true {
                latest[r.activityID] = r.dateOfInformation
                activityHazards[r.activityID] = .some(r.hazardID)
            }
        }

        for (r, line) in zip(dataset.releases, releaseLines) {
            guard let a = r.activityID else { continue }
            let item = "line \(line)"
            guard let hazard = activityHazards[a] else {
                fail("release_events.csv", item, "unknown-activity", "activity_id '\(a)' \(Self.notKnown)")
                continue
            }
            if hazard != r.hazardID {
                fail("release_events.csv", item, "activity-hazard-mismatch",
                     "activity '\(a)' works on \(hazard.map { "hazard '\($0)'" } ?? "no hazard"), not on hazard_id '\(r.hazardID)'")
            }
        }

        for (f, line) in zip(dataset.deviceFinds, findLines) {
            let item = "line \(line)"
            if let h = f.hazardID, !hazardKnown(h) {
                fail("device_finds.csv", item, "unknown-hazard", "hazard_id '\(h)' \(Self.notKnown)")
            }
            guard let a = f.activityID else { continue }
            guard let hazard = activityHazards[a] else {
                fail("device_finds.csv", item, "unknown-activity", "activity_id '\(a)' \(Self.notKnown)")
                continue
            }
            if let h = f.hazardID, let hazard, hazard != h {
                fail("device_finds.csv", item, "activity-hazard-mismatch", "activity '\(a)' works on hazard '\(hazard)', not on hazard_id '\(h)'")
            }
        }
    }
}
