import ArgumentParser

struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "code", abstract: "(under construction)")
    func run() async throws { throw ValidationError("'code' is not built yet") }
}
