/// A stage of the pipeline, declared with what it needs and what it provides (as spaCy's
/// components do), so that run.json, `cmoc stages` and the cache can speak of stages by id.
public struct StageDescription: Sendable, Hashable, Codable {
    public var id: String
    public var purpose: String
    public var requires: [String]
    public var provides: [String]
}

/// The stages in data-flow order. Renaming or reordering one is deliberate: a test pins the ids.
public let builtInStages: [StageDescription] = [
    StageDescription(
        id: "ingest", purpose: "read each transcript file into speaker-attributed utterances",
        requires: ["corpus manifest", "transcript files"], provides: ["source documents"]),
    StageDescription(
        id: "pseudonymise", purpose: "replace every identifying detail with a stable pseudonym",
        requires: ["source documents", "participant registry", "sites", "key file"],
        provides: ["pseudonymised documents", "key file", "review list"]),
    StageDescription(
        id: "segment", purpose: "cut each pseudonymised document into turns by speaker",
        requires: ["pseudonymised documents", "participant roles"], provides: ["turns"]),
    StageDescription(
        id: "code", purpose: "apply the codebook's rules to every turn",
        requires: ["turns", "codebook", "site attributes"], provides: ["code hits"]),
    StageDescription(
        id: "evidence", purpose: "assemble code hits into CMOC evidence per site",
        requires: ["code hits", "CMOC definitions", "sites"], provides: ["evidence report"]),
    StageDescription(
        id: "reports", purpose: "write matrices, summaries and tables",
        requires: ["evidence report"], provides: ["output files"]),
]

/// The version written into run.json and printed by `cmoc --version`.
public let cmocVersion = "0.1.0"
