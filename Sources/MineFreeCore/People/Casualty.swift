import Foundation

/// A mine/ERW casualty as a located event (the benchmark's casualty layer). Names and other
/// personal data, their protection by role and the audit of every access, arrive with the People area.
public struct CasualtyEvent: Sendable {
    public enum Outcome: String, CaseIterable, Sendable, Codable { case killed, injured }
    public enum Sex: String, CaseIterable, Sendable, Codable {
        case male = "M"
        case female = "F"
    }
    /// The device involved; `unknown` where the report does not say.
    public enum Device: String, CaseIterable, Sendable, Codable {
        case antiPersonnel = "AP"
        case antiVehicle = "AT"
        case explosiveRemnants = "ERW"
        case clusterMunitionRemnants = "CM"
        case unknown
    }

    public var localID: String
    public var date: CalendarDate
    public var outcome: Outcome
    public var age: Int?
    public var sex: Sex?
    public var device: Device
    public var location: GeoPoint

    public init(localID: String, date: CalendarDate, outcome: Outcome, age: Int?, sex: Sex?, device: Device, location: GeoPoint) {
        self.localID = localID
        self.date = date
        self.outcome = outcome
        self.age = age
        self.sex = sex
        self.device = device
        self.location = location
    }
}
