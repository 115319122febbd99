import ArgumentParser

struct PseudonymiseCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "pseudonymise", abstract: "(under construction)")
    func run() async throws { throw ValidationError("'pseudonymise' is not built yet") }
}
