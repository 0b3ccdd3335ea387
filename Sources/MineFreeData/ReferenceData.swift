import Foundation

/// Where the bundled reference data (states, treaty participation, deadlines, extensions) lives.
/// The files are data with a `source` and `confidence` on every row; MineFreeCore loads and validates them.
public enum BundledReferenceData {
    /// The directory holding the CSV files shipped with this build.
    public static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("reference", isDirectory: true)
    }

    /// Country outlines (Natural Earth 1:110m, public domain) for maps of treaty status: display only,
    /// never a source of treaty facts (docs/data-notes/world_outlines_110m.md).
    public static var worldOutlines: URL {
        directory.appendingPathComponent("world_outlines_110m.geojson")
    }
}
