import CmocIngest
import CmocModel
import CmocPseudonymise
import CmocSegment
import Foundation

/// One transcript file through ingest, pseudonymise and segment, for the researcher's tools
/// (`cmoc code`, `cmoc explain`): the same stages as a run, with a key that lives only in memory,
/// so what they print carries pseudonyms, not names.
public enum SingleTranscript {
    /// - Parameters:
    ///   - registry: participants (and sites) to pseudonymise by name and to give roles; detectors
    ///     alone when nil.
    public static func segmented(
        path: String, id: String, registry: Registry?, format: String? = nil
    ) throws(DiagnosticError) -> SegmentedDocument {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "ingest", at: SourceLocation(file: path), "cannot read the transcript",
                    hint: "check the path"))
        }
        var options = IngestOptions()
        if let format {
            guard let known = TranscriptFormat(rawValue: format) else {
                throw DiagnosticError(
                    Diagnostic(
                        .error, stage: "ingest", at: SourceLocation(file: path), "unknown format '\(format)'",
                        hint: "one of: \(TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", "))"))
            }
            options.format = known
        }
        let document = try Ingest.read(bytes: [UInt8](data), displayName: path, id: id, options: options)
        let pseudonymiser = try Pseudonymiser(registry: registry ?? Registry(), options: PseudonymiserOptions())
        let detections = pseudonymiser.detect(document: document)
        var key = PseudonymKey()
        key.assign(detections)
        let pseudonymised = pseudonymise(document: document, detections: detections, key: key)
        let roles = Dictionary(
            (registry?.participants ?? []).map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        return Segmenter.segment(
            pseudonymised.document,
            entry: ManifestEntry(file: "", id: id, site: "unknown", dataType: "interview"), roles: roles)
    }
}
