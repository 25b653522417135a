// The local Devo job API simulator (issue 4).
public enum DevoSimModule {}
