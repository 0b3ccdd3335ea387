import ArgumentParser
import Foundation
import MineFreeCore
import MineFreeServer
import MineFreeStore

/// `minefree serve`: the JSON API, OGC API - Features and the web app.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the web app, the JSON API (/openapi.json) and OGC API - Features (/ogc).",
        discussion: """
            Settings come from the environment (.env.example lists them): MINEFREE_DB or DATABASE_URL, MINEFREE_HOST,
            MINEFREE_PORT, MINEFREE_ADMIN_PASSWORD, MINEFREE_PUBLISHED, MINEFREE_BASELINE, MINEFREE_TOKEN_HOURS.
            With --demo an empty store is filled with a district-scale demo programme and one account per role.
            """
    )

    @Option(help: "Port to listen on (default MINEFREE_PORT or 8080).") var port: Int?
    @Option(help: "Address to listen on (default MINEFREE_HOST or 127.0.0.1).") var host: String?
    @Flag(help: "Load the demo programme and demo accounts into an empty store.") var demo = false

    func run() async throws {
        var settings = try ServerSettings.fromEnvironment()
        if let port {
            guard (1...65535).contains(port) else {
                throw BadInput("--port \(port): expected a port number from 1 to 65535")
            }
            settings.port = port
        }
        if let host { settings.host = host }
        try await MineFreeServer.run(
            settings: settings,
            demo: demo,
            referenceDirectory: CommandContext.referenceDirectory()
        )
    }
}

/// `minefree demo DIR`: write the demo programme's files (the workload's format) to import or inspect.
struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write the district-scale demo programme as import files (GeoJSON and CSV)."
    )

    @Argument(help: "Directory to write into (created if needed).") var directory: String
    @Option(help: "Random seed; the same seed gives the same files.") var seed: UInt64 = 7

    func run() async throws {
        let url = URL(fileURLWithPath: directory, isDirectory: true)
        try DemoProgramme.write(to: url, seed: seed)
        print(
            "Demo programme written to \(url.path): import it with `minefree import \(directory) --profile workload`."
        )
    }
}
