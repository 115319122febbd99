/// Decides whether a piece of text is shaped like a speaker label (`Interviewer`, `P01`,
/// `mop03-2b`, `Speaker 1`, `Janet Dough`) rather than prose (`For example`), a clock (`17`),
/// a URL, or an editorial mark (`[laughs]`).
enum SpeakerLabelRules {
    typealias Bytes = ArraySlice<UInt8>

    enum Quality: Comparable { case loose, strict }

    static let maxBytes = 48
    static let maxWords = 4

    /// Words and phrases that end in a colon in prose or headers, never speakers.
    static let proseStopList: Set<String> = [
        "note", "notes", "nb", "n.b", "n.b.", "ps", "p.s", "p.s.", "eg", "e.g", "e.g.", "ie", "i.e", "i.e.", "viz",
        "example", "examples", "for example", "for instance", "such as", "including", "namely", "that is",
        "in other words", "as follows", "the following", "following", "see", "see also", "cf", "important",
        "warning", "caution", "tip", "hint", "remember", "reminder", "re", "subject", "from", "to", "cc", "bcc",
        "date", "dates", "time", "times", "duration", "length", "location", "venue", "place", "present",
        "attendees", "apologies", "transcript", "transcription", "transcribed by", "transcriber", "recorded",
        "recording", "recorded by", "file", "file name", "filename", "project", "study", "tel", "telephone",
        "phone", "mobile", "email", "e-mail", "fax", "web", "website", "url", "http", "https", "ftp", "mailto",
        "www", "ref", "reference", "references", "source", "sources", "keywords", "title", "summary", "update",
        "edit", "edited", "aside", "quote", "total", "step", "page", "chapter", "section", "yes", "no", "ok",
        "okay", "so", "and", "but", "or", "also", "plus", "then", "result", "results", "conclusion",
        "conclusions", "outcome", "aim", "aims", "objective", "objectives", "background", "method", "methods",
        "purpose", "agenda", "action", "actions", "item", "items", "comment", "comments", "feedback", "answer",
        "question", "questions", "topic", "theme", "themes", "code", "codes", "category", "definition", "term",
        "address", "postcode", "dob", "age", "gender", "sex", "role", "job title", "organisation", "organization",
        "interview date", "interview id", "interview number", "id", "participant id", "site id", "version",
        "status", "draft", "copyright", "licence", "license", "author", "authors", "editor", "warning sign",
        "why", "what", "how", "when", "where", "who", "which", "because", "however", "therefore", "thus",
        "well", "anyway", "basically", "honestly", "like", "i mean", "you know", "he said", "she said",
        "they said", "i said", "we said", "quote unquote", "caveat", "disclaimer", "fyi",
    ]

    /// Editorial marks written in square brackets, never speakers.
    static let nonSpeechStopList: Set<String> = [
        "laughs", "laugh", "laughing", "laughter", "inaudible", "unclear", "unintelligible", "indistinct",
        "incomprehensible", "pause", "pauses", "long pause", "short pause", "crosstalk", "cross talk",
        "cross-talk", "overlapping", "overtalking", "overlap", "silence", "music", "noise", "background noise",
        "cough", "coughs", "coughing", "sigh", "sighs", "sighing", "redacted", "name", "name redacted",
        "removed", "anonymised", "anonymized", "break", "interruption", "interrupted", "phone rings",
        "applause", "end", "end of interview", "end of recording", "recording ends", "recording starts",
        "start", "sic", "?", "unknown", "blank", "beep", "clears throat", "door", "knock",
        "break in recording", "audio cuts out", "technical difficulties", "gap", "omitted",
    ]

    /// Role words that make a one-off label credible even in a header area.
    static let knownRoles: Set<String> = [
        "interviewer", "interviewee", "respondent", "participant", "facilitator", "moderator", "researcher",
        "speaker", "unknown speaker", "patient", "carer", "gp", "doctor", "nurse", "link worker", "manager",
        "practice manager", "receptionist", "observer", "note taker", "i", "r", "q", "a", "int", "resp", "iv",
        "ie", "p", "s", "f", "m", "mod", "fac",
    ]

    /// The label's quality, or nil when it cannot be a label at all.
    static func quality(_ label: Bytes) -> Quality? {
        guard !label.isEmpty, label.count <= maxBytes, !hasSentenceBreak(label) else { return nil }
        var hasLetter = false
        var words = 1
        var strict = true
        var atWordStart = true
        var wordHasDigit = false
        var wordStartsUpper = false
        var previous: UInt8 = 0
        for b in label {
            if b == 0x20 {
                if previous == 0x20 { return nil }
                if !(wordStartsUpper || wordHasDigit) { strict = false }
                words += 1
                atWordStart = true
                wordHasDigit = false
                wordStartsUpper = false
                previous = b
                continue
            }
            switch b {
            case 0x41...0x5A, 0x61...0x7A, 0x80...0xFF: hasLetter = true
            case 0x30...0x39: wordHasDigit = true
            case 0x2D, 0x5F, 0x2E, 0x27, 0x28, 0x29, 0x26: break  // - _ . ' ( ) &
            default: return nil
            }
            if atWordStart {
                // Non-ASCII initials (Ž, É…) count as capitals: we cannot case them cheaply on bytes.
                wordStartsUpper = ByteText.isUpper(b) || b >= 0xC0 || b == 0x28
                atWordStart = false
            }
            previous = b
        }
        if !(wordStartsUpper || wordHasDigit) { strict = false }
        guard hasLetter, words <= maxWords, previous != 0x20 else { return nil }
        return strict && words <= 3 ? .strict : .loose
    }

    /// Titles that end in a full stop inside a name (`Dr. Abernethy`, `Mrs. Patel`).
    static let titles: Set<String> = ["dr", "mr", "mrs", "ms", "mx", "prof", "rev", "revd", "fr", "sr", "st", "cllr", "sgt"]

    /// A full stop followed by a space ends a sentence (`Leave. Overall`), unless it closes an
    /// initial (`J. Smith`) or a title (`Dr. Abernethy`): a label never spans two sentences.
    static func hasSentenceBreak(_ label: Bytes) -> Bool {
        var wordStart = label.startIndex
        for i in label.indices {
            if label[i] == 0x20 {
                wordStart = i + 1
                continue
            }
            guard label[i] == 0x2E, i + 1 < label.endIndex, label[i + 1] == 0x20 else { continue }
            let word = label[wordStart..<i]
            if word.count == 1 && ByteText.isASCIILetter(word[word.startIndex]) { continue }
            if titles.contains(ByteText.string(word).lowercased()) { continue }
            return true
        }
        return false
    }

    /// Lower-cased ASCII form used for stop-list look-ups, digits at the end removed for roles.
    static func folded(_ label: String) -> String {
        String(label.lowercased().drop(while: { $0 == "#" || $0 == "@" }))
    }

    static func isProse(_ label: String) -> Bool {
        let f = folded(label)
        if proseStopList.contains(f) { return true }
        if f.hasPrefix("http") || f.hasPrefix("www.") || containsDoubleSlash(f) { return true }
        return false
    }

    /// `//` anywhere (a URL), on bytes: `/` is ASCII, so no other character contains its byte.
    private static func containsDoubleSlash(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for b in s.utf8 {
            if b == 0x2F && previous == 0x2F { return true }
            previous = b
        }
        return false
    }

    static func isNonSpeech(_ label: String) -> Bool {
        let f = folded(label)
        if nonSpeechStopList.contains(f) { return true }
        // `[laughs]`, `[inaudible 00:12:34]`: editorial marks are written in lower case.
        if let first = f.utf8.first, let original = label.utf8.first, first == original, ByteText.isASCIILetter(first) {
            return true
        }
        return false
    }

    /// Whether a label used only once is still credible: a role, a code with a digit (`P07`), an
    /// abbreviation or initial in capitals (`GP`, `B`), or a multi-word capitalised name (`Practice Nurse`). A single
    /// capitalised word (`Absolutely:`, `Exactly:`) is more often prose than a speaker.
    static func isCredibleOneOff(_ label: String, quality: Quality) -> Bool {
        if isKnownRole(label) { return true }
        let bytes = Array(label.utf8)
        if bytes.contains(where: ByteText.isDigit) { return true }
        let letters = bytes.filter(ByteText.isASCIILetter)
        if !letters.isEmpty && letters.allSatisfy(ByteText.isUpper) { return true }
        return quality == .strict && bytes.contains(0x20)
    }

    static func isKnownRole(_ label: String) -> Bool {
        var f = folded(label)
        while let last = f.last, last.isNumber || last == " " || last == "-" || last == "_" { f.removeLast() }
        return knownRoles.contains(f)
    }
}
