import CmocModel
import Foundation

/// The identifying names a study knows in advance: participants (whose `id` is their pseudonym),
/// site (practice) names and a list of places (towns, streets, organisations).
///
/// It is sensitive: never print its names; point at `rows` (CSV line numbers) instead.
public struct Registry: Sendable, Hashable {
    public var participants: [Participant]
    /// CSV line of each participant, parallel to `participants` (0 when built in code).
    public var participantLines: [Int]
    public var sites: [Site]
    public var places: [String]

    public init(participants: [Participant] = [], participantLines: [Int]? = nil, sites: [Site] = [], places: [String] = []) {
        self.participants = participants
        self.participantLines = participantLines ?? Array(repeating: 0, count: participants.count)
        self.sites = sites
        self.places = places
    }

    /// Reads `participants.csv` (`id,name,aliases,role,site`, aliases `;`-separated) and, when given,
    /// `sites.csv` (`id,name,…`; every other column becomes a site attribute).
    public static func load(participants: URL, sites: URL?, places: [String] = []) throws(DiagnosticError) -> Registry {
        let table = try CSVTable.parse(readText(participants), file: participants.path)
        for column in ["id", "name"] where !table.header.contains(column) {
            throw PseudonymiseError.csvMissingColumn(file: participants.path, column: column).error
        }
        var people: [Participant] = []
        var lines: [Int] = []
        var seen = Set<String>()
        for row in table.rows {
            let id = table.value(row, "id") ?? ""
            let name = table.value(row, "name") ?? ""
            if id.isEmpty { throw PseudonymiseError.csvEmptyField(file: participants.path, line: row.line, column: "id").error }
            if name.isEmpty { throw PseudonymiseError.csvEmptyField(file: participants.path, line: row.line, column: "name").error }
            guard seen.insert(id).inserted else {
                throw PseudonymiseError.csvDuplicateID(file: participants.path, line: row.line, id: id).error
            }
            let aliases = (table.value(row, "aliases") ?? "").split(separator: ";")
                .map { String($0).trimmingSpaces }.filter { !$0.isEmpty }
            people.append(
                Participant(
                    id: id, name: name, aliases: aliases, role: table.value(row, "role") ?? "",
                    site: table.value(row, "site") ?? ""))
            lines.append(row.line)
        }
        var siteList: [Site] = []
        if let sites {
            let siteTable = try CSVTable.parse(readText(sites), file: sites.path)
            for column in ["id", "name"] where !siteTable.header.contains(column) {
                throw PseudonymiseError.csvMissingColumn(file: sites.path, column: column).error
            }
            var seenSites = Set<String>()
            for row in siteTable.rows {
                let id = siteTable.value(row, "id") ?? ""
                if id.isEmpty { throw PseudonymiseError.csvEmptyField(file: sites.path, line: row.line, column: "id").error }
                guard seenSites.insert(id).inserted else {
                    throw PseudonymiseError.csvDuplicateID(file: sites.path, line: row.line, id: id).error
                }
                var attributes: [String: String] = [:]
                for (index, column) in siteTable.header.enumerated() where column != "id" && column != "name" {
                    if index < row.fields.count { attributes[column] = row.fields[index] }
                }
                siteList.append(Site(id: id, name: siteTable.value(row, "name") ?? "", attributes: attributes))
            }
        }
        return Registry(
            participants: people, participantLines: lines, sites: siteList,
            places: places.map { $0.trimmingSpaces }.filter { !$0.isEmpty })
    }

    static func readText(_ url: URL) throws(DiagnosticError) -> String {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw PseudonymiseError.fileUnreadable(path: url.path, reason: "\(error.localizedDescription)").error
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw PseudonymiseError.fileUnreadable(path: url.path, reason: "not UTF-8 text; save it as UTF-8").error
        }
        return text
    }
}
