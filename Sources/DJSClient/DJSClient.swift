// The signed Devo Query API v2 client (issue 3).
public enum DJSClientModule {}
