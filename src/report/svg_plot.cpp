// Line plots (ROC, PR, training curves), per-base tracks and tables for the report.
#include <algorithm>
#include <cmath>
#include <sstream>

#include "motiftok/report/html.hpp"
#include "motiftok/report/svg.hpp"

namespace motiftok::report {
namespace {

// Plot frame: the drawing area inside margins for ticks, labels and the legend.
constexpr double kWidth = 360.0, kHeight = 300.0;
constexpr double kLeft = 48.0, kRight = 12.0, kTop = 26.0, kBottom = 40.0;

struct Frame {
    const Plot& plot;
    double x(double v) const {
        const double t =
            (std::clamp(v, plot.x_min, plot.x_max) - plot.x_min) / (plot.x_max - plot.x_min);
        return kLeft + t * (kWidth - kLeft - kRight);
    }
    double y(double v) const {
        const double t =
            (std::clamp(v, plot.y_min, plot.y_max) - plot.y_min) / (plot.y_max - plot.y_min);
        return kHeight - kBottom - t * (kHeight - kTop - kBottom);
    }
};

std::string points_attr(const Frame& f, const std::vector<CurvePoint>& points) {
    std::string s;
    for (const auto& p : points) {
        if (!std::isfinite(p.x) || !std::isfinite(p.y)) continue;
        if (!s.empty()) s += ' ';
        s += coord(f.x(p.x)) + "," + coord(f.y(p.y));
    }
    return s;
}

void draw_axes(std::ostringstream& out, const Frame& f) {
    const Plot& p = f.plot;
    out << "<rect class=\"frame\" x=\"" << coord(kLeft) << "\" y=\"" << coord(kTop) << "\" width=\""
        << coord(kWidth - kLeft - kRight) << "\" height=\"" << coord(kHeight - kTop - kBottom)
        << "\"/>";
    for (int k = 0; k <= 4; ++k) {
        const double vx = p.x_min + (p.x_max - p.x_min) * k / 4.0;
        const double vy = p.y_min + (p.y_max - p.y_min) * k / 4.0;
        out << "<text class=\"tick\" x=\"" << coord(f.x(vx)) << "\" y=\""
            << coord(kHeight - kBottom + 14) << "\" text-anchor=\"middle\">" << format_number(vx, 3)
            << "</text>";
        out << "<text class=\"tick\" x=\"" << coord(kLeft - 4) << "\" y=\"" << coord(f.y(vy) + 4)
            << "\" text-anchor=\"end\">" << format_number(vy, 3) << "</text>";
    }
    out << "<text class=\"label\" x=\"" << coord((kLeft + kWidth - kRight) / 2) << "\" y=\""
        << coord(kHeight - 6) << "\" text-anchor=\"middle\">" << escape_html(p.x_label)
        << "</text>";
    out << "<text class=\"label\" transform=\"translate(12 "
        << coord((kTop + kHeight - kBottom) / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
        << escape_html(p.y_label) << "</text>";
    out << "<text class=\"title\" x=\"" << coord(kLeft) << "\" y=\"16\">" << escape_html(p.title)
        << "</text>";
}

}  // namespace

std::string svg_curve(const Plot& plot) {
    const Frame f{plot};
    std::ostringstream out;
    out << "<svg class=\"curve\" id=\"" << escape_html(plot.id) << "\" width=\"" << kWidth
        << "\" height=\"" << kHeight << "\" viewBox=\"0 0 " << kWidth << ' ' << kHeight
        << "\" role=\"img\"><title>" << escape_html(plot.title) << "</title>";
    draw_axes(out, f);
    if (plot.diagonal) {
        out << "<line class=\"diagonal\" x1=\"" << coord(f.x(plot.x_min)) << "\" y1=\""
            << coord(f.y(plot.y_min)) << "\" x2=\"" << coord(f.x(plot.x_max)) << "\" y2=\""
            << coord(f.y(plot.y_max)) << "\"/>";
    }
    for (std::size_t s = 0; s < plot.series.size(); ++s) {
        const Series& line = plot.series[s];
        out << "<polyline class=\"series\" data-name=\"" << escape_html(line.name)
            << "\" fill=\"none\" stroke=\"" << escape_html(line.color) << "\""
            << (line.dashed ? " stroke-dasharray=\"5 3\"" : "") << " points=\""
            << points_attr(f, line.points) << "\"><title>" << escape_html(line.name)
            << "</title></polyline>";
        const double rows = static_cast<double>(plot.series.size());
        const double ly =
            (plot.legend == Legend::top_right ? kTop + 14.0 : kHeight - kBottom - 14.0 * rows) +
            14.0 * static_cast<double>(s);
        const double lx =
            plot.legend == Legend::bottom_left ? kLeft + 8.0 : kWidth - kRight - 150.0;
        out << "<line class=\"legend-key\" x1=\"" << coord(lx) << "\" x2=\"" << coord(lx + 18)
            << "\" y1=\"" << coord(ly - 4) << "\" y2=\"" << coord(ly - 4) << "\" stroke=\""
            << escape_html(line.color) << "\"" << (line.dashed ? " stroke-dasharray=\"5 3\"" : "")
            << "/><text class=\"legend\" x=\"" << coord(lx + 22) << "\" y=\"" << coord(ly) << "\">"
            << escape_html(line.name) << "</text>";
    }
    out << "</svg>";
    return out.str();
}

std::string svg_track(const Track& track) {
    const std::size_t n = track.sequence.size();
    const double step =
        std::clamp(900.0 / std::max<double>(1.0, static_cast<double>(n)), 2.0, 12.0);
    const double left = 70.0, bar = 50.0;  // pixels for the labels, per half track
    const double width = left + step * static_cast<double>(n) + 10.0;
    const double att_base = 22.0 + bar, delta_mid = att_base + 12.0 + bar;
    const double seq_y = delta_mid + bar + 14.0;
    const double height = seq_y + 10.0 + (track.highlights.empty() ? 0.0 : 18.0);
    double max_att = 0.0, max_delta = 0.0;
    for (const double a : track.attention) max_att = std::max(max_att, a);
    for (const double d : track.delta) {
        if (std::isfinite(d)) max_delta = std::max(max_delta, std::fabs(d));
    }
    std::ostringstream out;
    out << "<svg class=\"track\" width=\"" << coord(width) << "\" height=\"" << coord(height)
        << "\" viewBox=\"0 0 " << coord(width) << ' ' << coord(height) << "\" role=\"img\">"
        << "<title>" << escape_html(track.title) << "</title>";
    out << "<text class=\"title\" x=\"0\" y=\"14\">" << escape_html(track.title) << "</text>";
    out << "<text class=\"label\" x=\"0\" y=\"" << coord(att_base - bar / 2)
        << "\">attention</text><text class=\"label\" x=\"0\" y=\"" << coord(delta_mid + 4)
        << "\">ablation Δp</text>";
    out << "<text class=\"tick\" x=\"0\" y=\"" << coord(att_base - bar / 2 + 12) << "\">max "
        << format_number(max_att, 2) << "</text><text class=\"tick\" x=\"0\" y=\""
        << coord(delta_mid + 16) << "\">±" << format_number(max_delta, 2) << "</text>";
    out << "<g class=\"attention\">";
    for (std::size_t i = 0; i < n && i < track.attention.size(); ++i) {
        const double h = max_att > 0.0 ? track.attention[i] / max_att * bar : 0.0;
        out << "<rect x=\"" << coord(left + step * static_cast<double>(i)) << "\" y=\""
            << coord(att_base - h) << "\" width=\"" << coord(step * 0.9) << "\" height=\""
            << coord(h) << "\"/>";
    }
    out << "</g><g class=\"delta\">";
    for (std::size_t i = 0; i < n && i < track.delta.size(); ++i) {
        const double d = std::isfinite(track.delta[i]) ? track.delta[i] : 0.0;
        const double h = max_delta > 0.0 ? std::fabs(d) / max_delta * bar : 0.0;
        out << "<rect class=\"" << (d >= 0.0 ? "up" : "down") << "\" x=\""
            << coord(left + step * static_cast<double>(i)) << "\" y=\""
            << coord(d >= 0.0 ? delta_mid - h : delta_mid) << "\" width=\"" << coord(step * 0.9)
            << "\" height=\"" << coord(h) << "\"/>";
    }
    out << "</g><line class=\"axis\" x1=\"" << coord(left) << "\" x2=\""
        << coord(left + step * static_cast<double>(n)) << "\" y1=\"" << coord(delta_mid)
        << "\" y2=\"" << coord(delta_mid) << "\"/>";
    if (step >= 6.0) {  // bases only where they fit
        out << "<g class=\"bases\">";
        for (std::size_t i = 0; i < n; ++i) {
            const std::string base = escape_html(std::string(1, track.sequence[i]));
            out << "<text class=\"base base-" << base << "\" x=\""
                << coord(left + step * (static_cast<double>(i) + 0.45)) << "\" y=\"" << coord(seq_y)
                << "\" text-anchor=\"middle\">" << base << "</text>";
        }
        out << "</g>";
    }
    for (const auto& s : track.highlights) {
        const double x0 = left + step * static_cast<double>(s.start);
        const double x1 = left + step * static_cast<double>(s.end);
        out << "<g class=\"highlight\"><line x1=\"" << coord(x0) << "\" x2=\"" << coord(x1)
            << "\" y1=\"" << coord(seq_y + 5) << "\" y2=\"" << coord(seq_y + 5)
            << "\"/><text class=\"tick\" x=\"" << coord(x0) << "\" y=\"" << coord(seq_y + 17)
            << "\">" << escape_html(s.label) << "</text></g>";
    }
    out << "</svg>";
    return out.str();
}

std::string html_table(const Table& table) {
    auto numeric = [&table](std::size_t c) { return c < table.numeric.size() && table.numeric[c]; };
    std::ostringstream out;
    out << "<table class=\"table\""
        << (table.id.empty() ? "" : " id=\"" + escape_html(table.id) + "\"") << "><thead><tr>";
    for (std::size_t c = 0; c < table.header.size(); ++c) {
        out << "<th" << (numeric(c) ? " class=\"num\"" : "") << ">" << escape_html(table.header[c])
            << "</th>";
    }
    out << "</tr></thead><tbody>";
    for (const auto& row : table.rows) {
        out << "<tr>";
        for (std::size_t c = 0; c < row.size(); ++c) {
            out << "<td" << (numeric(c) ? " class=\"num\"" : "") << ">" << escape_html(row[c])
                << "</td>";
        }
        out << "</tr>";
    }
    out << "</tbody></table>";
    return out.str();
}

}  // namespace motiftok::report
