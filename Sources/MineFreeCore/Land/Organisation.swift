import Foundation

/// The kind of organisation (IMAS 04.10: national mine action authority, operators).
public enum OrganisationType: String, CaseIterable, Sendable, Codable {
    case nationalAuthority = "national_authority"
    case commercialOperator = "commercial_operator"
    case nationalNGO = "national_ngo"
    case internationalNGO = "international_ngo"
    case militarySecurity = "military_security"
    case unitedNations = "un"
    case other
}

public struct Organisation: Sendable, Hashable {
    public var localID: String
    public var name: String
    public var type: OrganisationType
    public var extra: String?

    public init(localID: String, name: String, type: OrganisationType) {
        self.localID = localID
        self.name = name
        self.type = type
    }

    public init() { self.init(localID: "", name: "", type: .other) }
}

extension Organisation: LayerRecord {
    public static let layer = Layer<Organisation>(
        name: "organisations",
        singular: "organisation",
        area: .land,
        table: "organisations",
        key: ["id"],
        date: nil,
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#org+code"),
            .text("name", \.name, { $0.name }, maxLength: 200, hxl: "#org+name"),
            .choice("type", \.type, { $0.type }, hxl: "#org+type"),
        ]
    )
}

extension Dataset {
    public var organisations: [Organisation] {
        get { self[Organisation.self] }
        set { self[Organisation.self] = newValue }
    }
}
