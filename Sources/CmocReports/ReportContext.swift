import CmocEvidence
import CmocModel

/// What the reports need beyond the evidence itself: grouping, the codebook's identity and the audit
/// inputs the pipeline knows about (all rule ids, failed documents, the registry's pseudonyms).
public struct ReportContext: Sendable {
    /// Site attribute to group sites by in the cross-site views (e.g. `integration_level`), if any.
    public var groupBy: String?
    public var codebookVersion: String
    public var codebookHash: String
    /// Every rule id in the codebook, so the audit can list rules that never fired.
    public var allRuleIDs: [String]
    public var failedDocuments: [FailedDocument]
    /// The registry without names: lets the participant table show speakers heard out of registered.
    public var registeredParticipants: [RegisteredParticipant]

    public init(
        groupBy: String? = nil, codebookVersion: String, codebookHash: String, allRuleIDs: [String] = [],
        failedDocuments: [FailedDocument] = [], registeredParticipants: [RegisteredParticipant] = []
    ) {
        self.groupBy = groupBy
        self.codebookVersion = codebookVersion
        self.codebookHash = codebookHash
        self.allRuleIDs = allRuleIDs
        self.failedDocuments = failedDocuments
        self.registeredParticipants = registeredParticipants
    }
}

/// A document that failed an earlier stage: its id and the (name-free) diagnostic message.
public struct FailedDocument: Sendable, Hashable, Codable {
    public var id: String
    public var message: String
    /// The site the manifest gives the document, so each site's matrix can say what it is missing.
    public var site: String?

    public init(id: String, message: String, site: String? = nil) {
        self.id = id
        self.message = message
        self.site = site
    }
}

/// A registry entry as reports may see it: pseudonym, role and site; the real name is dropped.
public struct RegisteredParticipant: Sendable, Hashable, Codable {
    public var pseudonym: String
    public var role: String
    public var site: String

    public init(pseudonym: String, role: String, site: String) {
        self.pseudonym = pseudonym
        self.role = role
        self.site = site
    }

    /// Keeps the pseudonym (`Participant.id`), role and site; never the name or aliases.
    public init(_ participant: Participant) {
        self.init(pseudonym: participant.id, role: participant.role, site: participant.site)
    }
}
