import CLinux

/// What kind of client a scan came from: device class, operating system family and
/// browser family, each a small index into a fixed list, so they pack into count keys.
/// Names follow ua-parser's families where they agree (see `UserAgentFamilies`).
struct ClientFamilies: Hashable, Sendable {
    enum Device: UInt8, CaseIterable, Sendable {
        case phone, tablet, desktop

        var name: String {
            switch self {
            case .phone: "phone"
            case .tablet: "tablet"
            case .desktop: "desktop"
            }
        }
    }

    var device: Device
    /// An index into `UserAgentFamilies.systems`.
    var system: UInt8
    /// An index into `UserAgentFamilies.browsers`.
    var browser: UInt8

    var systemName: String { UserAgentFamilies.systems[Int(system)] }
    var browserName: String { UserAgentFamilies.browsers[Int(browser)] }

    /// The three in one small integer (device, then system, then browser), for keys.
    var packed: UInt16 { UInt16(device.rawValue) << 12 | UInt16(system) << 7 | UInt16(browser) }

    init(device: Device, system: UInt8, browser: UInt8) {
        self.device = device
        self.system = system
        self.browser = browser
    }

    init?(packed: UInt16) {
        guard let device = Device(rawValue: UInt8(packed >> 12)), Int(packed >> 7 & 0x1F) < UserAgentFamilies.systems.count,
              Int(packed & 0x7F) < UserAgentFamilies.browsers.count else { return nil }
        self.init(device: device, system: UInt8(packed >> 7 & 0x1F), browser: UInt8(packed & 0x7F))
    }
}
