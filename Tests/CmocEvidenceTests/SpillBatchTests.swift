import CmocModel
import Foundation
import Testing

@testable import CmocEvidence

/// Spilled blocks are written to the file in batches of about `SpilledRows.batchBytes`: the ones held
/// back read from memory, a flushed copy reads every block from the file, and both give back every
/// block as it was appended.
@Suite struct SpillBatchTests {
    @Test func batchedBlocksReadBackFromMemoryOrFile() throws {
        let file = SpilledRowsTests.spillFile()
        defer { try? FileManager.default.removeItem(at: file) }
        var store = SpilledRows(file: file)
        // Blocks of uneven sizes, a few batches' worth, each filled with bytes of its own.
        var expected: [(String, [UInt8])] = []
        var total = 0
        var number = 0
        while total < 3 * SpilledRows.batchBytes + 12_345 {
            let size = 1 + (number * 7_919) % 150_000
            let block = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ number) }
            let id = String(format: "doc-%04d", number)
            expected.append((id, block))
            store.append(id, block)
            total += size
            number += 1
        }
        store.append("empty", [])
        expected.append(("empty", []))
        func inFile(_ store: SpilledRows) -> Int {
            store.blocks.values.filter { if case .file = $0 { return true } else { return false } }.count
        }
        // Whole batches went to the file, the last part is still held back.
        #expect(inFile(store) > 0 && inFile(store) < expected.count - 1)
        let flushed = store.flushed()
        #expect(inFile(flushed) == expected.count - 1)
        for copy in [store, flushed] {
            var read: [[UInt8]] = []
            try copy.forEachBlock(in: expected.map(\.0)) { (block: [UInt8]) throws(DiagnosticError) in read.append(block) }
            #expect(read == expected.map(\.1))
        }
        // The file holds each block once per write: the flushed copy's tail after the batches.
        let size = try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int
        #expect(size == total)
    }
}
