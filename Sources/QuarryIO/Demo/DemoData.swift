import QuarryBase
import QuarryEngine

/// The demo tables: a synthetic `layoffs` table shaped like the Layoffs.fyi export (same columns
/// and formats, with its traps: US dates, quoted commas, blank cells, counts written `93.0`) and
/// a small `countries` table for joins. Every value is made up by a seeded generator, so the
/// demo is the same on every machine and needs no file; `Samples/` holds the same text.
public enum DemoData {
    public static let seed: UInt64 = 2026
    public static let layoffsRows = 2_000

    /// Adds the demo tables to a catalog.
    public static func install(into catalog: inout Catalog) {
        for (name, text) in [("layoffs", layoffsCSV()), ("countries", countriesCSV())] {
            var bytes = Array(text.utf8)
            let table = bytes.withUnsafeMutableBufferPointer { buffer in
                try? DataLoader.parse(UnsafeBufferPointer(buffer), path: "demo \(name).csv").table
            }
            if let table { catalog.add(name, table) }
        }
    }

    static let countries: [(name: String, region: String, population: Int, cities: [String])] = [
        (
            "United States", "Americas", 340_110_988,
            ["SF Bay Area", "Seattle", "New York City", "Boston", "Austin", "Chicago", "Los Angeles", "Denver"]
        ),
        ("India", "Asia", 1_450_935_791, ["Bengaluru", "Mumbai", "Gurugram"]),
        ("Germany", "Europe", 83_516_593, ["Berlin", "Munich", "Düsseldorf"]),
        ("United Kingdom", "Europe", 69_226_000, ["London", "Manchester"]),
        ("Canada", "Americas", 41_288_599, ["Toronto", "Vancouver"]),
        ("Brazil", "Americas", 211_998_573, ["São Paulo", "Florianópolis"]),
        ("Israel", "Asia", 9_974_400, ["Tel Aviv"]),
        ("Sweden", "Europe", 10_569_709, ["Stockholm", "Malmö"]),
        ("Singapore", "Asia", 6_036_860, ["Singapore"]),
        ("Australia", "Oceania", 27_204_809, ["Sydney", "Melbourne"]),
        ("Nigeria", "Africa", 232_679_478, ["Lagos"]),
        ("Poland", "Europe", 36_559_233, ["Wrocław"]),
    ]
    static let industries = [
        "Retail", "Finance", "Healthcare", "Transportation", "Consumer", "Food", "Real Estate",
        "Marketing", "Education", "Crypto", "Media", "Security", "Travel", "HR", "Other",
    ]
    static let stages = [
        "Seed", "Series A", "Series B", "Series C", "Series D", "Series E", "Post-IPO", "Acquired",
        "Private Equity", "Unknown",
    ]
    static let firstParts = [
        "Bright", "Nimbus", "Quill", "Harbor", "Lumen", "Vector", "Maple", "Orbit", "Cobalt", "Juniper",
        "Pixel", "Atlas", "Ember", "Falcon", "Granite", "Willow", "Zephyr", "Kite", "Beacon", "Summit",
    ]
    static let secondParts = ["loop", "ly", "stack", "works", "hub", "io", "base", " Labs", " Health", "pay", "ship", "mart"]

    /// The demo `layoffs` table as CSV text, newest first, like the export.
    public static func layoffsCSV() -> String {
        var random = SplitMix64(seed: seed)
        var companies: [(name: String, country: Int, city: String, industry: String, stage: String, funds: String)] = []
        for i in 0..<420 {
            var name = firstParts[random.below(firstParts.count)] + secondParts[random.below(secondParts.count)]
            if i % 97 == 5 { name += " " }  // a trailing space, as in the export
            if i % 131 == 7 { name = name.uppercased() }
            if i == 11 { name = "404" }  // looks numeric, stays text
            if i == 12 { name = "Café Ualá" }
            let country = random.below(10) < 6 ? 0 : 1 + random.below(countries.count - 1)
            let cities = countries[country].cities
            let city = cities[random.below(cities.count)]
            let funds: String
            switch random.below(10) {
            case 0: funds = ""
            case 1: funds = "\(random.below(900)).\(1 + random.below(9))"
            default: funds = String(5 + random.below(4000))
            }
            companies.append(
                (name, country, city, industries[random.below(industries.count)], stages[random.below(stages.count)], funds))
        }
        let start = CivilDate.days(year: 2020, month: 3, day: 11)!
        let end = CivilDate.days(year: 2026, month: 7, day: 23)!
        var rows: [(date: Int32, line: String)] = []
        for _ in 0..<layoffsRows {
            let company = companies[random.below(companies.count)]
            // Layoffs bunch up in 2022-2023, as in the real data.
            var date = start + Int32(random.below(Int(end - start) + 1))
            if random.below(3) == 0 { date = CivilDate.days(year: 2022, month: 6, day: 1)! + Int32(random.below(540)) }
            let laidOff = random.below(3) == 0 ? "" : "\(10 * (1 + random.below(random.below(40) == 0 ? 1500 : 60))).0"
            let percentage: String
            switch random.below(8) {
            case 0, 1, 2: percentage = ""
            case 3: percentage = "1.0"
            default:
                let hundredths = 1 + random.below(45)
                percentage =
                    hundredths % 10 == 0 ? "0.\(hundredths / 10)" : hundredths < 10 ? "0.0\(hundredths)" : "0.\(hundredths)"
            }
            let country = countries[company.country].name
            let location = company.country == 0 ? company.city : "\"\(company.city), Non-U.S.\""
            let slug = company.name.lowercased().filter { $0.isLetter || $0.isNumber }
            let (y, m, d) = CivilDate.civil(date)
            let source = random.below(12) == 0 ? "Internal memo" : "https://news.example.com/\(y)/\(m)/\(d)/\(slug)-layoffs"
            let stage = random.below(150) == 0 ? "" : company.stage
            let industry = random.below(400) == 0 ? "" : company.industry
            let added = date + Int32(random.below(6)) - (random.below(60) == 0 ? 9 : 0)  // sometimes revised later
            let line = [
                quoteIfNeeded(company.name), location, laidOff, usDate(date), percentage, industry, source, stage,
                company.funds, country, usDate(added),
            ].joined(separator: ",")
            rows.append((date, line))
        }
        rows.sort { $0.date > $1.date }
        let header =
            "company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added\n"
        return header + rows.map { $0.line + "\n" }.joined()
    }

    /// The demo `countries` table: country, region, population.
    public static func countriesCSV() -> String {
        "country,region,population\n" + countries.map { "\($0.name),\($0.region),\($0.population)\n" }.joined()
    }

    static func usDate(_ days: Int32) -> String {
        let (y, m, d) = CivilDate.civil(days)
        return "\(m)/\(d)/\(y)"
    }

    static func quoteIfNeeded(_ s: String) -> String {
        s.contains(",") || s.contains("\"") ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
}
