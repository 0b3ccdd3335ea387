/// Rules many kinds of record share: a state's code, a currency's code.
public enum RecordRules {
    static func checkState(_ code: String?, _ field: String, _ row: inout RowCheck) {
        guard let code else { return }
        if code.utf8.count != 3 || !code.utf8.allSatisfy({ (65...90).contains($0) }) {
            row.fail(
                "state-code",
                "\(row.name(field)) '\(code)' is not an ISO 3166 alpha-3 code (three capitals, e.g. AZE)"
            )
        }
    }

    static func checkCurrency(_ code: String?, _ field: String, _ row: inout RowCheck) {
        guard let code else { return }
        if !Currency.isKnown(code) {
            row.fail(
                "unknown-currency",
                "\(row.name(field)) '\(code)' is not an ISO 4217 currency code (e.g. USD, EUR, AZN)"
            )
        }
    }
}
