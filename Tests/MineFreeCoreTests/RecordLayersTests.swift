import Foundation
import MineFreeReferenceData
import Testing

@testable import MineFreeCore

/// Each kind of record described once, and the rules that used to live in the adapters: the region filter, the
/// review policy.
@Suite struct RecordLayersTests {
    @Test func everyDescriptionHoldsTogether() {
        #expect(
            RecordLayers.names == [
                "hazards", "release_events", "settlements", "settlement_figures", "roads", "infrastructure",
                "hazard_revisions",
                "organisations", "admin_areas",
                "assets", "asset_downtime", "activities", "device_finds", "accidents", "casualties", "survivors",
                "assistance_needs", "assistance_services", "personal_data", "eore_sessions", "awareness_groups",
                "funding_projects", "contributions", "events", "event_attendance", "pledges", "state_steps", "contacts",
                "media_outputs", "stockpile_reports", "stockpile_destructions", "retained_mine_reports",
                "national_measures",
                "production_facilities", "mine_transfers", "plan_actions", "plan_indicators", "indicator_values",
                "figure_reports", "figure_adoptions", "use_reports", "use_assessments", "use_responses",
            ]
        )
        for info in RecordLayers.infos {
            let names = info.fields.map(\.name)
            #expect(Set(names).count == names.count, "\(info.name): a field named twice")
            #expect(info.key.allSatisfy { names.contains($0) }, "\(info.name): its key is among its fields")
            if let date = info.dateField { #expect(names.contains(date), "\(info.name): its date field is a field") }
            #expect(info.fields.allSatisfy { $0.hxl.hasPrefix("#") }, "\(info.name): every field has its HXL hashtag")
            for f in info.fields {
                if let r = f.references {
                    #expect(RecordLayers.info(named: r.layer) != nil, "\(info.name).\(f.name) names a layer")
                }
                #expect(
                    f.aliases.allSatisfy { !names.contains($0) },
                    "\(info.name).\(f.name): an alias is no other field's name"
                )
            }
            #expect(RecordLayers.layer(ofFile: info.name + ".csv")?.name == info.name)
            #expect(RecordLayers.layer(ofFile: info.name + ".geojson")?.name == info.name)
        }
        // One name per field: the store's column is the field's name; only the record's own id is `local_id`.
        #expect(LandRelease.info.column("hazard_id") == "hazard_id")
        #expect(LandRelease.info.column("id") == "local_id")
        #expect(AdminArea.info.column("pcode") == "local_id")
        #expect(AssetDowntime.info.idField == nil)
        #expect(AssetDowntime.info.keyColumns == ["asset_id", "from_date"])
        #expect(ActivityRecord.info.keyColumns == ["local_id", "date_of_information"])
        // The store writes a layer after the layers it names.
        let order = RecordLayers.writeOrder.map { $0.info.name }
        #expect(order.firstIndex(of: "organisations")! < order.firstIndex(of: "assets")!)
        #expect(order.firstIndex(of: "assets")! < order.firstIndex(of: "asset_downtime")!)
        #expect(order.firstIndex(of: "hazards")! < order.firstIndex(of: "release_events")!)
        #expect(order.firstIndex(of: "activities")! < order.firstIndex(of: "device_finds")!)
        #expect(order.firstIndex(of: "casualties")! < order.firstIndex(of: "survivors")!)
        #expect(order.firstIndex(of: "survivors")! < order.firstIndex(of: "assistance_needs")!)
        #expect(order.firstIndex(of: "assistance_needs")! < order.firstIndex(of: "assistance_services")!)
        #expect(order.firstIndex(of: "settlements")! < order.firstIndex(of: "eore_sessions")!)
        // Casualties are the People area's.
        #expect(CasualtyEvent.info.area == .people && HazardousArea.info.area == .land)
    }

    @Test func aRecordWritesAndReadsItsOwnValues() {
        var r = LandRelease(
            localID: "RE-1",
            hazardID: "HA-1",
            date: CalendarDate(iso: "2016-05-01")!,
            method: .cleared,
            areaM2: 1000,
            devicesFound: 3,
            activityID: "ACT-1",
            handoverDate: CalendarDate(iso: "2016-06-01"),
            handedOverTo: "Aghdam"
        )
        r.extra = #"{"team":"A"}"#
        let values = LandRelease.layer.values(of: r)
        #expect(
            values.map(\.fileText) == [
                "RE-1", "HA-1", "2016-05-01", "cleared", "1000", "3", "ACT-1", "2016-06-01", "Aghdam",
            ]
        )
        let back = LandRelease.layer.record(values: values, geometry: nil, extra: r.extra)
        #expect(LandRelease.layer.values(of: back) == values)
        #expect(back.extra == r.extra)
        #expect(
            ActivityRecord.layer.key(
                of: ActivityRecord(
                    activityID: "A-1",
                    type: .clearance,
                    organisationID: "O",
                    hazardID: "H",
                    method: .manual,
                    assetIDs: [],
                    startDate: .epoch,
                    endDate: nil,
                    status: .ongoing,
                    dateOfInformation: CalendarDate(iso: "2021-03-01")!
                )
            ) == "A-1@2021-03-01"
        )
    }

    @Test func aRegionFilterCoversTheAreasBelowAndNamesWhatExists() throws {
        let areas = [
            AdminArea(pcode: "AZ07", name: "Aghdam", level: 1, parentPcode: nil),
            AdminArea(pcode: "AZ0701", name: "Aghdam town", level: 2, parentPcode: "AZ07"),
            AdminArea(pcode: "AZ0702", name: "Quzanli", level: 2, parentPcode: "AZ07"),
            AdminArea(pcode: "AZ08", name: "Fuzuli", level: 1, parentPcode: nil),
        ]
        #expect(try RegionFilter.covered(by: "AZ07", areas: areas, regions: []) == ["AZ07", "AZ0701", "AZ0702"])
        #expect(try RegionFilter.covered(by: "az0701", areas: areas, regions: []) == ["AZ0701"])
        // Without admin areas, a region is the programme's own code.
        #expect(try RegionFilter.covered(by: "R03", areas: [], regions: ["R01", "R03"]) == ["R03"])
        #expect(throws: RegionFilter.Unknown.self) { try RegionFilter.covered(by: "AZ99", areas: areas, regions: []) }
        do {
            _ = try RegionFilter.covered(by: "R9", areas: [], regions: ["R01", "R02"])
        } catch let unknown as RegionFilter.Unknown {
            #expect(unknown.description == "unknown region 'R9': expected one of R01, R02")
        }
    }

    @Test func theReviewPolicy() {
        #expect(ReviewPolicy.recordsDirectly(.authority) && ReviewPolicy.recordsDirectly(.administrator))
        #expect(!ReviewPolicy.recordsDirectly(.operator))
        #expect(ReviewPolicy.visibleOrganisation(for: .operator, own: "HALO") == "HALO")
        #expect(ReviewPolicy.visibleOrganisation(for: .authority, own: "ANAMA") == nil)
        #expect(
            ReviewPolicy.refusal(
                role: .operator,
                ownOrganisation: "HALO",
                recordOrganisation: "HALO",
                field: "organisation_id"
            ) == nil
        )
        #expect(
            ReviewPolicy.refusal(
                role: .operator,
                ownOrganisation: "HALO",
                recordOrganisation: "FSD",
                field: "organisation_id"
            )
                == "an operator records its own organisation's work: 'FSD' is not HALO"
        )
        #expect(
            ReviewPolicy.refusal(
                role: .authority,
                ownOrganisation: "ANAMA",
                recordOrganisation: "FSD",
                field: "activity_id"
            ) == nil
        )
    }

    @Test func treatyRegionsReadInAnyCase() throws {
        let registry = try ReferenceDataLoader.load(from: BundledReferenceData.directory)
        #expect(registry.isRegion("Asia") && registry.isRegion("central asia") && registry.isRegion("Caribbean"))
        #expect(!registry.isRegion("Atlantis"))
    }
}
