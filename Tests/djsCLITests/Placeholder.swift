import Testing
@Test func placeholderdjsCLITests() {}
