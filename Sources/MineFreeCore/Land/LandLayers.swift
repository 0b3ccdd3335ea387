/// The Land area's kinds of record, in the order an import checks them: hazards first, which releases and
/// revisions are checked against.
public enum LandLayers {
    public static let all: [any LayerRecord.Type] = [
        HazardousArea.self, LandRelease.self, Settlement.self, SettlementFigure.self, Road.self,
        InfrastructurePoint.self, HazardRevision.self,
        Organisation.self, AdminArea.self, Asset.self, AssetDowntime.self, ActivityRecord.self, DeviceFind.self,
    ]
}
