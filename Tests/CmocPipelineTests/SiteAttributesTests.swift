import CmocModel
import Foundation
import Testing

@testable import CmocPipeline

/// Only the site columns a pipeline lists reach the reports.
@Suite struct SiteAttributesTests {
    static func config(_ attributes: String, groupBy: String? = nil) throws -> PipelineConfig {
        let evidence = groupBy.map { "{group_by: \($0), site_attributes: \(attributes)}" } ?? "{site_attributes: \(attributes)}"
        let yaml = """
            pipeline: {id: mini}
            corpus: {root: \(PipelineRunTests.mini.path)}
            codebook: \(PipelineRunTests.repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
            cmocs: \(PipelineRunTests.repo.appendingPathComponent("pipelines/cmocs/link-worker.yml").path)
            stages: {evidence: \(evidence)}
            """
        return try PipelineConfig.parse(
            yaml: yaml, file: PipelineRunTests.temp("cfg").appendingPathComponent("p.yml"), displayPath: "p.yml")
    }

    @Test func unlistedColumnsNeverReachAReport() async throws {
        let out = PipelineRunTests.temp("out").appendingPathComponent("out")
        _ = try await PipelineRunner(
            config: try Self.config("[integration_level]"),
            options: .init(outputDirectory: out, keyFile: PipelineRunTests.temp("k").appendingPathComponent("k.json"))
        ).run()
        let files = PipelineRunTests.files(under: out)
        let text = files.filter { !$0.key.hasPrefix("cache/") }.values.map { String(decoding: $0, as: UTF8.self) }
            .joined()
        #expect(text.contains("integration_level"))
        for column in ["region", "deprivation_decile", "list_size", "North East", "South West"] {
            #expect(!text.contains(column), "\(column) reached a report")
        }
    }

    @Test func aColumnSitesCSVDoesNotHaveIsAnError() async throws {
        do {
            _ = try await PipelineRunner(
                config: try Self.config("[integration_levle]"),
                options: .init(
                    outputDirectory: PipelineRunTests.temp("out").appendingPathComponent("out"),
                    keyFile: PipelineRunTests.temp("k").appendingPathComponent("k.json"))
            ).run()
            Issue.record("accepted")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.hint) == ["did you mean 'integration_level'?"])
        }
    }

    /// Rows: site_attributes, group_by, the hint expected (nil: the run goes through).
    static let groupByRows: [(String, String, String?)] = [
        ("[integration_level, region]", "integration", "did you mean 'integration_level'?"),
        ("[region]", "integration_level", "add 'integration_level' to site_attributes, or group by one of: region"),
        ("[integration_level, region]", "region", nil),
    ]

    /// A `group_by` the summary cannot group by is an error at its line, not every site "(not set)".
    @Test(arguments: groupByRows)
    func groupByMustNameAReportedColumn(_ attributes: String, _ groupBy: String, _ hint: String?) async throws {
        do {
            _ = try await PipelineRunner(
                config: try Self.config(attributes, groupBy: groupBy),
                options: .init(
                    outputDirectory: PipelineRunTests.temp("out").appendingPathComponent("out"),
                    keyFile: PipelineRunTests.temp("k").appendingPathComponent("k.json"))
            ).run()
            #expect(hint == nil, "accepted group_by \(groupBy)")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.hint) == [hint], "\(error.diagnostics)")
            #expect(error.diagnostics.first?.location?.line == 5)
        }
    }
}
