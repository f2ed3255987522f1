// swift-tools-version:6.0
import Foundation
import PackageDescription

// On x86-64, release builds assume x86-64-v2 (SSE4.2 and POPCNT: every x86-64 processor
// since 2009; "nehalem" is the name this Swift's LLVM knows it by). Choosing a mask counts
// the bits of every row and column eight times over, and without POPCNT each count is a
// dozen instructions (measured: PNG rendering 6% faster, a 10,000-code build 4% faster).
// The command line itself is built without it, so that on an older processor (or an
// emulator that lacks these instructions) it says what to do instead of dying on an
// illegal instruction: build with QRBUILD_PORTABLE=1 set.
let portable = ProcessInfo.processInfo.environment["QRBUILD_PORTABLE"] != nil
#if arch(x86_64)
let targetsX86_64V2 = !portable
#else
let targetsX86_64V2 = false
#endif
let releaseSettings: [SwiftSetting] = targetsX86_64V2
    ? [.unsafeFlags(["-target-cpu", "nehalem"], .when(configuration: .release))] : []
let commandLineSettings: [SwiftSetting] = targetsX86_64V2
    ? [.define("QRBUILD_X86_64_V2", .when(configuration: .release))] : []

let package = Package(
    name: "qrbuild",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qrbuild", targets: ["qrbuild"]),
        .library(name: "QRCore", targets: ["QRCore"]),
        .library(name: "QRRender", targets: ["QRRender"]),
        .library(name: "QRPayload", targets: ["QRPayload"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.0.0"),
    ],
    targets: [
        // The ISO/IEC 18004 encoder. Pure Swift: no Foundation, no C.
        .target(name: "QRCore", swiftSettings: releaseSettings),
        // zlib behind a module map; shim.h wraps the macros Swift cannot import.
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        // A value behind a POSIX mutex, which ThreadSanitizer can follow (see Locked.swift).
        .target(name: "QRLock", swiftSettings: releaseSettings),
        .target(name: "QRRender", dependencies: ["QRCore", "CZlib", "QRLock"], swiftSettings: releaseSettings),
        // The eight data types -> exact payload strings, with each format's escaping.
        .target(name: "QRPayload", swiftSettings: releaseSettings),
        // libarchive behind a module map, for deterministic zip archives.
        .systemLibrary(
            name: "CArchive",
            pkgConfig: "libarchive",
            providers: [.apt(["libarchive-dev"])]
        ),
        // Linux calls Swift's Glibc module leaves out (renameat2, memrchr), behind inline wrappers.
        .systemLibrary(name: "CLinux"),
        .target(
            name: "QRBuildKit",
            dependencies: [
                "QRCore", "QRRender", "QRPayload", "QRStyle", "QRVerify", "QRLock", "CArchive", "CLinux",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            swiftSettings: releaseSettings
        ),
        // cairo: anti-aliased vector drawing to PNG, PDF and EPS, for styled codes.
        .systemLibrary(
            name: "CCairo",
            pkgConfig: "cairo",
            providers: [.apt(["libcairo2-dev"])]
        ),
        // librsvg reads SVG logos; gdk-pixbuf (which it brings) decodes PNG logos.
        .systemLibrary(
            name: "CRsvg",
            pkgConfig: "librsvg-2.0",
            providers: [.apt(["librsvg2-dev", "libgdk-pixbuf-2.0-dev", "libglib2.0-dev"])]
        ),
        // libjpeg-turbo decodes JPEG logos from memory (gdk-pixbuf's loader can hang on them).
        .systemLibrary(
            name: "CJpeg",
            pkgConfig: "libjpeg",
            providers: [.apt(["libjpeg-dev"])]
        ),
        // pango with fontconfig shapes frame text in any script.
        .systemLibrary(
            name: "CPango",
            pkgConfig: "pangocairo",
            providers: [.apt(["libpango1.0-dev", "libglib2.0-dev"])]
        ),
        // libzbar decodes styled images back, for --verify.
        .systemLibrary(
            name: "CZbar",
            pkgConfig: "zbar",
            providers: [.apt(["libzbar-dev"])]
        ),
        // Styled codes: module and finder shapes, gradients, logos, frames; PNG, PDF, EPS, SVG.
        .target(name: "QRStyle", dependencies: ["QRCore", "QRRender", "QRLock", "CCairo", "CRsvg", "CJpeg", "CPango", "CLinux"], swiftSettings: releaseSettings),
        // Reading images back with libzbar: proof that a styled code scans.
        .target(name: "QRVerify", dependencies: ["CZbar"], swiftSettings: releaseSettings),
        // libmaxminddb behind a module map; shim.h wraps its variadic lookup.
        .systemLibrary(
            name: "CMaxMindDB",
            pkgConfig: "libmaxminddb",
            providers: [.apt(["libmaxminddb-dev"])]
        ),
        // Scans from access logs: parsing, bot filtering, GeoIP, the SQLite store.
        .target(
            name: "QRAnalytics",
            dependencies: [
                "QRBuildKit", "QRPayload", "QRLock", "CArchive", "CMaxMindDB", "CLinux",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: releaseSettings
        ),
        // The static site: gallery, code and tag pages, dashboards with SVG charts, data files.
        .target(
            name: "QRSite",
            dependencies: ["QRBuildKit", "QRAnalytics", "CLinux", .product(name: "Mustache", package: "swift-mustache")],
            swiftSettings: releaseSettings
        ),
        // `qrbuild serve`: the hosted API (Bearer keys, every endpoint of the reference) on hummingbird.
        .target(
            name: "QRServe",
            dependencies: [
                "QRBuildKit", "QRAnalytics", "QRPayload", "QRLock", "CZlib",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            swiftSettings: releaseSettings
        ),
        // `qrbuild doctor`: what a deployment needs, checked.
        .target(name: "QRDoctor", dependencies: ["QRBuildKit", "QRAnalytics"], swiftSettings: releaseSettings),
        .executableTarget(
            name: "qrbuild",
            dependencies: [
                "QRBuildKit", "QRAnalytics", "QRDoctor", "QRSite", "QRServe", "QRLock", "CLinux",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: commandLineSettings
        ),
        // `make bench`: throughput of QRCore and QRRender on the workload.
        .executableTarget(name: "qrbuild-bench", dependencies: ["QRCore", "QRRender"], swiftSettings: releaseSettings),
        .testTarget(name: "QRCoreTests", dependencies: ["QRCore"]),
        .testTarget(name: "QRRenderTests", dependencies: ["QRRender", "QRCore", "CZlib"]),
        .testTarget(name: "QRPayloadTests", dependencies: ["QRPayload"]),
        .testTarget(name: "QRStyleTests", dependencies: ["QRStyle", "QRCore", "QRRender"]),
        .testTarget(name: "QRBuildKitTests", dependencies: ["QRBuildKit", "QRRender", "QRCore", "QRPayload"]),
        .testTarget(name: "QRAnalyticsTests", dependencies: ["QRAnalytics", "QRBuildKit"]),
        .testTarget(name: "QRServeTests", dependencies: [
            "QRServe", "QRBuildKit",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
        ]),
    ],
    swiftLanguageModes: [.v6]
)

// libFuzzer targets (Fuzz/<name>/<name>.swift), declared only for scripts/fuzz.sh, which
// sets QRBUILD_FUZZ and builds them with -sanitize=fuzzer,address in .build/fuzz. The
// normal build never sees them.
if ProcessInfo.processInfo.environment["QRBUILD_FUZZ"] != nil {
    let fuzzers: [(name: String, dependencies: [Target.Dependency])] = [
        ("FuzzManifest", ["QRBuildKit"]),
        ("FuzzCSV", ["QRBuildKit"]),
        ("FuzzLogLine", ["QRAnalytics"]),
        ("FuzzURL", ["QRPayload"]),
        ("FuzzPayload", ["QRBuildKit", "QRPayload", "QRCore", "QRVerify"]),
        ("FuzzGeoIP", ["QRAnalytics"]),
        ("FuzzLogo", ["QRStyle", "CCairo"]),
        ("FuzzRequest", ["QRServe", "QRBuildKit", "QRPayload", .product(name: "Hummingbird", package: "hummingbird"),
                         .product(name: "HummingbirdCore", package: "hummingbird")]),
    ]
    for fuzzer in fuzzers {
        package.targets.append(.executableTarget(name: fuzzer.name, dependencies: fuzzer.dependencies, path: "Fuzz/\(fuzzer.name)"))
    }
}
