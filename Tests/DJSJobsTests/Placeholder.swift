import Testing
@Test func placeholderJobs() {}
