import ArgumentParser

struct ExplainCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "explain", abstract: "(under construction)")
    func run() async throws { throw ValidationError("'explain' is not built yet") }
}
