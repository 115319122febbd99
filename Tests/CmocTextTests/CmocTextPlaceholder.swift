import Testing
@testable import CmocText
