import Foundation

/// Charts drawn on the server as SVG: they print, need no script, and read the same in every browser.
enum SVGChart {
    struct Series {
        var name: String
        var colour: String
        var values: [Double]
    }

    /// A "nice" axis maximum and step (1, 2, 2.5 or 5 × 10ⁿ) above `value`.
    static func niceScale(_ value: Double, ticks: Int = 5) -> (max: Double, step: Double) {
        guard value > 0 else { return (1, 0.2) }
        let raw = value / Double(ticks)
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1, 2, 2.5, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        return (ceil(value / step) * step, step)
    }

    static func label(_ v: Double) -> String {
        if v >= 1_000_000 { return String(format: "%.1fM", v / 1_000_000).replacingOccurrences(of: ".0M", with: "M") }
        if v >= 1_000 { return String(format: "%.1fk", v / 1_000).replacingOccurrences(of: ".0k", with: "k") }
        return v == v.rounded() ? String(Int(v)) : String(format: "%.1f", v)
    }

    /// Vertical bars, stacked by series, one per category (e.g. release by method per year).
    static func stackedBars(
        id: String,
        title: String,
        unit: String,
        categories: [String],
        series: [Series],
        width: Int = 720,
        height: Int = 300
    ) -> String {
        let left = 56.0, right = 12.0, top = 44.0, bottom = 44.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        let totals = categories.indices.map { i in
            series.reduce(0) { $0 + ($1.values.indices.contains(i) ? $1.values[i] : 0) }
        }
        let (maxValue, step) = niceScale(totals.max() ?? 0)
        var svg = header(id: id, title: title, width: width, height: height)
        svg += grid(left: left, top: top, plotW: plotW, plotH: plotH, max: maxValue, step: step, unit: unit)
        let slot = plotW / Double(max(categories.count, 1))
        let barW = max(2, slot * 0.7)
        let labelEvery = max(1, Int((Double(categories.count) * 34 / plotW).rounded(.up)))
        for (i, category) in categories.enumerated() {
            var y = top + plotH
            let x = left + Double(i) * slot + (slot - barW) / 2
            for s in series {
                let v = s.values.indices.contains(i) ? s.values[i] : 0
                guard v > 0 else { continue }
                let h = v / maxValue * plotH
                y -= h
                svg +=
                    "<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(barW))\" height=\"\(f(h))\" fill=\"\(s.colour)\"><title>\(esc(category)) · \(esc(s.name)): \(label(v)) \(esc(unit))</title></rect>"
            }
            if i % labelEvery == 0 {
                svg +=
                    "<text x=\"\(f(x + barW / 2))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" class=\"tick\">\(esc(category))</text>"
            }
        }
        svg += legend(series.map { ($0.name, $0.colour) }, x: left, y: Double(height) - 10)
        return svg + "</svg>"
    }

    /// Horizontal bars, one per item, longest first (e.g. remaining area by region).
    static func horizontalBars(
        id: String,
        title: String,
        unit: String,
        items: [(label: String, value: Double)],
        colour: String = "#b5452f",
        width: Int = 720
    ) -> String {
        let rowH = 24.0, left = 120.0, right = 70.0, top = 28.0
        let height = Int(top + rowH * Double(max(items.count, 1)) + 12)
        let plotW = Double(width) - left - right
        let (maxValue, _) = niceScale(items.map(\.value).max() ?? 0)
        var svg = header(id: id, title: title, width: width, height: height)
        for (i, item) in items.enumerated() {
            let y = top + Double(i) * rowH
            let w = item.value / maxValue * plotW
            svg +=
                "<text x=\"\(f(left - 8))\" y=\"\(f(y + 16))\" text-anchor=\"end\" class=\"tick\">\(esc(item.label))</text>"
            svg +=
                "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(max(w, 0.5)))\" height=\"\(f(rowH - 8))\" fill=\"\(colour)\"><title>\(esc(item.label)): \(label(item.value)) \(esc(unit))</title></rect>"
            svg +=
                "<text x=\"\(f(left + w + 6))\" y=\"\(f(y + 16))\" class=\"value\">\(label(item.value)) \(esc(unit))</text>"
        }
        return svg + "</svg>"
    }

    /// A step line of a count over years (e.g. States Parties), with the points marked.
    static func line(
        id: String,
        title: String,
        unit: String,
        points: [(x: Int, y: Double)],
        colour: String = "#1f5f8b",
        width: Int = 720,
        height: Int = 280
    ) -> String {
        let left = 48.0, right = 16.0, top = 44.0, bottom = 36.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        var svg = header(id: id, title: title, width: width, height: height)
        guard let firstX = points.first?.x, let lastX = points.last?.x else { return svg + "</svg>" }
        let (maxValue, step) = niceScale(points.map(\.y).max() ?? 0)
        svg += grid(left: left, top: top, plotW: plotW, plotH: plotH, max: maxValue, step: step, unit: unit)
        let span = Double(max(lastX - firstX, 1))
        func px(_ x: Int) -> Double { left + Double(x - firstX) / span * plotW }
        func py(_ y: Double) -> Double { top + plotH - y / maxValue * plotH }
        let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(f(px(p.x))),\(f(py(p.y)))" }.joined(
            separator: " "
        )
        svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\"/>"
        let labelEvery = max(1, Int((Double(points.count) * 36 / plotW).rounded(.up)))
        for (i, p) in points.enumerated() {
            svg +=
                "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(colour)\"><title>\(p.x): \(label(p.y)) \(esc(unit))</title></circle>"
            // Every labelEvery-th year and the last, leaving out one that would crowd the last.
            let last = points.count - 1
            if i == last || (i % labelEvery == 0 && last - i >= max(1, labelEvery / 2 + 1)) {
                svg +=
                    "<text x=\"\(f(px(p.x)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" class=\"tick\">\(p.x)</text>"
            }
        }
        return svg + "</svg>"
    }

    /// Colours for series drawn side by side (scenarios), distinguishable in print.
    static let palette = ["#1f5f8b", "#b45309", "#15803d", "#7c3aed", "#be123c", "#0e7490", "#4d7c0f", "#a16207"]

    /// Several lines over the same years (one per scenario), each with its name in the legend; a year a series lacks
    /// holds its last value (a share that reached 100 % stays there).
    static func lines(
        id: String,
        title: String,
        unit: String,
        series: [(name: String, points: [(x: Int, y: Double)])],
        width: Int = 720,
        height: Int = 300
    ) -> String {
        let left = 48.0, right = 16.0, top = 56.0, bottom = 36.0
        let plotW = Double(width) - left - right, plotH = Double(height) - top - bottom
        var svg = header(id: id, title: title, width: width, height: height)
        let xs = series.flatMap { $0.points.map(\.x) }
        guard let firstX = xs.min(), let lastX = xs.max() else { return svg + "</svg>" }
        let (maxValue, step) = niceScale(series.flatMap { $0.points.map(\.y) }.max() ?? 0)
        svg += grid(left: left, top: top, plotW: plotW, plotH: plotH, max: maxValue, step: step, unit: unit)
        let span = Double(max(lastX - firstX, 1))
        func px(_ x: Int) -> Double { left + Double(x - firstX) / span * plotW }
        func py(_ y: Double) -> Double { top + plotH - y / maxValue * plotH }
        for (k, s) in series.enumerated() {
            let colour = palette[k % palette.count]
            var points = s.points
            if let last = points.last, last.x < lastX { points.append((lastX, last.y)) }
            let path = points.enumerated().map { i, p in "\(i == 0 ? "M" : "L")\(f(px(p.x))),\(f(py(p.y)))" }
                .joined(separator: " ")
            svg +=
                "<path d=\"\(path)\" fill=\"none\" stroke=\"\(colour)\" stroke-width=\"2\" class=\"series\" data-name=\"\(esc(s.name))\"><title>\(esc(s.name))</title></path>"
        }
        let labelEvery = max(1, Int((span * 36 / plotW).rounded(.up)))
        for x in stride(from: firstX, through: lastX, by: labelEvery) {
            svg +=
                "<text x=\"\(f(px(x)))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\" class=\"tick\">\(x)</text>"
        }
        svg += legend(
            series.enumerated().map { ($1.name, palette[$0 % palette.count]) },
            x: left,
            y: 38
        )
        return svg + "</svg>"
    }

    private static func header(id: String, title: String, width: Int, height: Int) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" id=\"\(esc(id))\" class=\"chart\" role=\"img\" aria-label=\"\(esc(title))\" viewBox=\"0 0 \(width) \(height)\" width=\"\(width)\" height=\"\(height)\"><title>\(esc(title))</title>"
            + "<text x=\"0\" y=\"16\" class=\"chart-title\">\(esc(title))</text>"
    }

    private static func grid(
        left: Double,
        top: Double,
        plotW: Double,
        plotH: Double,
        max: Double,
        step: Double,
        unit: String
    ) -> String {
        var svg = ""
        var v = 0.0
        while v <= max + step / 2 {
            let y = top + plotH - v / max * plotH
            svg += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" class=\"grid\"/>"
            svg += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\" class=\"tick\">\(label(v))</text>"
            v += step
        }
        svg += "<text x=\"\(f(left - 6))\" y=\"\(f(top - 12))\" text-anchor=\"end\" class=\"tick\">\(esc(unit))</text>"
        return svg
    }

    private static func legend(_ items: [(String, String)], x: Double, y: Double) -> String {
        var svg = ""
        var cx = x
        for (name, colour) in items {
            svg += "<rect x=\"\(f(cx))\" y=\"\(f(y - 9))\" width=\"10\" height=\"10\" fill=\"\(colour)\"/>"
            svg += "<text x=\"\(f(cx + 14))\" y=\"\(f(y))\" class=\"tick\">\(esc(name))</text>"
            cx += 24 + Double(name.count) * 7
        }
        return svg
    }

    private static func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
