import Testing
@Test func placeholderDevoSimTests() {}
