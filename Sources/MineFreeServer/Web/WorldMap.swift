import Foundation
import MineFreeCore
import MineFreeReferenceData
import Vapor

/// The world map of treaty status: the bundled country outlines joined to the registry as of a day.
enum WorldMap {
    /// (iso3, geometry JSON) per outline, read once.
    static let outlines: [(iso3: String, geometry: String)] = {
        guard let data = try? Data(contentsOf: BundledReferenceData.worldOutlines),
            let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
            let features = object["features"] as? [[String: Any]]
        else { return [] }
        return features.compactMap { f in
            guard let iso3 = (f["properties"] as? [String: Any])?["iso3"] as? String, let geometry = f["geometry"],
                let text = try? JSONSerialization.data(withJSONObject: geometry)
            else { return nil }
            return (iso3, String(decoding: text, as: UTF8.self))
        }
    }()

    /// `GET /treaty/map.geojson?convention=&as_of=`: every outline with the state's status that day.
    static func statusLayer(_ req: Request) async throws -> Response {
        let date = try WebPages.asOf(req)
        let convention = try WebPages.convention(req)
        let registry = req.minefree.registry
        let lang = req.session.data["lang"] ?? "en"
        var out = "{\"type\":\"FeatureCollection\",\"features\":["
        var first = true
        for outline in outlines {
            var props = "\"iso3\":\(GeoJSONWriter.string(outline.iso3))"
            if let state = registry.state(outline.iso3) {
                let status = registry.standing(of: state, in: convention, asOf: date).status
                props +=
                    ",\"name\":\(GeoJSONWriter.string(state.name)),\"status\":\(GeoJSONWriter.string(status.rawValue))"
                props +=
                    ",\"label\":\(GeoJSONWriter.string(req.minefree.catalogue.text("status." + status.rawValue, lang)))"
            } else {
                // Outlines with no state in the registry (Northern Cyprus, Antarctica…): drawn, no status.
                props += ",\"name\":null,\"status\":null,\"label\":null"
            }
            out +=
                (first ? "" : ",")
                + "{\"type\":\"Feature\",\"id\":\(GeoJSONWriter.string(outline.iso3)),\"properties\":{\(props)},\"geometry\":\(outline.geometry)}"
            first = false
        }
        out += "]}"
        let response = Response(status: .ok, body: .init(string: out))
        response.headers.replaceOrAdd(name: .contentType, value: "application/geo+json")
        return response
    }
}
