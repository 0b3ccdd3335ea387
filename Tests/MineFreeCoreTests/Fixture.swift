import Foundation

@testable import MineFreeCore

/// A small hand-made registry whose every rule outcome is known, as CSV text like the real files.
enum Fixture {
    static let src = "https://example.org/source"

    static var files: [String: String] {
        [
            "states.csv": """
            iso3,iso2,m49,name,kind,region,sub_region,intermediate_region,un_member_since,source,confidence
            AAA,AA,901,Aland,un_member,Europe,Northern Europe,,1955-12-14,\(src),confirmed
            BBB,BB,902,Bbland,un_member,Asia,Central Asia,,1992-03-02,\(src),confirmed
            CCC,CC,903,Ccland,un_member,Oceania,Micronesia,,1991-09-17,\(src),confirmed
            DDD,DD,904,Ddland,un_member,Europe,Northern Europe,,1991-09-17,\(src),confirmed
            EEE,EE,905,Eeland,un_member,Africa,Sub-Saharan Africa,Eastern Africa,2011-07-14,\(src),confirmed
            VVV,VV,906,Vvland,observer_state,Europe,Southern Europe,,,\(src),confirmed
            XXA,,,Xx area,other_area,Africa,Northern Africa,,,\(src),unconfirmed

            """,
            "conventions.csv": """
            convention,title,adopted,opened_for_signature,entry_into_force,source,confidence
            apmbc,Mine Ban Treaty,1997-09-18,1997-12-03,1999-03-01,\(src),confirmed
            ccm,Convention on Cluster Munitions,2008-05-30,2008-12-03,2010-08-01,\(src),confirmed

            """,
            "apmbc_participation.csv": """
            convention,iso3,signed,deposited,instrument,entry_into_force,withdrawal_notified,withdrawal_effective,source,confidence,notes
            apmbc,AAA,1997-12-03,1998-01-10,ratification,1999-03-01,,,\(src),confirmed,
            apmbc,BBB,,2005-07-15,accession,,,,\(src),confirmed,
            apmbc,CCC,1997-12-04,,,,,,\(src),confirmed,signed only
            apmbc,DDD,,2000-02-10,accession,2000-08-01,2025-06-27,2025-12-27,\(src),confirmed,withdrew
            apmbc,VVV,1997-12-04,1998-02-17,ratification,,,,\(src),single-source,

            """,
            "ccm_participation.csv": """
            convention,iso3,signed,deposited,instrument,entry_into_force,withdrawal_notified,withdrawal_effective,source,confidence,notes
            ccm,AAA,2008-12-03,2009-06-10,ratification,,,,\(src),confirmed,

            """,
            "apmbc_meetings.csv": """
            convention,code,name,city,country_iso3,start_date,end_date,source,confidence
            apmbc,9MSP,Ninth Meeting of the States Parties,Geneva,,2008-11-24,2008-11-28,\(src),confirmed

            """,
            "ccm_meetings.csv": "convention,code,name,city,country_iso3,start_date,end_date,source,confidence\n",
            "apmbc_article4.csv": """
            iso3,had_stockpile,completed_on,status,source,confidence,notes
            AAA,yes,2001-05-01,completed,\(src),confirmed,
            BBB,yes,,missed,\(src),confirmed,
            VVV,no,,not_applicable,\(src),confirmed,

            """,
            "apmbc_article5.csv": """
            iso3,has_obligation,completed_on,status,source,confidence,notes
            AAA,yes,2015-06-30,completed,\(src),confirmed,
            BBB,no,,not_applicable,\(src),confirmed,
            DDD,yes,,ongoing,\(src),confirmed,

            """,
            "apmbc_article5_extensions.csv": """
            iso3,sequence,meeting_code,granted_on,new_deadline,years_requested,source,confidence,notes
            AAA,1,9MSP,,2019-03-01,10,\(src),confirmed,

            """,
            "ccm_article3.csv": "iso3,had_stockpile,completed_on,status,source,confidence,notes\n",
            "ccm_article3_extensions.csv":
                "iso3,sequence,meeting_code,granted_on,new_deadline,source,confidence,notes\n",
            "ccm_article4.csv": "iso3,has_obligation,completed_on,status,source,confidence,notes\n",
            "ccm_article4_extensions.csv":
                "iso3,sequence,meeting_code,granted_on,new_deadline,source,confidence,notes\n",
        ]
    }

    static func tables(_ files: [String: String]) throws -> [String: CSVTable] {
        try files.mapValues { try CSVTable(text: $0) }
    }

    static func registry() throws -> TreatyRegistry {
        try ReferenceDataLoader.validate(tables: tables(files))
    }

    /// The issues a modified fixture raises (empty if it loads).
    static func issues(replacing file: String, _ transform: (String) -> String) throws -> [ReferenceDataIssue] {
        var f = files
        f[file] = transform(f[file]!)
        do {
            _ = try ReferenceDataLoader.validate(tables: tables(f))
            return []
        } catch let error as ReferenceDataError {
            return error.issues
        }
    }
}

func day(_ s: String) -> CalendarDate { CalendarDate(iso: s)! }
