enum DJSVersion {
    static let text = "djs 0.1.0"
}
