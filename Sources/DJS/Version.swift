public enum DJSLanguage { public static let version = "0.1.0" }
