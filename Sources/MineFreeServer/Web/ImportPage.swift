import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The authority's import: the same files, mapping profiles and rules as `minefree import`, uploaded from a browser
/// and read from memory. All or nothing by default: a refused upload lists every failing file, feature or line and
/// rule, and stores nothing; in quarantine the valid records are stored and the refused ones offered for download,
/// each with its rules, to be fixed and uploaded again.
extension WebPages {
    struct Upload: Content {
        var files: [File]
        var mapping: File?
        var quarantine: String?
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
        <p class="hint">\(esc(RecordLayers.fileNames.joined(separator: ", ")))</p>
        <form method="post" action="/import" enctype="multipart/form-data" class="stacked" id="import-form">\(c.csrfField)
        <label>\(c.t("import.files")) <input type="file" name="files" id="import-files" multiple required accept=".csv,.geojson,.json"></label>
        <label>\(c.t("import.mapping")) <input type="file" name="mapping" id="import-mapping" accept=".json"></label>
        <label class="inline"><input type="checkbox" name="quarantine" id="import-quarantine" value="1"> \(c.t("import.quarantine"))</label>
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
        var mapping = MappingProfile()
        if let file = upload.mapping, file.data.readableBytes > 0 {
            do {
                mapping = try MappingProfile.read(Data(buffer: file.data), name: file.filename)
            } catch let invalid as MappingProfile.Invalid {
                throw Problem(.unprocessableEntity, "the mapping profile \(invalid.description)", field: "mapping")
            }
        }
        var inputs: [ImportInput] = []
        for file in upload.files {
            // Only a layer's file name or one the profile names, never a path.
            let name = URL(fileURLWithPath: file.filename).lastPathComponent
            guard
                let layer = mapping.mapping(for: name).layer.flatMap(RecordLayers.info(named:))
                    ?? RecordLayers.layer(ofFile: name)
            else {
                throw Problem(
                    .unprocessableEntity,
                    "'\(name)' is not a layer file: name it one of \(RecordLayers.fileNames.joined(separator: ", ")), or give its layer in a mapping profile",
                    field: "files"
                )
            }
            inputs.append(ImportInput(name: name, layer: layer, content: .data(Data(buffer: file.data))))
        }
        let request = Importer.Request(
            inputs: inputs,
            rules: req.minefree.settings.importRules,
            mapping: mapping,
            mode: upload.quarantine == nil ? .allOrNothing : .quarantine,
            source: "upload by \(req.account.username)"
        )
        do {
            let result = try await Importer.run(request, store: req.minefree.store)
            let o = result.outcome
            let counts = o.dataset.counts.filter { $0.count > 0 }
            let summary =
                counts.map { "\($0.layer) \($0.count)" }.joined(separator: ", ")
                + (o.refused.isEmpty ? "" : "; \(o.refused.count) set aside")
            try await req.minefree.accounts.audit(
                actor: req.account.username,
                action: "import",
                target: "import \(result.importID ?? 0)",
                detail: summary
            )
            var body =
                "<p class=\"ok\" id=\"outcome\">\(c.t("import.stored", ["id": String(result.importID ?? 0)]))</p>"
                + table(
                    [c.t("import.layer"), c.t("import.records")],
                    counts.map { [esc($0.layer), String($0.count)] },
                    id: "import-counts",
                    numeric: [1]
                )
            if !o.issues.isEmpty {
                body +=
                    "<div class=\"problem\" id=\"quarantine\"><p>\(c.t("import.set_aside", ["n": String(o.refused.count)]))</p><p>"
                    + ImportReport.refusedFiles(o).map {
                        download($0.name, $0.content, c.t("import.download_refused", ["file": $0.name]))
                    }
                    .joined(separator: " · ") + "</p></div>"
                body += issuesTable(c, o.issues + o.warnings)
            } else if !o.warnings.isEmpty {
                body += issuesTable(c, o.warnings)
            }
            return c.page(c.t("import.title"), body, status: .created)
        } catch let refused as ImportRefused {
            try await req.minefree.accounts.audit(
                actor: req.account.username,
                action: "import-refused",
                target: "upload",
                detail: "\(refused.issues.count) issues"
            )
            let body =
                "<div class=\"problem\" id=\"problem\"><p>\(c.t("import.refused", ["n": String(refused.issues.count)]))</p></div>"
                + issuesTable(c, refused.issues + refused.warnings)
            return c.page(c.t("import.title"), body + importFormBody(c), status: .unprocessableEntity)
        }
    }

    /// The first 500 issues on the page, and every one of them as a CSV download.
    static func issuesTable(_ c: WebContext, _ issues: [ImportIssue]) -> String {
        let counts = ImportReport.countsByRule(issues).map { "<code>\(esc($0.rule))</code> \($0.count)" }.joined(
            separator: " · "
        )
        return "<p id=\"issue-counts\">\(counts)</p><p>"
            + download(
                "issues.csv",
                ImportReport.issuesCSV(issues),
                c.t("import.download_issues", ["n": String(issues.count)])
            )
            + "</p>"
            + table(
                [c.t("import.file"), c.t("import.item"), c.t("import.rule"), c.t("import.message")],
                issues.prefix(500).map {
                    [esc($0.file), esc($0.item ?? ""), "<code>\(esc($0.rule))</code>", esc($0.message)]
                },
                id: "import-issues"
            )
    }

    /// A link that downloads `content` as a file, with nothing kept on the server.
    static func download(_ name: String, _ content: String, _ label: String) -> String {
        "<a download=\"\(esc(name))\" href=\"data:text/plain;charset=utf-8;base64,\(Data(content.utf8).base64EncodedString())\">\(label)</a>"
    }
}
