/// A site visited in the study: a GP practice or a primary care network.
///
/// `name` is identifying (a practice name is a place) and never appears in outputs;
/// reports use `id` and the attributes.
public struct Site: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    /// Every other column of `sites.csv` (region, deprivation_decile, integration_level…), by header.
    public var attributes: [String: String]

    public init(id: String, name: String, attributes: [String: String] = [:]) {
        self.id = id
        self.name = name
        self.attributes = attributes
    }
}

/// A person in the participant registry. `id` is the pseudonym used in every output (e.g. `LW-A1`).
public struct Participant: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var aliases: [String]
    /// Stakeholder role as written in the registry: `link_worker`, `gp`, `practice_manager`,
    /// `receptionist`, `nurse`, `patient`, `interviewer`, `researcher`…
    public var role: String
    public var site: String

    public init(id: String, name: String, aliases: [String] = [], role: String, site: String) {
        self.id = id
        self.name = name
        self.aliases = aliases
        self.role = role
        self.site = site
    }
}

/// One row of the corpus manifest (`documents.csv`): which file is which document.
///
/// Document ids come from here (or are generated), never from file names, which often hold names.
public struct ManifestEntry: Sendable, Hashable, Codable {
    /// Path relative to the corpus folder. Sensitive: never written to outputs.
    public var file: String
    public var id: String
    public var site: String
    /// `interview`, `observation`, `focus_group`, `meeting`…
    public var dataType: String
    /// Forces a reader (`plaintext`, `tei`…) instead of detection.
    public var format: String?

    public init(file: String, id: String, site: String, dataType: String, format: String? = nil) {
        self.file = file
        self.id = id
        self.site = site
        self.dataType = dataType
        self.format = format
    }
}
