import QRAnalytics

/// The numbers the site shows: 90 days of series and breakdowns, and the last 30 days
/// against the 30 before for the cards (`long.recent`).
public struct SiteNumbers: Sendable {
    public let long: AnalyticsWindow

    /// Days of the series and breakdowns, and of the cards.
    public static let longDays = 90
    public static let shortDays = 30

    /// The numbers of `ids` from `store`, up to the last day it counted; nil when it has
    /// counted nothing yet.
    public static func load(from store: AnalyticsStore, ids: [String]) throws(StoreError) -> SiteNumbers? {
        guard let lastDay = try store.lastDayCounted() else { return nil }
        return SiteNumbers(long: try store.window(ids: ids, days: longDays, lastDay: lastDay, recentDays: shortDays))
    }
}
