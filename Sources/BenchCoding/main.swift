// cmoc-bench-coding: measures coding throughput with a small and a very large codebook on the
// same text, to show that coding cost follows the text, not the number of codes.
//
//   swift build -c release --product cmoc-bench-coding && .build/release/cmoc-bench-coding
//   .build/release/cmoc-bench-coding --pipeline-only    # only the shipped codebook and the segmenter
//   .build/release/cmoc-bench-coding --pipeline-only --interviewer-as-gp   # every turn coded
//
// Prints MB/s (10^6 bytes of turn text per second, best of several runs, one core) for 10
// codes and for 2,000 generated codes, and their ratio (target: within 1.5x; literal coding
// at least 100 MB/s); then the shipped codebook (`pipelines/codebooks/npt.yml`) on the batch
// benchmark's plain-text transcripts, and the segmenter on the same transcripts. Every line
// carries a digest (FNV-1a 64 over every hit or turn, in order) so a change can be shown to
// leave the output identical, and the CPU seconds of its fastest timed run (this thread's CPU
// time, steadier than wall time when other work shares the cores).
import BenchSupport
import CmocCoding
import CmocModel
import CmocSegment
import CmocText
import Foundation

typealias Digest = FieldDigest

extension FieldDigest {
    mutating func add(_ n: Int) { add(String(n)) }
    mutating func add(_ hit: CodeHit) {
        add(hit.documentID)
        add(hit.turnIndex)
        add(hit.codeID)
        add(hit.ruleID)
        add(hit.span.start)
        add(hit.span.end)
        add(hit.direction.rawValue)
    }
    mutating func add(_ turn: Turn) {
        add(turn.documentID)
        add(turn.site)
        add(turn.speaker)
        add(turn.role)
        add(turn.index)
        add(turn.text)
        add(turn.span.start)
        add(turn.span.end)
        add(turn.start.map { String($0.bitPattern, radix: 16) })
        add(turn.end.map { String($0.bitPattern, radix: 16) })
    }
}

/// CPU seconds this thread has used (the timed runs are single-threaded).
func cpuSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

let sentences = [
    "I referred him to the link worker last week because he was lonely.",
    "She signposts a lot of people to the food bank and the debt advice service.",
    "To be honest I don't think the partners really value what she does.",
    "We have regular meetings with the practice manager about social prescribing.",
    "The GPs understand what I do now, but the locums still send me everything.",
    "I suppose it makes a difference, although we don't collect any outcome measures.",
    "Her WEMWBS score went up from 34 to 51 in three months.",
    "It's not my job to sort out housing, I pass that on to the council.",
    "The receptionists book people in with me when they ring about benefits.",
    "There isn't really a system for feedback, I just tell the GP in the corridor.",
    "We couldn't manage without her now, she's part of the team.",
    "Patients say they feel listened to, which they don't always get in ten minutes.",
    "The funding from the primary care network runs out next March.",
    "Some weeks I see twelve people, other weeks it's quieter and I do the admin.",
    "He was worried about his gas bill and hadn't left the flat for weeks.",
    "I'm very clear about what I do and what I leave to the nurses.",
    "We talked about it at the practice meeting and everyone agreed to refer more.",
    "Maybe the older partners will come round to it once they see the results.",
    "Café groups, walking groups, the allotment society: there's a lot going on here.",
    "Honestly, it has taken the pressure off the duty doctor on a Monday.",
]
/// Conversational sentences with nothing to code: most of an interview is talk like this.
let neutral = [
    "Yeah, so, where do I start with that one.",
    "Um, it was a Tuesday I think, because the car park was full.",
    "And then we had the whole thing with the building work over the summer.",
    "Right, okay, that makes sense.",
    "I came here from a practice in the north about three years ago.",
    "She'd ring up most mornings and ask for a call back.",
    "The weather was awful that week, nobody came in.",
    "We moved the chairs round in the waiting area in the spring.",
    "He's got two children and a dog, and he walks every day.",
    "Sorry, can you say that again, the line is a bit crackly.",
    "It's a big estate, lots of families, a couple of shops and a pub.",
    "I'd say about half of them come back for a second appointment.",
    "There's a bus that goes past the door every twenty minutes.",
    "Anyway, that's a long story, I won't bore you with it.",
    "Mm, yes, I know what you mean.",
    "The phones open at eight and by half past it's chaos.",
    "My daughter works in a school so she hears all sorts.",
    "We had a new printer delivered and it still doesn't work.",
    "I think the pharmacy closes at six on a Friday.",
    "They've put a new roundabout in near the station.",
]
let speakers = ["LW", "GP", "PM", "Patient", "Interviewer"]
let roles = ["link_worker", "gp", "practice_manager", "patient", "interviewer"]

/// About `megabytes` of interview text as documents of ~100 turns.
func corpus(megabytes: Int) -> [SegmentedDocument] {
    var rng = SplitMix64(state: 42)
    var documents: [SegmentedDocument] = []
    var total = 0
    while total < megabytes * 1_000_000 {
        var turns: [Turn] = []
        var text = ""
        for index in 0..<100 {
            var body = ""
            for _ in 0..<(1 + rng.below(4)) {
                // One sentence in three carries something to code, as in the study's interviews.
                let sentence = rng.below(3) == 0 ? sentences[rng.below(sentences.count)] : neutral[rng.below(neutral.count)]
                body += (body.isEmpty ? "" : " ") + sentence
            }
            let who = rng.below(speakers.count)
            let start = text.utf8.count + speakers[who].utf8.count + 2
            text += "\(speakers[who]): \(body)\n"
            turns.append(
                Turn(
                    documentID: "D\(documents.count)", site: "S1", speaker: speakers[who], role: roles[who], index: index,
                    text: body, span: ByteSpan(start, start + body.utf8.count)))
            total += body.utf8.count
        }
        documents.append(
            SegmentedDocument(id: "D\(documents.count)", site: "S1", dataType: "interview", format: "plaintext", text: text, turns: turns))
    }
    return documents
}

/// Ten realistic codes (terms that occur in the text).
let realCodes: [(String, [String])] = [
    ("out-referral", ["refer", "referred", "referral*", "signpost*"]),
    ("mech-value-lw", ["couldn't manage without", "part of the team", "value her", "invaluable"]),
    ("out-role-understood", ["understand what i do", "know what i do"]),
    ("rm-systematisation", ["outcome measure*", "wemwbs", "collect data"]),
    ("ctx-feedback-system", ["feedback", "feed back", "agreed system"]),
    ("ctx-clear-role-boundaries", ["not my job", "clear about what i do", "remit"]),
    ("out-show-difference", ["makes a difference", "show the impact"]),
    ("rm-communal-appraisal", ["practice meeting*", "team meeting*"]),
    ("ca-contextual-integration", ["funding", "primary care network", "pcn"]),
    ("mech-feel-listened-to", ["listened to", "feel heard"]),
]

/// The real codes plus generated ones whose terms share long prefixes with the text's words
/// (so walks go deep into the automaton) but rarely match.
func codebookYAML(generated: Int) -> String {
    var rng = SplitMix64(state: 7)
    let vocabulary = Array(Set((sentences + neutral).joined(separator: " ").lowercased().split { !$0.isLetter }.map(String.init)))
        .filter { $0.count >= 4 }.sorted()
    let suffixes = ["zq", "xj", "qz", "jx", "vq", "kx", "zzy", "qqa"]
    var yaml = "codebook: {id: bench, version: \"1\"}\ncodes:\n"
    func add(_ id: String, _ terms: [String]) {
        let list = terms.map { "\"\($0)\"" }.joined(separator: ", ")
        yaml += "  - id: \(id)\n    kind: mechanism\n    rules:\n      - keywords: [\(list)]\n"
    }
    for (id, terms) in realCodes { add(id, terms) }
    for i in 0..<generated {
        var terms: [String] = []
        for k in 0..<5 {
            let word = vocabulary[rng.below(vocabulary.count)]
            let suffix = suffixes[rng.below(suffixes.count)]
            switch k % 3 {
            case 0: terms.append(word + suffix)
            case 1: terms.append(word + " " + vocabulary[rng.below(vocabulary.count)] + suffix)
            default: terms.append(word + suffix + "*")
            }
        }
        add("gen-\(i)", terms)
    }
    return yaml
}

/// Codes `documents` seven times; prints best MB/s, the fastest run's CPU seconds and the hits' digest.
func measure(
    _ name: String, compiled: CompiledCodebook, documents: [SegmentedDocument], bytes: Int,
    siteAttributes: (SegmentedDocument) -> [String: String] = { _ in [:] }
) -> Double {
    var best = Double.infinity
    var hits = 0
    var digest = Digest()
    var cpu = Double.infinity
    let runs = 7
    for run in 0..<runs {
        let clock = ContinuousClock()
        var count = 0
        var all: [[CodeHit]] = []
        all.reserveCapacity(documents.count)
        let cpu0 = cpuSeconds()
        let elapsed = clock.measure {
            for document in documents {
                let coded = compiled.code(document, siteAttributes: siteAttributes(document))
                count += coded.count
                all.append(coded)
            }
        }
        cpu = min(cpu, cpuSeconds() - cpu0)
        hits = count
        if run == 0 { for coded in all { for hit in coded { digest.add(hit) } } }
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        best = min(best, seconds)
    }
    let mbps = Double(bytes) / 1e6 / best
    let stats = compiled.statistics
    print(
        "\(name): \(compiled.codebook.codes.count) codes, \(stats.terms) terms, \(stats.states) states, \(hits) hits, "
            + String(format: "%.1f MB/s, %.3f CPU-s (best run)", mbps, cpu) + ", digest \(digest.hex)")
    return mbps
}

func compile(_ name: String, yaml: String) -> CompiledCodebook {
    do {
        return try CompiledCodebook(Codebook.parse(yaml: yaml, file: name))
    } catch {
        print("\(name): codebook does not compile: \(error)")
        exit(2)
    }
}

/// `--pipeline-only`: skip the generated codebooks (for profiling the pipeline's case).
if !CommandLine.arguments.contains("--pipeline-only") {
    let documents = corpus(megabytes: 20)
    let bytes = documents.reduce(0) { $0 + $1.turns.reduce(0) { $0 + $1.text.utf8.count } }
    print(
        "text: \(documents.count) documents, \(String(format: "%.1f", Double(bytes) / 1e6)) MB of turn text "
            + "(one sentence in three has codable content)")
    let small = measure("10 codes", compiled: compile("10 codes", yaml: codebookYAML(generated: 0)), documents: documents, bytes: bytes)
    let large = measure(
        "2000 codes", compiled: compile("2000 codes", yaml: codebookYAML(generated: 1990)), documents: documents, bytes: bytes)
    let ratio = max(small, large) / min(small, large)
    print(String(format: "ratio: %.2fx (target <= 1.50x); slowest %.1f MB/s (target >= 100 MB/s)", ratio, min(small, large)))
}

// The pipeline's case: the shipped codebook (negation, hedging, sentence scopes, a regex, speaker
// and site filters) on the batch benchmark's plain-text transcripts, segmented by `Segmenter`.
let sites = (1...8).map { i in
    [
        "region": "North", "deprivation_decile": String((i - 1) % 10 + 1),
        "integration_level": i % 2 == 1 ? "full" : "partial", "list_size": "9000",
    ]
}
let labels = [("LW", "link_worker"), ("GP", "gp"), ("PM", "practice_manager"), ("PT", "patient")]

/// One plain-text transcript as the plain-text reader gives it: one utterance per `Label: text` block.
func source(_ number: Int) -> (SourceDocument, ManifestEntry, [String: String]) {
    var rng = SplitMix64(state: UInt64(number) &+ 1)
    let site = "S\(number % sites.count + 1)"
    let (prefix, role) = labels[number / sites.count % labels.count]
    let label = "\(prefix)-\(site)"
    let text = SyntheticTranscript.render(format: "txt", label: label, name: "[PERSON-1]", bytes: 50_000, rng: &rng)
    var utterances: [Utterance] = []
    for block in text.split(separator: "\n\n") {
        guard let colon = block.firstIndex(of: ":") else { continue }
        let body = block[block.index(after: colon)...].split(separator: " ").joined(separator: " ")
        utterances.append(Utterance(speaker: String(block[..<colon]), text: body))
    }
    let id = String(format: "doc-%05d", number)
    return (
        SourceDocument(id: id, format: "plaintext", utterances: utterances),
        ManifestEntry(file: "\(id).txt", id: id, site: site, dataType: "interview"),
        // `--interviewer-as-gp`: the interviewer's turns are registered as a GP's, so every turn is
        // coded (real interviews have fewer interviewer bytes than these transcripts' half).
        interviewerAsGP ? [label: role, "Interviewer": "gp"] : [label: role]
    )
}

let interviewerAsGP = CommandLine.arguments.contains("--interviewer-as-gp")
let sources = (0..<400).map(source)
let sourceBytes = sources.reduce(0) { $0 + $1.0.utterances.reduce(0) { $0 + $1.text.utf8.count } }
var segmented: [SegmentedDocument] = []
var segmentBest = Double.infinity
var segmentCPU = Double.infinity
var segmentDigest = Digest()
for run in 0..<7 {
    let clock = ContinuousClock()
    let cpu0 = cpuSeconds()
    var out: [SegmentedDocument] = []
    out.reserveCapacity(sources.count)
    let elapsed = clock.measure {
        for (document, entry, roles) in sources { out.append(Segmenter.segment(document, entry: entry, roles: roles)) }
    }
    segmentCPU = min(segmentCPU, cpuSeconds() - cpu0)
    segmentBest = min(segmentBest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    if run == 0 {
        segmented = out
        for document in out {
            segmentDigest.add(document.id)
            segmentDigest.add(document.text)
            for turn in document.turns { segmentDigest.add(turn) }
        }
    }
}
print(
    "segment: \(sources.count) transcripts, \(String(format: "%.1f", Double(sourceBytes) / 1e6)) MB, "
        + String(format: "%.1f MB/s, %.3f CPU-s (best run)", Double(sourceBytes) / 1e6 / segmentBest, segmentCPU)
        + ", digest \(segmentDigest.hex)")
do {
    let shipped = try CompiledCodebook(Codebook.load(path: repo.appendingPathComponent("pipelines/codebooks/npt.yml").path))
    let turnBytes = segmented.reduce(0) { $0 + $1.turns.reduce(0) { $0 + $1.text.utf8.count } }
    _ = measure(
        "npt.yml", compiled: shipped, documents: segmented, bytes: turnBytes,
        siteAttributes: { sites[(Int($0.site.dropFirst()) ?? 1) - 1] })
} catch {
    print("npt.yml: cannot load the shipped codebook: \(error)")
    exit(2)
}

// The term scan alone (`TermMatcher.scan`, the automaton `CompiledCodebook` builds) over every
// segmented turn, with npt.yml's literal terms and cue words, to measure the scan apart from
// rule evaluation. Digest over every match (term, start, end) in order.
do {
    let book = try Codebook.load(path: repo.appendingPathComponent("pipelines/codebooks/npt.yml").path)
    var texts: [String] = []
    var seen = Set<String>()
    func collect(_ node: RuleNode) {
        switch node {
        case .terms(let list): for t in list where seen.insert(t.text).inserted { texts.append(t.text) }
        case .near(let first, let second, _, _):
            for t in first + second where seen.insert(t.text).inserted { texts.append(t.text) }
        case .all(let nodes), .any(let nodes), .sameSentence(let nodes): nodes.forEach(collect)
        case .not(let inner): collect(inner)
        case .regex, .code: break
        }
    }
    for code in book.codes { for rule in code.rules { collect(rule.node) } }
    let cueWords =
        book.negation.triggers + book.negation.pseudoTriggers + book.negation.terminators + book.hedging.triggers
        + book.hedging.pseudoTriggers
    let patterns = (texts + cueWords).compactMap { try? TermPattern.parse($0).get() }
    let matcher = TermMatcher(patterns)
    let turnTexts = segmented.flatMap { $0.turns.map(\.text) }
    let bytes = turnTexts.reduce(0) { $0 + $1.utf8.count }
    var cpu = Double.infinity
    var digest = Digest()
    var found = 0
    var scratch: [TermMatcher.Match] = []
    for run in 0..<7 {
        let cpu0 = cpuSeconds()
        var count = 0
        for var text in turnTexts {
            scratch.removeAll(keepingCapacity: true)
            text.withUTF8 { matcher.scan($0, into: &scratch) }
            count += scratch.count
            if run == 0 { for m in scratch { digest.add(m.term); digest.add(m.start); digest.add(m.end) } }
        }
        cpu = min(cpu, cpuSeconds() - cpu0)
        found = count
    }
    print(
        "term scan: \(patterns.count) patterns, \(matcher.stateCount) states, \(found) matches, "
            + String(format: "%.1f MB/s, %.3f CPU-s (best run)", Double(bytes) / 1e6 / cpu, cpu) + ", digest \(digest.hex)")
} catch {
    print("term scan: cannot load the shipped codebook: \(error)")
    exit(2)
}
