import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// A form for one record, built from its layer's description: each field's input by its kind (a list for a choice,
/// a number with its bounds, a date, text with its length), labelled from the string catalogue, then sent as the
/// record's JSON through the review workflow and the import's rules like any other submission.
struct RecordForm {
    let layer: LayerInfo
    let action: String
    /// Fields the page fills and does not show (a revision's hazard, from its address).
    var hidden: Set<String> = []
    /// Fields shown but not editable (an operator's own organisation).
    var locked: Set<String> = []

    /// `release-hazard-id`: the id of a field's input.
    func inputID(_ name: String) -> String {
        layer.singular.replacingOccurrences(of: " ", with: "-") + "-" + name.replacingOccurrences(of: "_", with: "-")
    }

    func label(_ c: WebContext, _ field: String) -> String {
        c.first(["field.\(layer.name).\(field)", "field.\(field)"])
            ?? esc(field.prefix(1).uppercased() + field.dropFirst().replacingOccurrences(of: "_", with: " "))
    }

    func valueLabel(_ c: WebContext, _ field: String, _ value: String) -> String {
        c.first(["value.\(layer.name).\(field).\(value)", "value.\(field).\(value)"]) ?? esc(value)
    }

    func body(_ c: WebContext, _ values: [String: String], _ problem: Problem?, note: String? = nil) -> String {
        let prefix = inputID("")
        var out = WebPages.problemBlock(problem) + (note.map { "<p>\($0)</p>" } ?? "")
        out += "<form method=\"post\" action=\"\(esc(action))\" class=\"stacked\" id=\"\(prefix)form\">\(c.csrfField)"
        for f in layer.fields {
            let value = values[f.name] ?? ""
            if hidden.contains(f.name) {
                out += "<input type=\"hidden\" name=\"\(f.name)\" value=\"\(esc(value))\">"
                continue
            }
            let id = inputID(f.name)
            let required = f.required && !isComputed(f) ? " required" : ""
            let readonly = locked.contains(f.name) ? " readonly" : ""
            switch f.kind {
            case .code:
                out +=
                    "<label>\(label(c, f.name)) <input name=\"\(f.name)\" id=\"\(id)\" value=\"\(esc(value))\" maxlength=\"64\"\(required)\(readonly)></label>"
            case .text(let max) where max > 200:
                out +=
                    "<label>\(label(c, f.name)) <textarea name=\"\(f.name)\" id=\"\(id)\" rows=\"2\" maxlength=\"\(max)\"\(required)>\(esc(value))</textarea></label>"
            case .text(let max):
                out +=
                    "<label>\(label(c, f.name)) <input name=\"\(f.name)\" id=\"\(id)\" value=\"\(esc(value))\" maxlength=\"\(max)\"\(required)\(readonly)></label>"
            case .integer(let range):
                out +=
                    "<label>\(label(c, f.name))\(f.unit.map { " (\(esc($0)))" } ?? "") <input type=\"number\" name=\"\(f.name)\" id=\"\(id)\" min=\"\(range.lowerBound)\" max=\"\(range.upperBound)\" value=\"\(esc(value))\"\(required)></label>"
            case .date:
                out +=
                    "<label>\(label(c, f.name)) <input type=\"date\" name=\"\(f.name)\" id=\"\(id)\" value=\"\(esc(value))\"\(required)></label>"
            case .choice(let allowed):
                let none = f.required ? "" : "<option value=\"\">\(c.t("form.none"))</option>"
                let options = allowed.map {
                    "<option value=\"\(esc($0))\"\($0 == value ? " selected" : "")>\(valueLabel(c, f.name, $0))</option>"
                }.joined()
                out +=
                    "<label>\(label(c, f.name)) <select name=\"\(f.name)\" id=\"\(id)\">\(none)\(options)</select></label>"
            case .choices(let allowed):
                let chosen = Set(value.split(separator: ";").map(String.init))
                out +=
                    "<fieldset id=\"\(id)\"><legend>\(label(c, f.name))</legend>"
                    + allowed.map { v in
                        "<label class=\"inline\"><input type=\"checkbox\" name=\"\(f.name).\(esc(v))\" value=\"1\"\(chosen.contains(v) || values[f.name + "." + v] != nil ? " checked" : "")> \(valueLabel(c, f.name, v))</label>"
                    }.joined(separator: " ") + "</fieldset>"
            case .codes(let max):
                out +=
                    "<label>\(label(c, f.name)) <input name=\"\(f.name)\" id=\"\(id)\" value=\"\(esc(value))\" placeholder=\"a;b\" title=\"\(max) at most, separated by ;\"></label>"
            }
        }
        switch layer.geometry {
        case .none, .lineString: break
        case .point:
            out +=
                "<label>\(c.t("form.lon")) <input name=\"lon\" id=\"\(prefix)lon\" value=\"\(esc(values["lon"] ?? ""))\"></label>"
            out +=
                "<label>\(c.t("form.lat")) <input name=\"lat\" id=\"\(prefix)lat\" value=\"\(esc(values["lat"] ?? ""))\"></label>"
        case .polygon, .multiPolygon:
            out +=
                "<label>\(c.t(layer.geometryRequired ? "hazard_form.coordinates" : "form.coordinates_optional")) <textarea name=\"coordinates\" id=\"\(prefix)coordinates\" rows=\"6\"\(layer.geometryRequired ? " required" : "")>\(esc(values["coordinates"] ?? ""))</textarea></label>"
            out += "<p class=\"hint\">\(c.t("hazard_form.hint"))</p>"
        }
        return out + "<button type=\"submit\" id=\"\(prefix)submit\">\(c.t("release.submit"))</button></form>"
    }

    /// A field the record's rules fill when it is left empty (an area, computed from the polygon).
    func isComputed(_ f: Field) -> Bool { f.name == "area_m2" && layer.hasGeometry }

    /// What the form sent, as the record's JSON: each field by its kind (empty fields left out), the geometry from the
    /// coordinates box or the lon and lat boxes.
    func record(_ form: [String: String]) throws -> [String: Any] {
        var object: [String: Any] = [:]
        for f in layer.fields {
            if case .choices(let allowed) = f.kind {
                // A value ticked again that a choice field already takes (the main contamination) is not a further one.
                let main = layer.fields.filter { $0.severalInto == f.name }.compactMap { form[$0.name] }
                let chosen = allowed.filter { form[f.name + "." + $0] != nil && !main.contains($0) }
                if !chosen.isEmpty { object[f.name] = chosen }
                continue
            }
            guard let raw = form[f.name]?.trimmingCharacters(in: .whitespacesAndNewlines), !raw.isEmpty else {
                continue
            }
            switch f.kind {
            case .integer:
                guard let n = Int64(raw) else { throw Problem.badValue(f.name, raw, expected: "a whole number") }
                object[f.name] = n
            case .codes:
                object[f.name] = raw.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
            default:
                object[f.name] = raw
            }
        }
        switch layer.geometry {
        case .point:
            func decimal(_ key: String) throws -> Double? {
                guard let text = form[key]?.trimmingCharacters(in: .whitespaces), !text.isEmpty else { return nil }
                guard let v = Double(text), v.isFinite else {
                    throw Problem.badValue(key, text, expected: "decimal degrees")
                }
                return v
            }
            if let lon = try decimal("lon") { object["lon"] = lon }
            if let lat = try decimal("lat") { object["lat"] = lat }
        case .polygon, .multiPolygon:
            if let text = form["coordinates"], !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                object["geometry"] = try Self.geometry(text)
            }
        case .none, .lineString: break
        }
        return object
    }

    /// Positions typed in a form: one "lon lat" or "lon,lat" per line (the ring is closed when the last position
    /// is not the first), or a GeoJSON Polygon or MultiPolygon pasted whole.
    static func geometry(_ text: String) throws -> [String: Any] {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("{") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any],
                let type = object["type"] as? String, ["Polygon", "MultiPolygon"].contains(type),
                object["coordinates"] is [Any]
            else {
                throw Problem.badValue(
                    "coordinates",
                    String(trimmed.prefix(60)),
                    expected: "a GeoJSON Polygon or MultiPolygon, or one 'lon lat' per line"
                )
            }
            return ["type": type, "coordinates": object["coordinates"]!]
        }
        var ring: [[Double]] = []
        for (n, line) in trimmed.split(whereSeparator: \.isNewline).enumerated() {
            let parts = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == ";" }).compactMap {
                Double($0)
            }
            guard parts.count == 2, parts.allSatisfy(\.isFinite) else {
                throw Problem.badValue(
                    "coordinates",
                    "line \(n + 1): \(line)",
                    expected: "two numbers, longitude then latitude"
                )
            }
            ring.append(parts)
        }
        if let first = ring.first, ring.count > 1, ring.last != first { ring.append(first) }
        return ["type": "Polygon", "coordinates": [ring]]
    }
}

extension WebContext {
    /// The first of `keys` the catalogue has, escaped; nil when it has none.
    func first(_ keys: [String]) -> String? {
        for key in keys where req.minefree.catalogue.has(key) { return t(key) }
        return nil
    }
}

extension WebPages {
    static func problemBlock(_ problem: Problem?) -> String {
        guard let problem else { return "" }
        var body = "<div class=\"problem\" id=\"problem\"><p>\(esc(problem.detail ?? problem.title))</p>"
        if let errors = problem.errors {
            body += "<ul>" + errors.map { "<li><code>\(esc($0.rule))</code> \(esc($0.detail))</li>" }.joined() + "</ul>"
        }
        return body + "</div>"
    }

    /// Shows a record's form.
    static func showForm(_ req: Request, title: String, _ form: RecordForm, values: [String: String]) throws -> Response
    {
        try req.require(.submitRecords)
        let c = WebContext(req)
        return c.page(title, form.body(c, values, nil, note: note(c)))
    }

    static func note(_ c: WebContext) -> String {
        c.may(.reviewSubmissions) ? c.t("release.note_authority") : c.t("release.note_operator")
    }

    /// Submits what a form sent, and answers with the outcome, or the form again with every failing rule.
    static func submitForm(
        _ req: Request,
        title: String,
        _ form: RecordForm,
        fill: (inout [String: String]) -> Void = { _ in },
        recordedKey: String = "form.recorded",
        submittedKey: String = "form.submitted"
    ) async throws -> Response {
        try req.require(.submitRecords)
        let c = WebContext(req)
        var values = try req.content.decode([String: String].self)
        try c.checkCSRF(values["csrf"])
        fill(&values)
        do {
            let record = try Submission(layer: form.layer, object: try form.record(values))
            let stored = try await Review.submit(record, on: req)
            let message =
                stored.state == .approved ? c.t(recordedKey, ["id": record.id]) : c.t(submittedKey, ["id": record.id])
            let hazard = record.hazardID.map { "<a href=\"/hazards/\(esc($0))\">\(esc($0))</a> · " } ?? ""
            return c.page(
                title,
                "<p class=\"ok\" id=\"outcome\">\(message)</p><p>\(hazard)<a href=\"/review\">\(c.t("nav.review"))</a></p>",
                status: .created
            )
        } catch {
            let problem = ProblemMiddleware.problem(for: error, request: req)
            guard problem.status < 500, problem.status != 401, problem.status != 403 else { throw error }
            return c.page(
                title,
                form.body(c, values, problem, note: note(c)),
                status: HTTPResponseStatus(statusCode: problem.status)
            )
        }
    }
}
