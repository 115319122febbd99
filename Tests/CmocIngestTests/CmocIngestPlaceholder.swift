import Testing
@testable import CmocIngest
