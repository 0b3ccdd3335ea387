/// The People area's kinds of record (casualty surveillance; victim assistance and risk education to come).
public enum PeopleLayers {
    public static let all: [any LayerRecord.Type] = [CasualtyEvent.self]
}
