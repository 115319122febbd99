import CmocEvidence
import Foundation

/// `sites/<id>/matrix.json`: the site's whole matrix with the CMOC definitions, grading rules and
/// codebook identity, as sorted-key JSON.
enum MatrixJSONWriter: SiteReportWriter {
    static let fileName = "matrix.json"

    struct Document: Encodable {
        var codebookVersion: String
        var codebookHash: String
        var cmocs: [CMOCDefinition]
        var gradingRules: [Rule]
        var excludedRoles: [String]
        var quotesPerCell: Int
        var matrix: SiteMatrix
    }

    struct Rule: Encodable {
        var id: String
        var grade: String
        var text: String
        var formula: String
    }

    static func render(_ matrix: SiteMatrix, report: EvidenceReport, context: ReportContext) -> String {
        let document = Document(
            codebookVersion: context.codebookVersion, codebookHash: context.codebookHash, cmocs: report.cmocs,
            gradingRules: Grading.rules.map {
                Rule(id: $0.id, grade: $0.grade.rawValue, text: $0.text, formula: $0.formula)
            },
            excludedRoles: report.excludedRoles, quotesPerCell: report.quotesPerCell, matrix: matrix)
        return JSONText.encode(document)
    }
}

/// Deterministic JSON: sorted keys, two-space indentation, unescaped slashes, final newline.
enum JSONText {
    static func encode<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
