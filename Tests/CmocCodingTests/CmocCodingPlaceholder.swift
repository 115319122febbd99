import Testing
@testable import CmocCoding
