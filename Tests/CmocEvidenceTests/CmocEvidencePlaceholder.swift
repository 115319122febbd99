import Testing
@testable import CmocEvidence
