import Foundation

/// Two rankings side by side (two models, or one model on two days): each hazard's rank under each, how far it
/// moved, and which factors' contributions changed most, which is why it moved. Factors are matched by name; a factor
/// only one model has contributes 0 under the other.
public struct PriorityComparison: Sendable {
    public struct Move: Sendable, Hashable {
        public var hazardID: String
        /// nil where the hazard is not ranked (not open that day).
        public var before: Int?
        public var after: Int?
        public var scoreBefore: Double?
        public var scoreAfter: Double?
        /// Each factor's contribution before and after, the largest change first (then by name).
        public var changes: [FactorChange]

        /// Places gained: positive when the hazard rose (rank 12 → 3 is +9); nil unless ranked in both.
        public var move: Int? {
            guard let before, let after else { return nil }
            return before - after
        }

        /// "HA-0000042: rank 12 → 3 (up 9), score 0.2100 → 0.3600: cas +0.1500 (weight 0.15 → 0.30), …"
        public var explanation: String {
            func rank(_ r: Int?) -> String { r.map(String.init) ?? "unranked" }
            func score(_ s: Double?) -> String { s.map { String(format: "%.4f", $0) } ?? "–" }
            var head = "\(hazardID): rank \(rank(before)) → \(rank(after))"
            if let move, move != 0 { head += move > 0 ? " (up \(move))" : " (down \(-move))" }
            head += ", score \(score(scoreBefore)) → \(score(scoreAfter))"
            let moved = changes.filter { $0.delta != 0 }
            guard !moved.isEmpty else {
                return head + ": its own score did not change; hazards around it moved"
            }
            return head + ": " + moved.prefix(3).map(\.explanation).joined(separator: ", ")
        }
    }

    public struct FactorChange: Sendable, Hashable {
        public var name: String
        public var before: Double
        public var after: Double
        public var weightBefore: Double?
        public var weightAfter: Double?
        /// The raw value under each (people, metres …): a different radius or window changes what is counted.
        public var rawBefore: Double?
        public var rawAfter: Double?
        public var delta: Double { after - before }

        public var explanation: String {
            var text = "\(name) \(delta >= 0 ? "+" : "−")\(String(format: "%.4f", abs(delta)))"
            var why: [String] = []
            if weightBefore != weightAfter {
                why.append("weight \(Self.text(weightBefore)) → \(Self.text(weightAfter))")
            }
            if let rawBefore, let rawAfter, rawBefore != rawAfter {
                why.append("value \(Self.text(rawBefore)) → \(Self.text(rawAfter))")
            }
            if !why.isEmpty { text += " (" + why.joined(separator: ", ") + ")" }
            return text
        }

        static func text(_ x: Double?) -> String {
            guard let x else { return "none" }
            return RankedHazard.decimal(x, 3)
        }
    }

    /// Every hazard ranked in either, in the order of the second ranking, then those only the first ranks.
    public let moves: [Move]

    public init(before: [RankedHazard], after: [RankedHazard]) {
        let earlier = Dictionary(before.map { ($0.hazardID, $0) }, uniquingKeysWith: { a, _ in a })
        let later = Set(after.map(\.hazardID))
        let order =
            after.sorted { $0.rank < $1.rank }
            + before.sorted { $0.rank < $1.rank }.filter {
                !later.contains($0.hazardID)
            }
        let laterByID = Dictionary(after.map { ($0.hazardID, $0) }, uniquingKeysWith: { a, _ in a })
        moves = order.map { h in
            Self.move(earlier[h.hazardID], laterByID[h.hazardID])
        }
    }

    /// The moves, largest first (by places, then hazard id): what a review of a new model looks at.
    public func largestMoves(_ count: Int) -> [Move] {
        moves.filter { ($0.move ?? 0) != 0 }
            .sorted { (abs($1.move ?? 0), $0.hazardID) < (abs($0.move ?? 0), $1.hazardID) }
            .prefix(count).map { $0 }
    }

    public func move(of hazardID: String) -> Move? { moves.first { $0.hazardID == hazardID } }

    static func move(_ a: RankedHazard?, _ b: RankedHazard?) -> Move {
        var names = (a?.factors ?? []).map(\.name)
        for f in b?.factors ?? [] where !names.contains(f.name) { names.append(f.name) }
        let changes = names.map { name in
            let x = a?[factor: name]
            let y = b?[factor: name]
            return FactorChange(
                name: name,
                before: x?.contribution ?? 0,
                after: y?.contribution ?? 0,
                weightBefore: x?.weight,
                weightAfter: y?.weight,
                rawBefore: x?.raw,
                rawAfter: y?.raw
            )
        }
        return Move(
            hazardID: a?.hazardID ?? b?.hazardID ?? "",
            before: a?.rank,
            after: b?.rank,
            scoreBefore: a?.score,
            scoreAfter: b?.score,
            changes: changes.sorted { (abs($1.delta), $0.name) < (abs($0.delta), $1.name) }
        )
    }
}
