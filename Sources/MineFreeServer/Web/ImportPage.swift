import Foundation
import MineFreeCore
import MineFreeStore
import Vapor

/// The authority's import: the same files, mapping profiles and rules as `minefree import`, uploaded from a browser
/// and read from memory. All or nothing by default: a refused upload lists every failing file, feature or line and
/// rule, and stores nothing; in quarantine the valid records are stored and the refused ones offered for download,
/// each with its rules, to be fixed and uploaded again.
extension WebPages {
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
        // Who is asking is known from the headers: an account that may not import is refused before a byte of
        // the body is read.
        try req.require(.reviewSubmissions)
        let c = WebContext(req)
        let upload = try await StreamedUpload.read(req, limit: req.minefree.settings.maxUploadBytes) { fields in
            if let sent = fields["csrf"] { try c.checkCSRF(sent) }
        }
        defer { upload.remove() }
        try c.checkCSRF(upload.fields["csrf"])
        let files = upload.files.filter { ["files", "files[]"].contains($0.field) && $0.bytes > 0 }
        guard !files.isEmpty else { throw Problem(.badRequest, "choose at least one file", field: "files") }
        var mapping = MappingProfile()
        if let file = upload.files.first(where: { $0.field == "mapping" && $0.bytes > 0 }) {
            guard file.bytes <= 1 << 20 else {
                throw Problem(.badRequest, "the mapping profile is larger than 1 MB", field: "mapping")
            }
            do {
                mapping = try MappingProfile.read(try Data(contentsOf: file.url), name: file.filename)
            } catch let invalid as MappingProfile.Invalid {
                throw Problem(.unprocessableEntity, "the mapping profile \(invalid.description)", field: "mapping")
            }
        }
        var inputs: [ImportInput] = []
        for file in files {
            let name = file.filename
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
            inputs.append(ImportInput(name: name, layer: layer, content: .file(file.url)))
        }
        let mode: RecordImport.Mode = upload.fields["quarantine"] == nil ? .allOrNothing : .quarantine
        var request = Importer.Request(
            inputs: inputs,
            rules: req.minefree.settings.importRules,
            mapping: mapping,
            mode: mode,
            source: "upload by \(req.account.username)"
        )
        // The import and its audit entry in one transaction.
        let (actor, address) = (req.account.username, req.clientAddress)
        let names = files.map(\.filename).joined(separator: ", ")
        request.within = { db, id in
            try await AccountRepository(database: db).audit(
                actor: actor,
                action: "import",
                target: "import \(id)",
                detail: names,
                address: address
            )
        }
        do {
            let result = try await Importer.run(request, store: req.minefree.store)
            let o = result.outcome
            let counts = o.dataset.counts.filter { $0.count > 0 }
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
                detail: "\(refused.issues.count) issues",
                address: req.clientAddress
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
