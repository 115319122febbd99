import CmocModel
import Foundation

/// `run.json`: what went into a run and what came out, for the audit trail. Holds no real name and
/// no input file name: documents are listed by manifest id with their content hash.
struct RunRecord: Encodable {
    struct Hashed: Encodable {
        var path: String?
        var sha256: String
        var version: String?
    }
    struct DocumentRecord: Encodable {
        var id: String
        var site: String
        var dataType: String
        var status: String
        var format: String?
        var encoding: String?
        var sha256: String
        var bytes: Int
        /// Distinct speaker labels and speaker-attributed turns as read, before pseudonymisation.
        var speakers: Int?
        var attributedTurns: Int?
        var turns: Int?
        var codeHits: Int?
    }
    struct Counts: Encodable {
        var documents: Int
        var documentsFailed: Int
        var sites: Int
        var turns: Int
        var codeHits: Int
        var warnings: Int
    }

    var cmocVersion: String
    var pipeline: Hashed
    var codebook: Hashed
    var cmocs: Hashed
    var registry: [String: String]
    var manifest: Hashed
    var stages: [String]
    var settings: [String: String]
    var documents: [DocumentRecord]
    var counts: Counts
    var warnings: [Diagnostic]
    var failedDocuments: [Diagnostic]
    var outputs: [String]

    static func make(
        config: PipelineConfig, inputs: PipelineRunner.Inputs, outcomes: [PipelineRunner.Outcome],
        failures: [Diagnostic], warnings: [Diagnostic], files: [String]
    ) -> [UInt8] {
        let documents = outcomes.map { item -> DocumentRecord in
            let entry = item.source.entry
            let e = item.entry
            return DocumentRecord(
                id: entry.id, site: entry.site, dataType: entry.dataType, status: item.failure == nil ? "ok" : "failed",
                format: e?.format, encoding: e?.encoding, sha256: item.sha256, bytes: item.bytes,
                speakers: e?.speakers, attributedTurns: e?.attributedTurns, turns: e == nil ? nil : item.turns, codeHits: e == nil ? nil : item.hits)
        }
        let record = RunRecord(
            cmocVersion: CmocPipeline.cmocVersion,
            pipeline: Hashed(path: config.id, sha256: inputs.hashes["pipeline"] ?? "", version: nil),
            codebook: Hashed(path: nil, sha256: inputs.hashes["codebook"] ?? "", version: inputs.codebook.version),
            cmocs: Hashed(path: nil, sha256: inputs.hashes["cmocs"] ?? "", version: nil),
            registry: [
                "participants_sha256": inputs.hashes["participants"] ?? "",
                "sites_sha256": inputs.hashes["sites"] ?? "",
                "participants": String(inputs.registry.participants.count),
            ],
            manifest: Hashed(path: nil, sha256: inputs.hashes["manifest"] ?? "", version: nil),
            stages: builtInStages.map(\.id),
            settings: [
                "evidence.window": String(config.evidence.window),
                "evidence.quotes_per_cell": String(config.evidence.quotesPerCell),
                "evidence.group_by": config.evidence.groupBy ?? "",
                "pseudonymise.partial_names": String(config.pseudonymise.partialNames),
                "pseudonymise.third_party": String(config.pseudonymise.thirdParty),
            ],
            documents: documents,
            counts: Counts(
                documents: outcomes.count, documentsFailed: failures.count, sites: inputs.registry.sites.count,
                turns: outcomes.reduce(0) { $0 + $1.turns },
                codeHits: outcomes.reduce(0) { $0 + $1.hits }, warnings: warnings.count),
            warnings: warnings, failedDocuments: failures, outputs: (files + ["run.json"]).sorted())
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return Array((try? encoder.encode(record)) ?? Data("{}".utf8)) + [0x0A]
    }
}
