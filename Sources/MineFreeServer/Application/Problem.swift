import Foundation
import MineFreeCore
import OpenAPIRuntime
import Vapor

/// An RFC 9457 problem: what went wrong, the field at fault, and every failing rule of a refused record.
public struct Problem: Error, Sendable, Content {
    public struct RuleFailure: Sendable, Codable {
        public var item: String?
        public var rule: String
        public var detail: String
    }

    public var type: String
    public var title: String
    public var status: Int
    public var detail: String?
    public var instance: String?
    public var field: String?
    public var errors: [RuleFailure]?
    /// Seconds to wait before asking again (a `429`), sent as `Retry-After` (not in the body).
    public var retryAfter: Int?

    enum CodingKeys: String, CodingKey { case type, title, status, detail, instance, field, errors }

    public init(
        _ status: HTTPResponseStatus,
        _ detail: String?,
        field: String? = nil,
        errors: [RuleFailure]? = nil,
        type: String? = nil,
        retryAfter: Int? = nil
    ) {
        self.retryAfter = retryAfter
        self.status = Int(status.code)
        self.title = status.reasonPhrase
        self.detail = detail
        self.field = field
        self.errors = errors
        self.type = type ?? "about:blank"
    }

    static func badValue(_ field: String, _ value: String, expected: String) -> Problem {
        Problem(.badRequest, "\(field) '\(value)' is not valid: expected \(expected)", field: field)
    }

    static func refused(_ refusal: ImportRefused) -> Problem {
        Problem(
            .unprocessableEntity,
            "refused, nothing stored: \(refusal.issues.count) rule\(refusal.issues.count == 1 ? "" : "s") failed",
            errors: refusal.issues.map { RuleFailure(item: $0.item, rule: $0.rule, detail: $0.message) },
            type: "https://minefree.invalid/problems/rule-failed"
        )
    }
}

/// Turns every error into a problem-details response. Bad input is a 4xx naming the field; only a fault
/// of the server itself is a 500, logged with its cause.
struct ProblemMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            let problem = Self.problem(for: error, request: request)
            if problem.status >= 500 {
                request.logger.error("\(request.method) \(request.url.path): \(Self.logged(error))")
            }
            // Pages get the same status with a readable page; the API gets problem+json.
            if request.prefersHTML, !request.url.path.hasPrefix("/api"), !request.url.path.hasPrefix("/ogc") {
                let page = WebPages.errorPage(problem, request: request)
                if let seconds = problem.retryAfter {
                    page.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
                }
                return page
            }
            let response = Response(status: HTTPResponseStatus(statusCode: problem.status))
            response.headers.contentType = HTTPMediaType(type: "application", subType: "problem+json")
            var copy = problem
            copy.instance = request.url.path
            response.body = .init(data: try JSONEncoder().encode(copy))
            if let seconds = problem.retryAfter {
                response.headers.replaceOrAdd(name: .retryAfter, value: String(seconds))
            }
            if problem.status == 401 {
                response.headers.replaceOrAdd(name: .wwwAuthenticate, value: "Bearer realm=\"minefree\"")
            }
            return response
        }
    }

    /// What the log says of a failure: the error itself, never the request it came with (the generated server's
    /// error describes the request with its headers, bearer token included).
    static func logged(_ error: any Error) -> String {
        if let server = error as? ServerError {
            return "\(server.operationID): \(String(reflecting: server.underlyingError))"
        }
        return String(reflecting: error)
    }

    static func problem(for error: any Error, request: Request) -> Problem {
        var problem = classify(error, request: request)
        // A parameter the generated code could not decode: name it and what it expects.
        if problem.status == 400, problem.field == nil, let field = OpenAPIServing.offendingParameter(in: request) {
            problem.field = field
            problem.detail =
                "\(field) '\(request.query[String.self, at: field] ?? "")' is not valid: expected \(OpenAPIServing.expectation(of: field))"
        }
        return problem
    }

    static func classify(_ error: any Error, request: Request) -> Problem {
        switch error {
        case let p as Problem: return p
        case let refusal as ImportRefused: return .refused(refusal)
        case let server as ServerError:
            // The generated server wraps what the handler threw, and its own decoding failures.
            if let inner = server.underlyingError as? Problem { return inner }
            if let refusal = server.underlyingError as? ImportRefused { return .refused(refusal) }
            if let abort = server.underlyingError as? any AbortError {
                return Problem(abort.status, abort.reason)
            }
            // The runtime's own failures (a parameter or body it could not decode) carry a 4xx status.
            let status = Int(server.httpStatus.code)
            if (400..<500).contains(status) {
                let field = Self.field(of: server.underlyingError) ?? OpenAPIServing.offendingParameter(in: request)
                var detail = Self.describe(server)
                if let field, let value = request.query[String.self, at: field] {
                    detail = "\(field) '\(value)' is not valid: expected \(OpenAPIServing.expectation(of: field))"
                }
                return Problem(HTTPResponseStatus(statusCode: status), detail, field: field)
            }
            return Problem(.internalServerError, "the server failed; the error is logged")
        case let abort as any AbortError:
            return Problem(abort.status, abort.reason)
        case is DecodingError:
            return Problem(.badRequest, "the request body could not be read: \(error)")
        default:
            return Problem(.internalServerError, "the server failed; the error is logged")
        }
    }

    static func describe(_ error: ServerError) -> String {
        let text = String(describing: error.underlyingError)
        return "\(error.operationID): " + (text.count > 300 ? String(text.prefix(300)) + "…" : text)
    }

    static func field(of error: any Error) -> String? {
        guard let decoding = error as? DecodingError else { return nil }
        let path: [any CodingKey]
        switch decoding {
        case .typeMismatch(_, let c), .valueNotFound(_, let c), .dataCorrupted(let c): path = c.codingPath
        case .keyNotFound(let key, let c): path = c.codingPath + [key]
        @unknown default: return nil
        }
        let names = path.map(\.stringValue).filter { !$0.isEmpty }
        return names.isEmpty ? nil : names.joined(separator: ".")
    }
}

extension Request {
    /// A browser asking for a page rather than a program asking for data.
    var prefersHTML: Bool {
        headers.accept.contains { $0.mediaType == .html }
    }
}
