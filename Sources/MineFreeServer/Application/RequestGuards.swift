import Foundation
import Vapor

/// The JSON API reads at most `maxBodyBytes` of a request body (the generated code would collect any length): a
/// declared length above it is refused before a byte is read, a streamed body as soon as it passes the limit.
struct BodyLimit: AsyncMiddleware {
    let maxBytes: Int

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.url.path.hasPrefix("/api/"), !request.method.isSafe else {
            return try await next.respond(to: request)
        }
        let tooLarge = Problem(
            .payloadTooLarge,
            "the request body is larger than \(ByteSize.describe(maxBytes)) (MINEFREE_MAX_BODY_BYTES): send less, or import files with `minefree import`"
        )
        if let declared = request.headers.first(name: .contentLength).flatMap(Int.init), declared > maxBytes {
            throw tooLarge
        }
        do {
            // A body collected before (tests, other middleware) is checked by its size.
            let body = try await request.body.collect(max: maxBytes).get()
            if let body, body.readableBytes > maxBytes { throw tooLarge }
        } catch let abort as any AbortError where abort.status == .payloadTooLarge {
            throw tooLarge
        }
        return try await next.respond(to: request)
    }
}

extension HTTPMethod {
    /// GET, HEAD and OPTIONS: they change nothing, so they carry no body to bound and need no CSRF token.
    var isSafe: Bool { [.GET, .HEAD, .OPTIONS].contains(self) }
}

/// Headers every answer carries, pages and errors alike: scripts, styles and everything else only from this
/// server (the pages have no inline script or style; Leaflet sets styles through the DOM, which CSP allows), never
/// framed, content types taken as sent, no full address sent to other sites. Over https, HSTS.
struct SecurityHeaders: AsyncMiddleware {
    let https: Bool

    static let contentSecurityPolicy =
        "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let h = response.headers
        var headers = h
        headers.replaceOrAdd(name: "Content-Security-Policy", value: Self.contentSecurityPolicy)
        headers.replaceOrAdd(name: "X-Frame-Options", value: "DENY")
        headers.replaceOrAdd(name: "X-Content-Type-Options", value: "nosniff")
        headers.replaceOrAdd(name: "Referrer-Policy", value: "same-origin")
        if https {
            headers.replaceOrAdd(name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        response.headers = headers
        return response
    }
}

/// Where a sign-in may send the browser afterwards: a path of this site only. `//evil.example`, `/\evil.example`
/// (browsers read a backslash as a slash), absolute URLs and control characters all fall back to the home page.
enum LocalRedirect {
    static func target(_ next: String?) -> String {
        guard let next, next.hasPrefix("/"), next.count <= 2000 else { return "/" }
        let second = next.dropFirst().first
        if second == "/" || second == "\\" { return "/" }
        if next.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\\" }) { return "/" }
        return next
    }
}
