import Foundation
import MineFreeCore
import MineFreeStore
import SQLKit
import Vapor

/// OGC API - Features, Part 1 (Core, GeoJSON): the land layers for QGIS, ArcGIS and GDAL
/// (`ogrinfo OAPIF:http://HOST:PORT/ogc`). Features are written straight from the stored coordinates
/// text, the way the user entered them, without re-encoding.
enum FeaturesAPI {
    /// The collections served: every layer whose description names one.
    static let collections: [Collection] = RecordLayers.infos.compactMap { info in
        info.collection.map { Collection(id: $0.id, layer: info, title: $0.title, description: $0.description) }
    }

    struct Collection: Sendable {
        let id: String
        let layer: LayerInfo
        let title: String
        let description: String
    }

    static let conformance = [
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
        "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    ]

    struct Link: Content {
        var href: String
        var rel: String
        var type: String?
        var title: String?
    }

    static func register(_ routes: any RoutesBuilder) {
        let ogc = routes.grouped("ogc")
        ogc.get { req in
            json([
                "title": "MineFree OGC API - Features",
                "description":
                    "Land layers of the mine action programme (hazardous areas, land release, settlements, roads, infrastructure, device finds, admin areas).",
                "links": [
                    link(req, "/ogc", "self", "application/json", "This document"),
                    link(
                        req,
                        "/openapi.json",
                        "service-desc",
                        "application/vnd.oai.openapi+json;version=3.0",
                        "The API definition"
                    ),
                    link(req, "/ogc/conformance", "conformance", "application/json", "Conformance classes"),
                    link(req, "/ogc/collections", "data", "application/json", "The feature collections"),
                ],
            ])
        }
        ogc.get("conformance") { _ in json(["conformsTo": conformance]) }
        ogc.get("collections") { req async throws -> Response in
            try req.requireProgrammeRead(.hazards)
            var list: [[String: Any]] = []
            for c in collections { list.append(try await collection(c, req)) }
            return json([
                "collections": list,
                "links": [link(req, "/ogc/collections", "self", "application/json", "The collections")],
            ])
        }
        ogc.get("collections", ":collection") { req async throws -> Response in
            try req.requireProgrammeRead(.hazards)
            return json(try await collection(try find(req), req))
        }
        ogc.get("collections", ":collection", "items") { req async throws -> Response in
            try req.requireProgrammeRead(.hazards)
            return try await items(try find(req), req)
        }
        ogc.get("collections", ":collection", "items", ":feature") { req async throws -> Response in
            try req.requireProgrammeRead(.hazards)
            return try await item(try find(req), req)
        }
    }

    static func find(_ req: Request) throws -> Collection {
        let id = req.parameters.get("collection") ?? ""
        guard let c = collections.first(where: { $0.id == id }) else {
            throw Problem(
                .notFound,
                "no collection '\(id)': the collections are \(collections.map(\.id).joined(separator: ", "))",
                field: "collectionId"
            )
        }
        return c
    }

    static func link(_ req: Request, _ path: String, _ rel: String, _ type: String, _ title: String? = nil) -> [String:
        Any]
    {
        var l: [String: Any] = ["href": base(req) + path, "rel": rel, "type": type]
        if let title { l["title"] = title }
        return l
    }

    /// Absolute links (GDAL follows them): the public address when one is set (MINEFREE_PUBLIC_URL, e.g. behind a
    /// TLS proxy), else the Host the client used.
    static func base(_ req: Request) -> String {
        if let url = req.minefree.settings.publicURL {
            let text = url.absoluteString
            return text.hasSuffix("/") ? String(text.dropLast()) : text
        }
        let host = req.headers.first(name: .host) ?? "\(req.minefree.settings.host):\(req.minefree.settings.port)"
        return "http://\(host)"
    }

    static func json(_ object: Any, type: String = "application/json") -> Response {
        let response = Response(status: .ok)
        response.headers.replaceOrAdd(name: .contentType, value: type)
        response.body = .init(
            data: (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data("{}".utf8)
        )
        return response
    }

    static func collection(_ c: Collection, _ req: Request) async throws -> [String: Any] {
        var result: [String: Any] = [
            "id": c.id, "title": c.title, "description": c.description, "itemType": "feature",
            "crs": ["http://www.opengis.net/def/crs/OGC/1.3/CRS84"],
            "links": [
                link(req, "/ogc/collections/\(c.id)", "self", "application/json", c.title),
                link(req, "/ogc/collections/\(c.id)/items", "items", "application/geo+json", "\(c.title) (GeoJSON)"),
            ],
        ]
        if let box = try await req.minefree.records.extent(c.layer) {
            result["extent"] = [
                "spatial": [
                    "bbox": [[box.minX, box.minY, box.maxX, box.maxY]],
                    "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                ]
            ]
        }
        return result
    }

    static func items(_ c: Collection, _ req: Request) async throws -> Response {
        let query = try req.query.decode(ItemsQuery.self)
        let date = try Parameters.day(query.as_of)
        let page = try Parameters.page(
            limit: query.limit.map { try intValue($0, "limit") },
            offset: query.offset.map { try intValue($0, "offset") },
            maximum: 10_000,
            defaultLimit: 1000
        )
        let box = try query.bbox.map(parseBox)
        let land = req.minefree.land
        let after = query.after.flatMap { $0.isEmpty ? nil : $0 }
        if let after, after.count > 100 {
            throw Problem.badValue(
                "after",
                String(after.prefix(40)) + "…",
                expected: "a feature id of at most 100 characters"
            )
        }
        let result = try await req.minefree.records.featurePage(
            c.layer,
            box: box,
            asOf: date,
            after: after,
            limit: page.limit,
            offset: page.offset
        )
        // Only this page's hazards: a map reading 50,000 areas in pages must not derive them all per page.
        let standings =
            c.layer.name == HazardousArea.info.name
            ? try await standingsByID(land, asOf: date, only: result.rows.map { $0.key(in: c.layer) }) : [:]
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        for (i, row) in result.rows.enumerated() {
            if i > 0 { out += "," }
            try feature(row, layer: c.layer, standings: standings, into: &out)
        }
        out += "],\"numberMatched\":\(result.matched),\"numberReturned\":\(result.rows.count)"
        out += ",\"timeStamp\":\(GeoJSONWriter.string(Date().formatted(.iso8601)))"
        var links = [
            link(
                req,
                itemsPath(c.id, query: query, offset: page.offset, limit: page.limit),
                "self",
                "application/geo+json"
            )
        ]
        // The next page by keyset where the layer has one key (GDAL and QGIS follow the link as given): reading a
        // national layer page by page then costs the same per page to the end.
        let keyset = c.layer.keyColumns.count == 1
        if result.rows.count == page.limit, after != nil || page.offset + result.rows.count < result.matched {
            var next = query
            next.after = keyset ? result.rows.last.map { $0.key(in: c.layer) } : nil
            links.append(
                link(
                    req,
                    itemsPath(c.id, query: next, offset: page.offset + page.limit, limit: page.limit),
                    "next",
                    "application/geo+json",
                    "Next page"
                )
            )
        }
        out +=
            ",\"links\":"
            + String(
                decoding: try JSONSerialization.data(
                    withJSONObject: links,
                    options: [.sortedKeys, .withoutEscapingSlashes]
                ),
                as: UTF8.self
            )
        out += "}"
        let response = Response(status: .ok, body: .init(string: out))
        response.headers.replaceOrAdd(name: .contentType, value: "application/geo+json")
        return response
    }

    static func item(_ c: Collection, _ req: Request) async throws -> Response {
        let query = try req.query.decode(ItemsQuery.self)
        let date = try Parameters.day(query.as_of)
        let id = req.parameters.get("feature") ?? ""
        let land = req.minefree.land
        guard let row = try await req.minefree.records.featureRow(c.layer, id: id, asOf: date) else {
            throw Problem(.notFound, "no feature '\(id)' in \(c.id) as of \(date)", field: "featureId")
        }
        var out = ""
        let standings =
            c.layer.name == HazardousArea.info.name ? try await standingsByID(land, asOf: date, only: [id]) : [:]
        try feature(row, layer: c.layer, standings: standings, into: &out)
        let response = Response(status: .ok, body: .init(string: out))
        response.headers.replaceOrAdd(name: .contentType, value: "application/geo+json")
        return response
    }

    struct ItemsQuery: Decodable {
        var bbox: String?
        var limit: String?
        var offset: String?
        var as_of: String?
        /// Keyset paging (the `next` link sets it): the features after this id.
        var after: String?
    }

    static func intValue(_ text: String, _ field: String) throws -> Int {
        guard let n = Int(text) else { throw Problem.badValue(field, text, expected: "a whole number") }
        return n
    }

    static func parseBox(_ text: String) throws -> BoundingBox {
        guard let box = BoundingBox(lonLatText: text, allowDegenerate: true) else {
            throw Problem.badValue("bbox", text, expected: "minLon,minLat,maxLon,maxLat in degrees, min ≤ max")
        }
        return box
    }

    static func itemsPath(_ id: String, query: ItemsQuery, offset: Int, limit: Int) -> String {
        var parts = ["limit=\(limit)", "offset=\(offset)"]
        if let bbox = query.bbox {
            parts.append("bbox=" + (bbox.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? bbox))
        }
        if let asOf = query.as_of { parts.append("as_of=" + asOf) }
        if let after = query.after {
            // RFC 3986's unreserved characters stay as they are; `&`, `=`, `+` and the rest are encoded.
            let unreserved = CharacterSet(
                charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"
            )
            parts.append("after=" + (after.addingPercentEncoding(withAllowedCharacters: unreserved) ?? after))
        }
        return "/ogc/collections/\(id)/items?" + parts.joined(separator: "&")
    }

    static func standingsByID(_ land: LandRepository, asOf date: CalendarDate, only ids: [String]) async throws
        -> [String: HazardStanding]
    {
        var result: [String: HazardStanding] = [:]
        for s in try await land.view(asOf: date, only: ids).standings { result[s.hazard.localID] = s }
        return result
    }

    /// One stored row as a GeoJSON Feature with its layer's fields, and a hazard's figures as of the day.
    static func feature(_ row: RecordRow, layer: LayerInfo, standings: [String: HazardStanding], into out: inout String)
        throws
    {
        var derived: [(String, FieldValue)] = []
        if let s = standings[row.key(in: layer)] {
            derived = [
                ("classification_as_of", .text(s.classification.rawValue)), ("status", .text(s.status.rawValue)),
                ("accessibility", .text(s.accessibility.rawValue)), ("released_m2", .integer(s.releasedM2)),
                ("remaining_m2", .integer(s.remainingM2)),
            ]
        }
        RecordExport.feature(row, layer, derived: derived, into: &out)
    }
}
