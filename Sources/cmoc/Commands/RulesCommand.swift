import ArgumentParser

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "rules", abstract: "(under construction)")
    func run() async throws { throw ValidationError("'rules' is not built yet") }
}
