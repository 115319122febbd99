import CmocEvidence
import CmocModel

/// Fixed text forms shared by every writer: times, anchors, lists, grades, site attributes.
enum Format {
    /// `hh:mm:ss` for a media time in seconds (rounded down), or empty when unknown.
    static func time(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0, seconds < 1e9 else { return "" }
        let total = Int(seconds.rounded(.down))
        return pad(total / 3600) + ":" + pad(total / 60 % 60) + ":" + pad(total % 60)
    }

    private static func pad(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    /// The citation anchor of a quote: `S01, D001, turn 12, LW-A1 (link_worker), 00:03:12`.
    static func anchor(_ quote: Quote) -> String {
        var parts = [quote.siteID, quote.documentID, "turn \(quote.turnIndex)"]
        parts.append("\(quote.speaker ?? "unattributed") (\(quote.role))")
        let time = time(quote.start)
        if !time.isEmpty { parts.append(time) }
        return parts.joined(separator: ", ")
    }

    /// `C+M+O`, `C+O`…
    static func components(_ components: [Component]) -> String {
        components.sorted().map(\.letter).joined(separator: "+")
    }

    /// A list for a table cell; `none` when empty.
    static func list(_ items: [String], empty: String = "none") -> String {
        items.isEmpty ? empty : items.joined(separator: ", ")
    }

    /// `G4: a full configuration, … (F ≥ 1)`: the rule that decided a grade, in words and symbols.
    static func ruleText(_ id: String) -> String {
        guard let rule = Grading.rules.first(where: { $0.id == id }) else { return id }
        return "\(rule.text) [\(rule.formula)]"
    }

    /// `documents 2, speakers 3, sites 2; roles gp, link_worker; data types interview`.
    static func triangulation(_ cell: CellEvidence) -> String {
        var counts = "documents \(cell.documents), speakers \(cell.speakers)"
        if cell.siteID == nil { counts += ", sites \(cell.sites)" }
        return counts + "; roles \(list(cell.roles)); data types \(list(cell.dataTypes))"
    }

    /// `1 turn`, `2 turns`.
    static func turns(_ count: Int) -> String { count == 1 ? "1 turn" : "\(count) turns" }

    /// `strong (G3)`.
    static func grade(_ cell: CellEvidence) -> String { "\(cell.grade.rawValue) (\(cell.gradeRule))" }

    /// `key = value; …` in key order, or `none`.
    static func attributes(_ attributes: [String: String]) -> String {
        list(attributes.sorted { $0.key < $1.key }.map { "\($0.key) = \($0.value)" }, empty: "none")
            .replacingOccurrences(of: ", ", with: "; ")
    }

    /// A configuration as a short phrase: `D001 turns 3-5 (C+M+O; gp, link_worker)`.
    static func configuration(_ configuration: Configuration, withSite: Bool = false) -> String {
        let turns =
            configuration.firstTurn == configuration.lastTurn
            ? "turn \(configuration.firstTurn)" : "turns \(configuration.firstTurn)-\(configuration.lastTurn)"
        let site = withSite ? "\(configuration.siteID), " : ""
        return "\(site)\(configuration.documentID) \(turns) (\(components(configuration.components)); "
            + "\(list(configuration.roles)))"
    }

    /// How many configurations a matrix lists before summarising the rest (all are in `matrix.json`).
    static let configurationsShown = 10

    /// The first configurations as phrases, then `and N more (all in matrix.json)`; `none` when empty.
    static func configurations(_ items: [Configuration], withSite: Bool) -> String {
        var shown = items.prefix(configurationsShown).map { configuration($0, withSite: withSite) }
        if items.count > configurationsShown {
            shown.append("and \(items.count - configurationsShown) more (all in matrix.json)")
        }
        return list(shown)
    }

    /// Sites grouped by the chosen attribute: groups in value order (sites without the attribute
    /// last, under `(not set)`), sites by id inside each. One group holding every site when `groupBy` is nil.
    static func groups(_ sites: [SiteInfo], by attribute: String?) -> [(name: String, sites: [SiteInfo])] {
        guard let attribute else { return [("all sites", sites.sorted { $0.id < $1.id })] }
        let notSet = "(not set)"
        let grouped = Dictionary(grouping: sites) { $0.attributes[attribute] ?? notSet }
        let names = grouped.keys.sorted { a, b in
            if (a == notSet) != (b == notSet) { return b == notSet }
            return a < b
        }
        return names.map { name in (name, (grouped[name] ?? []).sorted { $0.id < $1.id }) }
    }

    /// The grid cell text: `strong: S 12, R 1, F 2, P 0`.
    static func gridCell(_ cell: CellEvidence) -> String {
        "\(cell.grade.rawValue): S \(cell.supportingSegments), R \(cell.refutingSegments), "
            + "F \(cell.fullConfigurations.count), P \(cell.partialConfigurations.count)"
    }

    /// A site id made safe as one path component: characters other than letters, digits, `.`, `_`
    /// and `-` become `_`, and a leading `.` becomes `_`.
    static func pathComponent(_ id: String) -> String {
        var bytes = Array(id.utf8).map { byte -> UInt8 in
            let allowed =
                (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
                || byte == 0x2E || byte == 0x5F || byte == 0x2D
            return allowed ? byte : 0x5F
        }
        if bytes.first == 0x2E || bytes.isEmpty { bytes.insert(0x5F, at: 0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
