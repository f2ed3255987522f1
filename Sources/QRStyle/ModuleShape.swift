/// How the dark data modules are drawn: each as a vector path in module units.
public enum ModuleShape: String, CaseIterable, Sendable {
    case square, dots, rounded
    case extraRounded = "extra-rounded"
    case classy, diamond
    case verticalBars = "vertical-bars"
    case horizontalBars = "horizontal-bars"
}

/// The dark neighbours of a module, which shapes that join (rounded, classy, bars) look at.
struct Neighbours: Sendable {
    let up, down, left, right: Bool
}
