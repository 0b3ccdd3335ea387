import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The authority's import: the same files and rules as `minefree import`, uploaded from a browser.
/// All or nothing: a refused upload lists every failing file, feature or line and rule, and stores nothing.
extension WebPages {
    struct Upload: Content {
        var files: [File]
        var csrf: String?
    }

    static func importForm(_ req: Request) async throws -> Response {
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        return c.page(c.t("import.title"), importFormBody(c))
    }

    static func importFormBody(_ c: WebContext) -> String {
        """
        <p>\(c.t("import.lead"))</p>
        <p class="hint">\(esc(LandImport.layerFiles.joined(separator: ", ")))</p>
        <form method="post" action="/import" enctype="multipart/form-data" class="stacked" id="import-form">\(c.csrfField)
        <label>\(c.t("import.files")) <input type="file" name="files" id="import-files" multiple required accept=".csv,.geojson,.json"></label>
        <button type="submit" id="import-submit">\(c.t("import.submit"))</button>
        </form>
        """
    }

    static func importUpload(_ req: Request) async throws -> Response {
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        let upload = try req.content.decode(Upload.self)
        try c.checkCSRF(upload.csrf)
        guard !upload.files.isEmpty else { throw Problem(.badRequest, "choose at least one file", field: "files") }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("minefree-upload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for file in upload.files {
            // Only the layer names the import knows, never a path.
            let name = URL(fileURLWithPath: file.filename).lastPathComponent
            guard LandImport.layerFiles.contains(name) else {
                throw Problem(.unprocessableEntity, "'\(name)' is not a layer file: name it one of \(LandImport.layerFiles.joined(separator: ", "))",
                              field: "files")
            }
            try Data(buffer: file.data).write(to: dir.appendingPathComponent(name))
        }
        do {
            let result = try await LandImporter.run(dir, profile: req.minefree.settings.importProfile, store: req.minefree.store)
            let counts = result.dataset.counts.filter { $0.count > 0 }
            let summary = counts.map { "\($0.layer) \($0.count)" }.joined(separator: ", ")
            try await req.minefree.accounts.audit(actor: req.account.username, action: "import", target: "import \(result.importID)", detail: summary)
            let body = "<p class=\"ok\" id=\"outcome\">\(c.t("import.stored", ["id": String(result.importID)]))</p>"
                + table([c.t("import.layer"), c.t("import.records")], counts.map { [esc($0.layer), String($0.count)] }, id: "import-counts", numeric: [1])
            return c.page(c.t("import.title"), body, status: .created)
        } catch let refused as ImportRefused {
            try await req.minefree.accounts.audit(actor: req.account.username, action: "import-refused", target: "upload",
                                                  detail: "\(refused.issues.count) issues")
            var body = "<div class=\"problem\" id=\"problem\"><p>\(c.t("import.refused", ["n": String(refused.issues.count)]))</p></div>"
            body += table([c.t("import.file"), c.t("import.item"), c.t("import.rule"), c.t("import.message")],
                          refused.issues.prefix(500).map { [esc($0.file), esc($0.item ?? ""), "<code>\(esc($0.rule))</code>", esc($0.message)] },
                          id: "import-issues")
            return c.page(c.t("import.title"), body + importFormBody(c), status: .unprocessableEntity)
        }
    }
}
