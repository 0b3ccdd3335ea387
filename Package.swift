// swift-tools-version:6.0
import PackageDescription

// Targets, inside out (docs/ARCHITECTURE.md):
//   MineFreeCore           every rule of the domain; Foundation only
//   MineFreeReferenceData  the bundled, sourced reference data (CSV); no code but its location
//   MineFreeStore          Fluent models, numbered migrations, repositories; SQLite or PostgreSQL
//   MineFreeCLI            the `minefree` commands (swift-argument-parser) over core and store
//   MineFreeAPI            openapi.yaml and the code swift-openapi-generator makes from it
//   MineFreeServer         Vapor 4: the JSON API, OGC API - Features, the web app, accounts
//   minefree               the executable: only boots MineFreeCLI
let package = Package(
    name: "MineFree",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "minefree", targets: ["minefree"]),
        .library(name: "MineFreeCore", targets: ["MineFreeCore"]),
        .library(name: "MineFreeStore", targets: ["MineFreeStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/vapor/fluent-kit.git", from: "1.57.0"),
        .package(url: "https://github.com/vapor/fluent-sqlite-driver.git", from: "4.9.0"),
        // Pinned: the bulk writer reads the connection's SQLite handle, which sqlite-nio keeps internal
        // (Configuration/BulkInsert.swift); a new version is taken on purpose, after its test passes.
        .package(url: "https://github.com/vapor/sqlite-nio.git", exact: "1.13.2"),
        .package(url: "https://github.com/vapor/fluent-postgres-driver.git", from: "2.14.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/vapor/sql-kit.git", from: "3.36.0"),
        .package(url: "https://github.com/vapor/vapor.git", from: "4.122.3"),
        .package(url: "https://github.com/apple/swift-openapi-generator.git", from: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime.git", from: "1.13.4"),
        .package(url: "https://github.com/vapor/swift-openapi-vapor.git", from: "1.2.0"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/vapor/multipart-kit.git", from: "4.7.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "4.0.0"),
        .package(url: "https://github.com/adam-fowler/compress-nio.git", from: "1.5.0"),
    ],
    targets: [
        .target(name: "MineFreeCore"),
        .target(
            name: "MineFreeReferenceData",
            path: "Sources/MineFreeData",
            resources: [.copy("reference")]
        ),
        .target(
            name: "MineFreeStore",
            dependencies: [
                "MineFreeCore",
                .product(name: "FluentKit", package: "fluent-kit"),
                .product(name: "FluentSQL", package: "fluent-kit"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "FluentSQLiteDriver", package: "fluent-sqlite-driver"),
                .product(name: "SQLiteNIO", package: "sqlite-nio"),
                .product(name: "FluentPostgresDriver", package: "fluent-postgres-driver"),
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 for the audit log's hash chain.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .target(
            name: "MineFreeAPI",
            dependencies: [.product(name: "OpenAPIRuntime", package: "swift-openapi-runtime")],
            resources: [.copy("openapi.yaml")],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        ),
        .target(
            name: "MineFreeServer",
            dependencies: [
                "MineFreeCore",
                "MineFreeStore",
                "MineFreeReferenceData",
                "MineFreeAPI",
                .product(name: "Vapor", package: "vapor"),
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIVapor", package: "swift-openapi-vapor"),
                .product(name: "SQLKit", package: "sql-kit"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                // The web import's upload, parsed as it streams in.
                .product(name: "MultipartKit", package: "multipart-kit"),
                // gzip for large answers, compressed once when an answer is kept.
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            resources: [.copy("Resources/strings"), .copy("Resources/static")]
        ),
        .target(
            name: "MineFreeCLI",
            dependencies: [
                "MineFreeCore",
                "MineFreeStore",
                "MineFreeReferenceData",
                "MineFreeServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "SQLKit", package: "sql-kit"),
            ]
        ),
        .executableTarget(name: "minefree", dependencies: ["MineFreeCLI"]),
        .testTarget(
            name: "MineFreeCoreTests",
            dependencies: ["MineFreeCore", "MineFreeReferenceData"]
        ),
        .testTarget(
            name: "MineFreeStoreTests",
            dependencies: ["MineFreeStore", "MineFreeCore", "MineFreeReferenceData"]
        ),
        .testTarget(
            name: "MineFreeServerTests",
            dependencies: [
                "MineFreeServer", "MineFreeStore", "MineFreeCore",
                .product(name: "VaporTesting", package: "vapor"),
                .product(name: "CompressNIO", package: "compress-nio"),
            ]
        ),
        .testTarget(
            name: "MineFreeCLITests",
            dependencies: ["MineFreeCLI", "minefree"]
        ),
    ]
)
