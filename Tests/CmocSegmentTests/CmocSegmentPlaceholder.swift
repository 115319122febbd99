import Testing
@testable import CmocSegment
