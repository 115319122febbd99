import ArgumentParser

struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "(under construction)")
    func run() async throws { throw ValidationError("'run' is not built yet") }
}
