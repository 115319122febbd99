import CmocEvidence

/// The cross-site summary as plain tables, built once and rendered by the Markdown and HTML writers
/// so both always show the same numbers.
struct SummaryTables {
    struct Cell {
        var text: String
        var grade: Grade? = nil
        var numeric = false

        static func number(_ value: Int) -> Cell { Cell(text: String(value), numeric: true) }
    }

    struct Table {
        var id: String
        var title: String
        var note: String?
        var header: [String]
        var rows: [[Cell]]
        /// For tables with one column per site when sites are grouped: the group header cells
        /// (`nil` text over the leading and trailing columns), and the site-only column headers.
        var groupRow: [(text: String?, span: Int)]? = nil
        var siteHeader: [String]? = nil
    }

    var overview: [(term: String, value: String)]
    var sites: Table
    var grid: Table
    var codeFrequency: Table
    var codeByRole: Table
    var participants: Table
    var cmocDefinitions: Table
    var gradingRules: Table
    var documents: Table
    var ruleCounts: Table
    var neverFired: [String]
    var failedDocuments: Table
    var warnings: [String]
    /// Sites in display order (grouped), with their group name.
    var orderedSites: [(group: String, site: SiteInfo)]

    init(_ report: EvidenceReport, context: ReportContext) {
        let groups = Format.groups(report.sites.map(\.site), by: context.groupBy)
        let ordered = groups.flatMap { group in group.sites.map { (group: group.name, site: $0) } }
        orderedSites = ordered
        let grouped = context.groupBy != nil
        let siteHeaders = ordered.map { grouped ? "\($0.group) / \($0.site.id)" : $0.site.id }
        let groupRow: [(text: String?, span: Int)]? =
            context.groupBy.map { attribute in
                [(nil, 1)] + groups.map { (Optional("\(attribute): \($0.name)"), $0.sites.count) } + [(nil, 1)]
            }
        func bySite(_ table: Table, first: String, last: String) -> Table {
            var table = table
            table.groupRow = groupRow
            table.siteHeader = grouped ? [first] + ordered.map(\.site.id) + [last] : nil
            return table
        }
        let matrices = Dictionary(report.sites.map { ($0.site.id, $0) }, uniquingKeysWith: { first, _ in first })

        overview = [
            ("Codebook version", context.codebookVersion),
            ("Codebook hash", context.codebookHash),
            ("Documents", "\(report.documents.count) coded, \(context.failedDocuments.count) failed"),
            ("Sites", String(report.sites.count)),
            ("Sites grouped by", context.groupBy ?? "not grouped"),
            ("Roles not counted as evidence", Format.list(report.excludedRoles)),
            ("Data types where they count (observers' notes)", Format.list(report.observationDataTypes)),
            ("Quotes per cell", String(report.quotesPerCell)),
        ]

        sites = Table(
            id: "sites", title: "Sites", note: "Sites by id and attributes (site names never appear in reports).",
            header: ["Site", "Group", "Attributes", "Documents", "Turns", "Speakers", "Roles", "Data types"],
            rows: ordered.map { entry in
                let matrix = matrices[entry.site.id]
                return [
                    Cell(text: entry.site.id), Cell(text: entry.group),
                    Cell(text: Format.attributes(entry.site.attributes)),
                    .number(matrix?.documents ?? 0), .number(matrix?.turns ?? 0), .number(matrix?.speakers ?? 0),
                    Cell(text: Format.list(matrix?.roles ?? [])), Cell(text: Format.list(matrix?.dataTypes ?? [])),
                ]
            })

        grid = bySite(
            Table(
                id: "grid", title: "Grades by CMOC and site",
                note: "grade: S supporting segments, R refuting segments, F full and P partial configurations.",
                header: ["CMOC"] + siteHeaders + ["All sites"],
                rows: report.cmocs.enumerated().map { index, cmoc in
                    var row = [Cell(text: "\(cmoc.id): \(cmoc.title)")]
                    for entry in ordered {
                        if let cell = matrices[entry.site.id]?.rows.first(where: { $0.cmocID == cmoc.id }) {
                            row.append(Cell(text: Format.gridCell(cell), grade: cell.grade))
                        } else {
                            row.append(Cell(text: ""))
                        }
                    }
                    if index < report.overall.count {
                        row.append(
                            Cell(text: Format.gridCell(report.overall[index]), grade: report.overall[index].grade))
                    }
                    return row
                }), first: "CMOC", last: "All sites")

        let codeIDs = Self.codeOrder(report)
        let frequency = Dictionary(
            report.codeFrequency.map { ("\($0.codeID)\u{0}\($0.key)", $0.segments) }, uniquingKeysWith: +)
        codeFrequency = bySite(
            Table(
                id: "code-frequency", title: "Code frequency by site",
                note: "Coded segments (turns with at least one hit of the code, any direction).",
                header: ["Code"] + siteHeaders + ["Total"],
                rows: codeIDs.map { code in
                    let counts = ordered.map { frequency["\(code)\u{0}\($0.site.id)"] ?? 0 }
                    return [Cell(text: code)] + counts.map(Cell.number) + [.number(counts.reduce(0, +))]
                }), first: "Code", last: "Total")

        let roles = Set(report.codeByRole.map(\.key)).sorted()
        let byRole = Dictionary(
            report.codeByRole.map { ("\($0.codeID)\u{0}\($0.key)", $0.segments) }, uniquingKeysWith: +)
        codeByRole = Table(
            id: "code-by-role", title: "Codes by stakeholder role",
            note: "Coded segments per code and speaker role, all sites.",
            header: ["Code"] + roles,
            rows: codeIDs.map { code in [Cell(text: code)] + roles.map { .number(byRole["\(code)\u{0}\($0)"] ?? 0) } })

        // Someone registered with no site (a researcher) may be heard at any site: they count as
        // registered at each, and once in the total, as do people heard at several sites.
        let registered = Dictionary(
            grouping: context.registeredParticipants, by: { "\($0.site)\u{0}\($0.role)" }
        ).mapValues { Set($0.map(\.pseudonym)).count }
        let siteIDs = Set(ordered.map(\.site.id))
        let registeredInTotal = Dictionary(
            grouping: context.registeredParticipants.filter { $0.site.isEmpty || siteIDs.contains($0.site) }, by: \.role
        ).mapValues { Set($0.map(\.pseudonym)).count }
        let heard = Dictionary(
            report.participants.map { ("\($0.siteID)\u{0}\($0.role)", $0.speakers) }, uniquingKeysWith: +)
        let heardInTotal = Dictionary(report.participantTotals.map { ($0.role, $0.speakers) }, uniquingKeysWith: +)
        let participantRoles = Set(report.participants.map(\.role)).union(
            context.registeredParticipants.filter { p in ordered.contains { $0.site.id == p.site } }.map(\.role)
        ).sorted()
        let withRegistry = !context.registeredParticipants.isEmpty
        participants = bySite(
            Table(
                id: "participants", title: "Participants",
                note: withRegistry
                    ? "Distinct speakers heard in the transcripts, of those registered, per role and site (someone registered with no site counts at every site); the total counts each person once."
                    : "Distinct speakers heard in the transcripts, per role and site; the total counts each person once.",
                header: ["Role"] + siteHeaders + ["Total"],
                rows: participantRoles.map { role in
                    var row = [Cell(text: role)]
                    for entry in ordered {
                        let key = "\(entry.site.id)\u{0}\(role)"
                        let count = heard[key] ?? 0
                        if withRegistry {
                            let of = (registered[key] ?? 0) + (registered["\u{0}\(role)"] ?? 0)
                            row.append(Cell(text: "\(count) of \(of)", numeric: true))
                        } else {
                            row.append(.number(count))
                        }
                    }
                    let total = heardInTotal[role] ?? 0
                    row.append(
                        withRegistry ? Cell(text: "\(total) of \(registeredInTotal[role] ?? 0)", numeric: true) : .number(total))
                    return row
                }), first: "Role", last: "Total")

        cmocDefinitions = Table(
            id: "cmoc-definitions", title: "CMOC definitions", note: nil,
            header: [
                "CMOC", "Title", "NPT construct", "Context", "Mechanism", "Outcome", "Counter-evidence", "Window",
            ],
            rows: report.cmocs.map { cmoc in
                [
                    Cell(text: cmoc.id), Cell(text: cmoc.title), Cell(text: cmoc.nptConstruct ?? ""),
                    Cell(text: Format.list(cmoc.context)), Cell(text: Self.mechanism(cmoc)),
                    Cell(text: Format.list(cmoc.outcome)), Cell(text: Format.list(cmoc.counterEvidence)),
                    .number(cmoc.window),
                ]
            })

        gradingRules = Table(
            id: "grading-rules", title: "Grading rules", note: "Tried in order; the first that matches decides.",
            header: ["Rule", "Grade", "When", "In symbols"],
            rows: Grading.rules.map {
                [
                    Cell(text: $0.id), Cell(text: $0.grade.rawValue, grade: $0.grade), Cell(text: $0.text),
                    Cell(text: $0.formula),
                ]
            })

        documents = Table(
            id: "documents", title: "Documents coded", note: nil,
            header: ["Document", "Site", "Data type", "Format", "Turns", "Hits"],
            rows: report.documents.map {
                [
                    Cell(text: $0.id), Cell(text: $0.siteID), Cell(text: $0.dataType), Cell(text: $0.format),
                    .number($0.turns), .number($0.hits),
                ]
            })

        let fired = Dictionary(report.ruleCounts.map { ($0.ruleID, $0.hits) }, uniquingKeysWith: +)
        let allRules = Set(context.allRuleIDs).union(fired.keys).sorted()
        ruleCounts = Table(
            id: "rule-counts", title: "Rule firings", note: "Hits per coding rule, any direction.",
            header: ["Rule", "Hits"], rows: allRules.map { [Cell(text: $0), .number(fired[$0] ?? 0)] })
        neverFired = Set(context.allRuleIDs).filter { (fired[$0] ?? 0) == 0 }.sorted()

        failedDocuments = Table(
            id: "failed-documents", title: "Documents that failed", note: nil, header: ["Document", "Message"],
            rows: context.failedDocuments.sorted { ($0.id, $0.message) < ($1.id, $1.message) }.map {
                [Cell(text: $0.id), Cell(text: $0.message)]
            })
        warnings = report.warnings.map(\.description)
    }

    /// Codes in codebook order, then any code seen in hits but missing from the list, by id.
    static func codeOrder(_ report: EvidenceReport) -> [String] {
        let listed = report.codes.map(\.id)
        let known = Set(listed)
        let extra = Set(report.codeFrequency.map(\.codeID)).subtracting(known).sorted()
        return listed + extra
    }

    static func mechanism(_ cmoc: CMOCDefinition) -> String {
        if cmoc.mechanismResource.isEmpty && cmoc.mechanismReasoning.isEmpty { return Format.list(cmoc.mechanism) }
        return "resource: \(Format.list(cmoc.mechanismResource)); reasoning: \(Format.list(cmoc.mechanismReasoning))"
    }
}
