import Testing
@testable import CmocPseudonymise
