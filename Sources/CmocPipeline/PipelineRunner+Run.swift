import CmocCoding
import CmocEvidence
import CmocModel
import CmocPseudonymise
import CmocReports
import Crypto
import Foundation

extension PipelineRunner {
    /// Small per-document facts kept for run.json once a document's text has been released.
    struct Outcome: Sendable {
        var source: Manifest.Document
        var sha256: String
        var bytes: Int
        /// The cache entry without its text, turns and hits (released once evidence has them).
        var entry: DocumentCache.Entry?
        var turns: Int
        var hits: Int
        var failure: Diagnostic?
        var cached: Bool
        /// Taken from the cache and coded again (the codebook changed).
        var recoded = false
    }

    /// A document as the parallel phase hands it to filing.
    struct Finished: Sendable {
        var outcome: Outcome
        var spent: StageTimings
        var problem: DiagnosticError?
        var cacheProblem: Diagnostic?
        var warning: Diagnostic?
        var evidence: EvidenceBuilder.PreparedDocument?
    }

    /// Runs the whole pipeline. Throws only for problems that stop everything (invalid
    /// configuration, key or output folder refused); per-document failures are in the summary.
    ///
    /// Documents stream through in batches: each batch is read and detected in parallel, its new
    /// pseudonyms are numbered in manifest order, then it is replaced, segmented and coded in
    /// parallel and handed to the evidence builder, which keeps hits and excerpts, not texts.
    public func run() async throws(DiagnosticError) -> Summary {
        let inputs = try loadInputs()
        return try await execute(inputs: inputs, partials: nil)
    }

    /// The run proper. With `partials`, phase 1 results come from shard folders instead of being
    /// computed, and everything after is the same code as a single run, so a merge reproduces a
    /// single run's outputs byte for byte.
    func execute(inputs: Inputs, partials: PartialResults?) async throws(DiagnosticError) -> Summary {
        let clock = ContinuousClock()
        let started = clock.now
        let output = options.outputDirectory ?? config.outputDirectory
        let keyURL = options.keyFile ?? config.pseudonymise.keyFile
        try OutputFolder.check(output: output, keyFile: keyURL, corpusRoot: config.corpusRoot)
        let passphrase = ProcessInfo.processInfo.environment[config.pseudonymise.passphraseEnvironment]
            .flatMap { $0.isEmpty ? nil : $0 }
        var key = try PseudonymKey.load(at: keyURL, passphrase: passphrase)

        // Nothing changed since the last complete run, and its outputs are intact: say so and stop.
        let lastRunCache = options.useCache && partials == nil && !options.reportOnly ? DocumentCache(output: output) : nil
        // (Transcripts are hashed up front only when there is a last run to compare with.)
        if let lastRunCache, let last = UpToDate.load(lastRunCache), last.intact(in: output) {
            let hashes = await documentHashes(inputs)
            let print = fingerprint(inputs: inputs, documentHashes: hashes, keyState: Self.keyState(key))
            if last.fingerprint == print {
                var timings = StageTimings()
                timings.add("fingerprint", clock.now - started)
                return Summary(
                    outputDirectory: output, keyFile: keyURL, documents: last.documents,
                    cachedDocuments: last.documents - last.failures.count, bytes: last.bytes, timings: timings,
                    wallSeconds: Self.seconds(clock.now - started), failures: last.failures, warnings: last.warnings,
                    leaks: [], sites: last.sites, upToDate: true)
            }
        }
        if let lastRunCache { try? FileManager.default.removeItem(at: UpToDate.url(lastRunCache)) }
        if options.reportOnly {
            try checkKeyForReport(output: output, keyFile: keyURL, key: key)
            try checkCodebookForReport(output: output, inputs: inputs)
        }
        do { try OutputFolder.prepare(output) } catch { throw Self.asDiagnostics(error, stage: "reports") }

        let cache = options.useCache && partials == nil ? DocumentCache(output: output) : nil
        // Folders the parallel writers share are made once, up front.
        do {
            try FileManager.default.createDirectory(
                at: output.appendingPathComponent("transcripts"), withIntermediateDirectories: true)
            if let cache {
                try FileManager.default.createDirectory(
                    at: cache.folder.appendingPathComponent("docs"), withIntermediateDirectories: true)
            }
        } catch { throw Self.asDiagnostics(error, stage: "reports") }
        let cacheValid = cache.map { $0.keyState() == Self.keyState(key) } ?? false
        if !options.reportOnly { cache?.unseal() }
        let roles = Dictionary(inputs.registry.participants.map { ($0.id, $0.role) }, uniquingKeysWith: { a, _ in a })
        let siteAttributes = Dictionary(
            inputs.registry.sites.map { ($0.id, $0.attributes) }, uniquingKeysWith: { a, _ in a })
        let codebookHash = inputs.hashes["codebook"] ?? ""
        // Segment and presence rows (every hit's excerpt) wait in a private temporary file, not in memory.
        let spillFile = FileManager.default.temporaryDirectory
            .appendingPathComponent("cmoc-evidence-rows-\(UUID().uuidString).bin")
        defer { try? FileManager.default.removeItem(at: spillFile) }
        var builder = EvidenceBuilder(
            cmocs: inputs.cmocs, codes: inputs.codes, sites: inputs.registry.sites,
            quotesPerCell: config.evidence.quotesPerCell, excludedRoles: ["interviewer", "researcher"],
            spillFile: spillFile)
        var outcomes: [Outcome] = []
        var runWarnings: [Diagnostic] = []
        var timings = StageTimings()
        var bytesDone = 0
        let documents = inputs.manifest.documents
        // Enough documents per batch that both parallel phases keep every core busy past the odd long one.
        let batch = max(16, options.jobs * 32)
        let preparer = builder.preparer

        let jobs = options.jobs
        let readAndDetect: @Sendable ([Manifest.Document]) async -> [Work] = { slice in
            await Self.parallelMap(slice, jobs: jobs) { source in
                if let partials { return partials.work(for: source) }
                return self.prepare(source, inputs: inputs, cache: cache, cacheValid: cacheValid)
            }
        }
        let starts = Array(stride(from: 0, to: documents.count, by: batch))
        func slice(_ number: Int) -> [Manifest.Document] {
            Array(documents[starts[number]..<min(starts[number] + batch, documents.count)])
        }
        // Phase 3 for one document: replace, segment, code, reduce to its share of the evidence, and
        // write its transcript and cache entry. What filing needs is returned; the rest is released
        // here, on the worker, not on the thread that files.
        let transcriptsPath = output.appendingPathComponent("transcripts").path + "/"
        let finishOne: @Sendable (Work, PseudonymKey) -> Finished = { work, frozen in
            var (entry, spent) = self.finish(
                work, inputs: inputs, key: frozen, roles: roles, siteAttributes: siteAttributes,
                codebookHash: codebookHash)
            var problem: DiagnosticError?
            var cacheProblem: Diagnostic?
            var evidence: EvidenceBuilder.PreparedDocument?
            if let written = entry {
                let reduce = clock.now
                evidence = preparer.prepare(CodedDocument(document: written.document, hits: written.hits))
                spent.add("evidence", clock.now - reduce)
                let write = clock.now
                do {
                    let id = written.document.id
                    let transcript = "transcripts/\(id).txt"
                    // A new text goes into the cache first; the transcript is then a hard link to
                    // it, so the text is written once (a cached text is linked as it is).
                    var textInCache = work.cached != nil
                    if let cache, !textInCache, !self.options.reportOnly {
                        textInCache = (try? cache.storeText(written.document.text, id: id)) != nil
                    }
                    let stored = clock.now
                    spent.add("cache", stored - write)
                    let path = transcriptsPath + id + ".txt"
                    if !(textInCache && cache?.linkText(id, to: path) == true) {
                        try Reports.write([transcript: Array(written.document.text.utf8)], to: output)
                    }
                    let linked = clock.now
                    spent.add("reports", linked - stored)
                    if let cache, !self.options.reportOnly && (work.cached == nil || work.cached?.codebookHash != codebookHash) {
                        // A cache that cannot be written costs speed next time, nothing else. An entry
                        // whose text could not be stored is not written (its text would look edited).
                        let cached = textInCache && (try? cache.store(written, id: id)) != nil
                        if !cached {
                            // Nor may an older entry stay to be matched with a text it was not made for.
                            cache.forget(id)
                            cacheProblem = Diagnostic(
                                .warning, stage: "cache", at: SourceLocation(file: id),
                                "could not cache this document's results; the next run reads it again")
                        }
                    }
                    spent.add("cache", clock.now - linked)
                } catch {
                    problem = Self.asDiagnostics(error, stage: "reports")
                    entry = nil
                }
            }
            let outcome = Outcome(
                source: work.source, sha256: work.sha256, bytes: work.bytes,
                entry: entry.map { var e = $0; e.document.text = ""; e.document.turns = []; e.hits = []; return e },
                turns: entry?.document.turns.count ?? 0, hits: entry?.hits.count ?? 0, failure: work.failure,
                cached: work.cached != nil,
                recoded: !self.options.reportOnly && work.cached.map { $0.codebookHash != codebookHash } == true)
            return Finished(
                outcome: outcome, spent: spent, problem: problem, cacheProblem: cacheProblem, warning: work.warning,
                evidence: evidence)
        }

        var upcoming = starts.isEmpty ? [] : await readAndDetect(slice(0))
        // Filed on this thread in manifest order, one batch behind: with more than one job, batch n is
        // filed while batch n + 1 is finished and batch n + 2 read and detected, so no core waits for
        // the filing or for a batch's slowest document.
        var pending: [Finished] = []
        for number in 0...starts.count {
            var finishing: Task<[Finished], Never>?
            var next: Task<[Work], Never>?
            var finishedNow: [Finished] = []
            if number < starts.count {
                let prepared = upcoming
                upcoming = []
                // The next batch needs no key: it is read and detected while this one's names are numbered.
                if jobs > 1 && number + 1 < starts.count { next = Task { await readAndDetect(slice(number + 1)) } }
                for work in prepared { if let detections = work.detections { key.assign(detections) } }
                let frozen = key
                if jobs > 1 {
                    finishing = Task { await Self.parallelMap(prepared, jobs: jobs) { finishOne($0, frozen) } }
                } else {
                    finishedNow = await Self.parallelMap(prepared, jobs: 1) { finishOne($0, frozen) }
                }
            }
            var failed: DiagnosticError?
            for done in pending {
                if let problem = done.problem {
                    failed = problem
                    break
                }
                runWarnings += [done.warning, done.cacheProblem].compactMap { $0 }
                timings.add(done.spent)
                bytesDone += done.outcome.bytes
                outcomes.append(done.outcome)
                guard done.outcome.entry != nil, let evidence = done.evidence else { continue }
                let assemble = clock.now
                builder.add(evidence)
                timings.add("evidence", clock.now - assemble)
            }
            if !pending.isEmpty {
                options.progress?(
                    Progress(
                        documentsDone: outcomes.count, documentsTotal: documents.count, bytesDone: bytesDone,
                        seconds: Self.seconds(clock.now - started)))
            }
            pending = finishedNow
            if let finishing { pending = await finishing.value }
            if let next {
                upcoming = await next.value
            } else if jobs == 1 && number + 1 < starts.count {
                upcoming = await readAndDetect(slice(number + 1))
            }
            // Nothing is left running when a write failure stops the run.
            if let failed { throw failed }
        }

        let assemble = clock.now
        // The builder's records are released once the report is made.
        let report = (consume builder).finish()
        timings.add("evidence", clock.now - assemble)
        let failures = outcomes.compactMap(\.failure)
        let warnings = inputs.warnings + outcomes.compactMap(\.entry).flatMap(\.warnings) + runWarnings
        // The transcripts are final and so is the key: they are checked for leaks while the reports
        // are rendered (the rest of the folder is checked once it is written).
        let leakGuard = LeakGuard(registry: inputs.registry, key: key)
        let transcriptsFolder = output.appendingPathComponent("transcripts")
        let guardJobs = options.jobs
        // run.json lists the outputs, which are known before they are written: it is made beside
        // the rendering instead of after it, first thing in the task that then checks the
        // transcripts (a task of its own would wait for a thread while both run).
        let transcriptFiles = outcomes.compactMap { $0.entry.map { "transcripts/\($0.document.id).txt" } }
        let reportFiles = Reports.fileNames(report)
        let recordFiles = reportFiles.sorted() + transcriptFiles
        let recordInputs = (config, inputs, outcomes, failures, warnings)
        let transcriptCheck = Task.detached { () -> ([UInt8], Result<[LeakFinding], DiagnosticError>, Duration) in
            let record = RunRecord.make(
                config: recordInputs.0, inputs: recordInputs.1, outcomes: recordInputs.2, failures: recordInputs.3,
                warnings: recordInputs.4, files: recordFiles)
            let started = ContinuousClock.now
            let result = Result { () throws(DiagnosticError) in try leakGuard.scan(directory: transcriptsFolder, jobs: guardJobs) }
            return (record, result, ContinuousClock.now - started)
        }
        // Each cross-site report is checked for leaks as soon as it is in place, on the lane that
        // wrote it; the final scan of the folder then reads only the files not checked yet.
        let scannedReports = ParallelSlots<([LeakFinding], Duration)>(count: reportFiles.count)
        let render = clock.now
        // Each report is written as soon as it is rendered, and the long tables piece by piece, so
        // memory does not grow with them.
        let written: [String]
        do {
            written = try Reports.writeEach(
                report,
                context: ReportContext(
                    groupBy: config.evidence.groupBy, codebookVersion: inputs.codebook.version,
                    codebookHash: codebookHash,
                    allRuleIDs: inputs.codebook.codes.flatMap { code in code.rules.map { $0.id(in: code.id) } },
                    failedDocuments: outcomes.compactMap { outcome in
                        outcome.failure.map {
                            FailedDocument(id: outcome.source.entry.id, message: $0.description, site: outcome.source.entry.site)
                        }
                    },
                    registeredParticipants: inputs.registry.participants.map(RegisteredParticipant.init)),
                to: output, jobs: options.jobs,
                didWrite: { path in
                    let started = ContinuousClock.now
                    guard let slot = reportFiles.firstIndex(of: path),
                        let found = leakGuard.scanContents(of: output.appendingPathComponent(path), file: path)
                    else { return }
                    scannedReports.set(slot, (found, ContinuousClock.now - started))
                })
        } catch {
            throw Self.asDiagnostics(error, stage: "reports")
        }
        var contentsScanned: [String: [LeakFinding]] = [:]
        var earlyGuard = Duration.zero
        for (path, scanned) in zip(reportFiles, scannedReports.values) {
            guard let (found, spent) = scanned else { continue }
            contentsScanned[path] = found
            earlyGuard += spent
        }
        // The early checks ran inside the rendering lanes: their time is the leak guard's.
        timings.add("render", clock.now - render - earlyGuard / max(1, min(options.jobs, reportFiles.count)))
        let writing = clock.now
        let outputFiles = written.sorted() + transcriptFiles
        let (madeRecord, transcriptFindings, transcriptSeconds) = await transcriptCheck.value
        let runRecord = written == reportFiles ? madeRecord
            : RunRecord.make(
                config: config, inputs: inputs, outcomes: outcomes, failures: failures, warnings: warnings,
                files: outputFiles)
        do {
            try Reports.write(["run.json": runRecord], to: output)
            let keyFolder = keyURL.deletingLastPathComponent()
            if !FileManager.default.fileExists(atPath: keyFolder.path) {
                try FileManager.default.createDirectory(
                    at: keyFolder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            }
            try key.save(to: keyURL, outputDirectory: output, passphrase: passphrase)
            if !options.reportOnly { try cache?.seal(keyState: Self.keyState(key), codebookHash: codebookHash) }
        } catch {
            throw Self.asDiagnostics(error, stage: "reports")
        }
        timings.add("reports", clock.now - writing)
        let guardStart = clock.now
        // The rest of the folder is checked while the outputs' stamps for the next run are taken.
        let restJobs = options.jobs
        let restCheck = Task.detached { () throws(DiagnosticError) -> [LeakFinding] in
            try leakGuard.scan(
                directory: output, excluding: [OutputFolder.cacheFolder, "transcripts"], jobs: restJobs,
                contentsScanned: contentsScanned)
        }
        let stamps = lastRunCache == nil ? [:] : UpToDate.stamps(of: outputFiles + ["run.json"], in: output)
        let found: [LeakFinding]
        do { found = try transcriptFindings.get() + (try await restCheck.value) } catch let error as DiagnosticError {
            throw error
        } catch {
            throw Self.asDiagnostics(error, stage: "leak guard")
        }
        // In file order, each file's findings in the order they were found (as one scan gives them).
        let leaks = found.indices.sorted { (found[$0].file, $0) < (found[$1].file, $1) }.map { found[$0].description }
        // Its own time, though the transcripts' share ran beside the rendering.
        timings.add("leak guard", clock.now - guardStart + transcriptSeconds + earlyGuard)
        if let lastRunCache, leaks.isEmpty {
            // The hashes of the bytes this run processed (not read again: a file changed meanwhile
            // must not pass for what was processed).
            let processed = outcomes.map { $0.sha256.isEmpty ? "missing" : $0.sha256 }
            try? UpToDate(
                fingerprint: fingerprint(inputs: inputs, documentHashes: processed, keyState: Self.keyState(key)),
                outputs: stamps, documents: outcomes.count,
                bytes: bytesDone, failures: failures, warnings: warnings, sites: inputs.registry.sites.map(\.id)
            ).save(lastRunCache)
        }
        return Summary(
            outputDirectory: output, keyFile: keyURL, documents: outcomes.count,
            cachedDocuments: outcomes.filter(\.cached).count, recodedDocuments: outcomes.filter(\.recoded).count,
            bytes: bytesDone, timings: timings,
            wallSeconds: Self.seconds(clock.now - started), failures: failures, warnings: warnings, leaks: leaks,
            sites: inputs.registry.sites.map(\.id),
            readAgain: outcomes.contains(where: \.cached)
                ? outcomes.filter { !$0.cached && $0.failure == nil }.map(\.source.entry.id) : [],
            reportOnly: options.reportOnly)
    }

    /// A fingerprint of the key's content (not its bytes, which an encrypted key changes on every save).
    static func keyState(_ key: PseudonymKey) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return sha256((try? encoder.encode(key)) ?? Data())
    }

    static func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
    }

    static func asDiagnostics(_ error: any Error, stage: String) -> DiagnosticError {
        if let error = error as? DiagnosticError { return error }
        return DiagnosticError(Diagnostic(.error, stage: stage, "\(error)"))
    }

    /// Maps `items` with at most `jobs` running at once; results keep the input order.
    static func parallelMap<T: Sendable, R: Sendable>(
        _ items: [T], jobs: Int, _ transform: @escaping @Sendable (T) -> R
    ) async -> [R] {
        if jobs <= 1 || items.count <= 1 { return items.map(transform) }
        return await withTaskGroup(of: (Int, R).self) { group in
            var results = [R?](repeating: nil, count: items.count)
            var next = 0
            while next < min(jobs, items.count) {
                let i = next
                group.addTask { (i, transform(items[i])) }
                next += 1
            }
            while let (i, result) = await group.next() {
                results[i] = result
                if next < items.count {
                    let j = next
                    group.addTask { (j, transform(items[j])) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    /// `cmoc report` renders cached codes and does not code: codes made with another version of the
    /// codebook would be reported under this one's hash, so it refuses before touching any output.
    /// `cmoc report` renders what a complete run cached with this very key: with no sealed cache, or
    /// one made with another key file, it stops before touching the outputs (and writes no key).
    func checkKeyForReport(output: URL, keyFile: URL, key: PseudonymKey) throws(DiagnosticError) {
        let cache = DocumentCache(output: output)
        guard let made = cache.keyState() else {
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "reports", at: SourceLocation(file: output.path),
                    "this output folder has no results from a complete `cmoc run` to render",
                    hint: "run `\(runCommand(output: output))` first; `cmoc report` only re-renders what it cached"))
        }
        guard made == Self.keyState(key) else {
            let missing = !FileManager.default.fileExists(atPath: keyFile.path)
            throw DiagnosticError(
                Diagnostic(
                    .error, stage: "reports", at: SourceLocation(file: keyFile.path),
                    missing
                        ? "there is no key file here, and the cached results were made with a key"
                        : "the cached results were made with another key file",
                    hint: "pass the --key-file the run used (or run `\(runCommand(output: output)) --key-file \(keyFile.path)` again); nothing was changed"))
        }
    }

    func checkCodebookForReport(output: URL, inputs: Inputs) throws(DiagnosticError) {
        let current = inputs.hashes["codebook"] ?? ""
        guard let cached = DocumentCache(output: output).codebookHash(), cached != current else { return }
        throw DiagnosticError(
            Diagnostic(
                .error, stage: "reports", at: SourceLocation(file: Self.display(config.codebook)),
                "the cached results were coded with another version of this codebook, so `cmoc report` cannot render them as coded with this one",
                hint: "run `\(runCommand(output: output))`: it re-codes from the cache without reading or pseudonymising the transcripts again"))
    }

    /// The `cmoc run` command for this pipeline and output folder, as a hint gives it to be copied.
    func runCommand(output: URL) -> String {
        let pipeline = Self.display(config.file)
        let sameOutput = output.standardizedFileURL.path == config.outputDirectory.standardizedFileURL.path
        return "cmoc run \(pipeline)" + (sameOutput ? "" : " --output \(Self.display(output))")
    }
}
