import Foundation

/// Who a casualty or survivor is: name, date of birth, contact, address, medical details. Personal data, kept apart
/// from the statistical records (its own layer and table) so that counts, maps and exports never carry it: only a
/// role with `readPersonalData` reads it, every read of it is audited, an export of it is identified and names its
/// purpose, and `minefree people erase` removes it while the anonymous statistical record stays.
public struct PersonalRecord: Sendable, Hashable {
    public var localID: String
    /// The casualty this is (a person killed or injured).
    public var casualtyID: String?
    /// The survivor or family member this is (in victim assistance).
    public var survivorID: String?
    public var name: String
    public var dateOfBirth: CalendarDate?
    public var phone: String?
    public var address: String?
    /// Injuries, treatment, disability as the medical source gave them.
    public var medicalNotes: String?
    /// When it was recorded (the date of information; what a retention period counts from).
    public var recorded: CalendarDate
    public var extra: String?

    public init(localID: String, casualtyID: String?, name: String, recorded: CalendarDate) {
        self.localID = localID
        self.casualtyID = casualtyID
        self.name = name
        self.recorded = recorded
    }

    public init() { self.init(localID: "", casualtyID: nil, name: "", recorded: .epoch) }

    /// Whom the record is about, by the person's own record: what erasure and pseudonyms go by.
    public var person: String? { casualtyID.map { "casualty:\($0)" } ?? survivorID.map { "survivor:\($0)" } }
}

extension PersonalRecord {
    /// Column names that say personal data, in the languages programmes file in (English, French, Spanish,
    /// Portuguese, Russian transliterated): compared lower-cased with spaces, dashes and dots as underscores.
    static let personalColumns: Set<String> = [
        "name", "names", "full_name", "fullname", "first_name", "firstname", "given_name", "last_name", "lastname",
        "surname", "family_name", "father_name", "fathers_name", "patronymic", "victim_name", "casualty_name",
        "survivor_name", "person_name", "nom", "prenom", "prénom", "nom_complet", "nombre", "apellido", "apellidos",
        "nome", "sobrenome", "imya", "familiya", "otchestvo",
        "dob", "date_of_birth", "birth_date", "birthdate", "born", "date_de_naissance", "fecha_de_nacimiento",
        "phone", "phone_number", "telephone", "tel", "mobile", "cell", "email", "e_mail", "contact", "contacts",
        "address", "home_address", "street", "adresse", "direccion", "dirección", "endereco",
        "national_id", "id_number", "passport", "passport_number", "identity_card", "tazkira", "pin",
        "medical_notes", "diagnosis", "medical", "medical_record",
    ]

    /// Whether a column's name says it holds personal data.
    public static func looksPersonal(_ column: String) -> Bool {
        let key = column.lowercased().trimmingCharacters(in: .whitespaces).map { c -> Character in
            " -.".contains(c) ? "_" : c
        }
        return personalColumns.contains(String(key))
    }
}

extension PersonalRecord: LayerRecord {
    public static let layer = Layer<PersonalRecord>(
        name: "personal_data",
        singular: "personal record",
        area: .people,
        table: "personal_data",
        key: ["id"],
        date: "recorded",
        privacy: .identifying,
        fields: [
            .code("id", \.localID, { $0.localID }, hxl: "#x_personal+id"),
            .id(of: .casualty, \.casualtyID, { $0.casualtyID }),
            .id(of: .survivor, \.survivorID, { $0.survivorID }),
            .text("name", \.name, { $0.name }, maxLength: 200, hxl: "#x_person+name"),
            .date("date_of_birth", \.dateOfBirth, { $0.dateOfBirth }, hxl: "#x_person+dob"),
            .text("phone", \.phone, { $0.phone }, maxLength: 50, hxl: "#contact+phone"),
            .text("address", \.address, { $0.address }, maxLength: 300, hxl: "#contact+address"),
            .text("medical_notes", \.medicalNotes, { $0.medicalNotes }, maxLength: 2000, hxl: "#x_person+medical"),
            .date("recorded", \.recorded, { $0.recorded }, hxl: "#date+recorded"),
        ]
    )

    public static func check(_ p: inout PersonalRecord, _ row: inout RowCheck) {
        if p.person == nil {
            row.fail(
                "required",
                "no \(row.name("casualty_id")) and no \(row.name("survivor_id")): personal data is kept only for a recorded casualty or survivor"
            )
        }
        if p.name.trimmingCharacters(in: .whitespaces).isEmpty {
            row.fail("required", "\(row.name("name")) is empty")
        }
        if let born = p.dateOfBirth, born > p.recorded {
            row.fail(
                "born-after-recorded",
                "\(row.name("date_of_birth")) \(born) is after \(row.name("recorded")) \(p.recorded)"
            )
        }
    }
}

extension Dataset {
    public var personalData: [PersonalRecord] {
        get { self[PersonalRecord.self] }
        set { self[PersonalRecord.self] = newValue }
    }
}
