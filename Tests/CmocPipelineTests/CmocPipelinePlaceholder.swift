import Testing
@testable import CmocPipeline
