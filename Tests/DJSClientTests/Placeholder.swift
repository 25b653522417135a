import Testing
@Test func placeholderDJSClientTests() {}
