import CmocModel
import Foundation
import ZIPFoundation

/// Opens a .docx (a ZIP) in memory with guards a hostile file cannot get past: entry count,
/// total declared uncompressed size, per-part compression ratio, and a byte cap while inflating
/// (declared sizes can lie). Only the parts the reader needs are extracted; relationships to
/// external targets are never followed. OLE files (`D0 CF 11 E0`, password-protected .docx or
/// legacy .doc) are reported as such.
struct DocxPackage {
    private let archive: Archive
    private let input: ReaderInput

    static let oleMagic: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]

    init(_ input: ReaderInput) throws(DiagnosticError) {
        self.input = input
        if input.bytes.starts(with: Self.oleMagic) { throw input.fail(.encryptedOrLegacyWord) }
        guard input.bytes.starts(with: [0x50, 0x4B]) else { throw input.fail(.notAZip(detail: "no ZIP signature")) }
        if let problem = ZipBounds.problem(input.bytes) { throw input.fail(.notAZip(detail: problem)) }
        do {
            archive = try Archive(data: Data(input.bytes), accessMode: .read)
        } catch {
            throw input.fail(.notAZip(detail: "the ZIP directory cannot be read"))
        }
        let limits = input.options.limits
        var count = 0
        var total: UInt64 = 0
        for entry in archive {
            count += 1
            guard count <= limits.docxMaxEntries else {
                throw input.fail(.docxTooManyEntries(count: count, limit: limits.docxMaxEntries))
            }
            total &+= entry.uncompressedSize
            guard total <= limits.docxMaxUncompressedBytes else {
                throw input.fail(.docxTooLarge(bytes: total, limit: limits.docxMaxUncompressedBytes))
            }
        }
    }

    /// The bytes of one part, or nil when the package does not have it.
    func part(_ path: String) throws(DiagnosticError) -> [UInt8]? {
        guard let entry = archive[path] else { return nil }
        let limits = input.options.limits
        let ratio = entry.uncompressedSize / max(entry.compressedSize, 1)
        guard ratio <= limits.docxMaxCompressionRatio else {
            throw input.fail(.docxSuspiciousRatio(entry: path, ratio: ratio, limit: limits.docxMaxCompressionRatio))
        }
        let cap = min(limits.docxMaxUncompressedBytes, UInt64(limits.maxBytes))
        var bytes: [UInt8] = []
        var exceeded = false
        do {
            _ = try archive.extract(entry, skipCRC32: false) { chunk in
                if UInt64(bytes.count + chunk.count) > cap {
                    exceeded = true
                    throw CocoaError(.fileReadTooLarge)
                }
                bytes.append(contentsOf: chunk)
            }
        } catch {
            if exceeded { throw input.fail(.docxTooLarge(bytes: UInt64(bytes.count), limit: cap)) }
            throw input.fail(.notAZip(detail: "part \(path) cannot be inflated"))
        }
        return bytes
    }
}
