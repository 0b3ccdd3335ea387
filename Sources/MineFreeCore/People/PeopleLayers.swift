/// The People area's kinds of record, each after the layers it names: casualty surveillance (accidents as each source
/// reports them, casualties), victim assistance (survivors, their needs, the services given), risk education
/// (sessions, community awareness groups).
public enum PeopleLayers {
    public static let all: [any LayerRecord.Type] = [
        Accident.self, CasualtyEvent.self, Survivor.self, AssistanceNeed.self, AssistanceService.self,
        PersonalRecord.self, RiskEducationSession.self, AwarenessGroup.self,
    ]
}
