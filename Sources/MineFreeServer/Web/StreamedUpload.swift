import Foundation
import MultipartKit
import Vapor

/// A `multipart/form-data` upload read as it arrives: each file part goes to a file of its own in a temporary
/// directory, the small fields stay in memory, and the whole is bounded by `limit` bytes. Nothing of the body is
/// held whole, so a national programme's files (or a client sending far more) cost disk, not memory. The caller
/// checks who is asking before reading it, and removes the directory when done.
final class StreamedUpload {
    struct File {
        /// The field it was sent as (`files`, `mapping`).
        let field: String
        /// The name it had on the sender's machine, without any path.
        let filename: String
        let url: URL
        var bytes: Int
    }

    let directory: URL
    private(set) var fields: [String: String] = [:]
    private(set) var files: [File] = []

    /// Form fields (not files) are short: a CSRF token, a checkbox.
    static let maximumFieldBytes = 16 * 1024
    static let maximumParts = 200

    private init(directory: URL) { self.directory = directory }

    func remove() { try? FileManager.default.removeItem(at: directory) }

    /// Reads the request's body. `checkFields` runs whenever a field has arrived, so a form without a valid CSRF
    /// token is refused before its files are written.
    static func read(
        _ req: Request,
        limit: Int,
        checkFields: ([String: String]) throws -> Void
    ) async throws -> StreamedUpload {
        let tooLarge = Problem(
            .payloadTooLarge,
            "the upload is larger than \(ByteSize.describe(limit)) (MINEFREE_MAX_UPLOAD_BYTES): import the files with `minefree import` on the server, or raise the limit"
        )
        if let declared = req.headers.first(name: .contentLength).flatMap(Int.init), declared > limit {
            throw tooLarge
        }
        guard let type = req.headers.contentType, type.type == "multipart", type.subType == "form-data",
            let boundary = type.parameters["boundary"], (1...70).contains(boundary.count)
        else {
            throw Problem(.unsupportedMediaType, "send the files as multipart/form-data (the import page's form)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "minefree-upload-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let upload = StreamedUpload(directory: directory)
        do {
            let parser = MultipartParser(boundary: boundary)
            let part = PartState()
            parser.onHeader = { name, value in
                guard name.lowercased() == "content-disposition" else { return }
                part.name = Self.parameter("name", in: value) ?? ""
                part.filename = Self.parameter("filename", in: value)
            }
            parser.onBody = { buffer in
                part.bytesSeen += buffer.readableBytes
                if part.filename != nil {
                    if part.handle == nil { part.open(in: directory, index: upload.files.count) }
                    if let bytes = buffer.readBytes(length: buffer.readableBytes) { part.write(bytes) }
                } else if part.text.count + buffer.readableBytes <= maximumFieldBytes {
                    part.text += buffer.readBytes(length: buffer.readableBytes) ?? []
                } else {
                    part.fieldTooLong = true
                }
            }
            parser.onPartComplete = {
                if let filename = part.filename {
                    part.close()
                    if let url = part.url {
                        let name = URL(fileURLWithPath: filename.replacingOccurrences(of: "\\", with: "/"))
                            .lastPathComponent
                        upload.files.append(File(field: part.name, filename: name, url: url, bytes: part.bytesSeen))
                    }
                } else {
                    upload.fields[part.name] = String(decoding: part.text, as: UTF8.self)
                    part.fieldArrived = true
                }
                part.reset()
                part.parts += 1
            }
            var total = 0
            for try await chunk in req.body {
                total += chunk.readableBytes
                guard total <= limit else { throw tooLarge }
                try parser.execute(chunk)
                if let error = part.writeError { throw error }
                if part.fieldTooLong {
                    throw Problem(.badRequest, "a form field is longer than \(maximumFieldBytes) bytes")
                }
                if part.parts > maximumParts {
                    throw Problem(.badRequest, "the upload has more than \(maximumParts) parts")
                }
                if part.fieldArrived {
                    part.fieldArrived = false
                    try checkFields(upload.fields)
                }
            }
            part.close()
            try checkFields(upload.fields)
            return upload
        } catch {
            upload.remove()
            throw error
        }
    }

    /// `name="files"` out of a Content-Disposition value.
    static func parameter(_ key: String, in header: String) -> String? {
        for item in header.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            guard item.lowercased().hasPrefix(key + "=") else { continue }
            var value = item.dropFirst(key.count + 1)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = value.dropFirst().dropLast() }
            return String(value)
        }
        return nil
    }

    /// The part being read (the parser's callbacks are synchronous, one at a time).
    private final class PartState {
        var name = ""
        var filename: String?
        var text: [UInt8] = []
        var handle: FileHandle?
        var url: URL?
        var bytesSeen = 0
        var parts = 0
        var fieldTooLong = false
        var fieldArrived = false
        var writeError: (any Error)?

        func open(in directory: URL, index: Int) {
            // Stored under a number, never under the sender's name: a name cannot reach another directory.
            let url = directory.appendingPathComponent("part-\(index)")
            FileManager.default.createFile(atPath: url.path, contents: nil)
            self.url = url
            handle = FileHandle(forWritingAtPath: url.path)
            if handle == nil { writeError = Problem(.insufficientStorage, "the upload could not be written to disk") }
        }

        func write(_ bytes: [UInt8]) {
            guard let handle else { return }
            do { try handle.write(contentsOf: bytes) } catch { writeError = error }
        }

        func close() {
            try? handle?.close()
            handle = nil
        }

        func reset() {
            name = ""
            filename = nil
            text = []
            url = nil
            bytesSeen = 0
        }
    }
}
