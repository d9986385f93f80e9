/// Facts about this build of Quarry.
public enum Quarry {
    public static let version = "0.1.0"
}
