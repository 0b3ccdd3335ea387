/// The People area's kinds of record (casualty surveillance: accidents as each source reports them, casualties; victim assistance and risk education to come).
public enum PeopleLayers {
    public static let all: [any LayerRecord.Type] = [Accident.self, CasualtyEvent.self, PersonalRecord.self]
}
