import Foundation

/// The API's contract: `openapi.yaml`, bundled so the server can serve it at `/openapi.json` and `/openapi.yaml`.
public enum OpenAPIDocument {
    public static var url: URL {
        Bundle.module.url(forResource: "openapi", withExtension: "yaml")!
    }
}
