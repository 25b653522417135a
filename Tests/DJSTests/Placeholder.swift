import Testing
@Test func placeholderDJSTests() {}
