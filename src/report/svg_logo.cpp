// Sequence logos as inline SVG. Letters are paths in a 100 × 100 box scaled to their height, so
// the drawing needs no font and a letter's height is exact.
#include <algorithm>
#include <sstream>

#include "motiftok/report/html.hpp"
#include "motiftok/report/svg.hpp"

namespace motiftok::report {
namespace {

constexpr const char* kBases = "ACGT";
constexpr const char* kColors[4] = {"#109648", "#255c99", "#f7b32b", "#d62839"};
constexpr double kCaption = 16.0;  // pixels under the letters for the caption

// Outline of a letter in a 100 × 100 box (y down), drawn with fill-rule evenodd.
const char* letter_path(std::size_t base) {
    switch (base) {
        case 0:  // A: a triangle with a crossbar and a hole
            return "M0 100L38 0H62L100 100H78L69 76H31L22 100ZM38 57H62L50 24Z";
        case 1:  // C: a ring open to the right
            return "M88 22A48 50 0 1 0 88 78L70 66A26 30 0 1 1 70 34Z";
        case 2:  // G: the C with a bar into the middle
            return "M88 22A48 50 0 1 0 96 60V48H54V64H73A26 30 0 1 1 70 34Z";
        default:  // T
            return "M0 0H100V20H61V100H39V20H0Z";
    }
}

// The letters of column `col` stacked from the baseline `base_y` up, smallest at the bottom.
void draw_column(std::ostringstream& out, const std::array<double, 4>& row, double x,
                 double base_y) {
    const auto heights = letter_heights(row);
    std::array<std::size_t, 4> order{0, 1, 2, 3};
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return heights[a] < heights[b]; });
    out << "<g class=\"column\">";
    double y = base_y;
    for (const auto b : order) {
        const double h = heights[b] * kLogoHeight / 2.0;
        if (h <= 0.0) continue;
        y -= h;
        out << "<path class=\"letter\" data-base=\"" << kBases[b] << "\" data-bits=\""
            << format_number(heights[b], 6) << "\" fill=\"" << kColors[b]
            << "\" fill-rule=\"evenodd\" transform=\"translate(" << coord(x + 1) << ' ' << coord(y)
            << ") scale(" << coord((kLogoColumn - 2) / 100.0) << ' ' << format_number(h / 100.0, 6)
            << ")\" d=\"" << letter_path(b) << "\"/>";
    }
    out << "</g>";
}

// One logo row: columns from x0, baseline at base_y, the caption under it.
void draw_logo(std::ostringstream& out, const Pwm& pwm, const std::string& label, double x0,
               double base_y) {
    for (std::size_t c = 0; c < pwm.size(); ++c) {
        draw_column(out, pwm[c], x0 + static_cast<double>(c) * kLogoColumn, base_y);
    }
    out << "<line class=\"axis\" x1=\"" << coord(x0) << "\" x2=\""
        << coord(x0 + static_cast<double>(pwm.size()) * kLogoColumn) << "\" y1=\"" << coord(base_y)
        << "\" y2=\"" << coord(base_y) << "\"/>";
    out << "<text class=\"caption\" x=\"" << coord(x0) << "\" y=\"" << coord(base_y + 12) << "\">"
        << escape_html(label) << "</text>";
}

std::string open_svg(double width, double height, const std::string& cls) {
    std::ostringstream out;
    out << "<svg class=\"" << cls << "\" width=\"" << coord(width) << "\" height=\""
        << coord(height) << "\" viewBox=\"0 0 " << coord(width) << ' ' << coord(height)
        << "\" role=\"img\">";
    return out.str();
}

double caption_width(const std::string& label) {
    return 7.0 * static_cast<double>(label.size());  // ~7 px per character at 11 px
}

}  // namespace

std::string svg_logo(const Pwm& pwm, const std::string& label) {
    const double width =
        std::max(static_cast<double>(pwm.size()) * kLogoColumn, caption_width(label)) + 4.0;
    std::ostringstream out;
    out << open_svg(width, kLogoHeight + kCaption + 4.0, "logo");
    out << "<title>" << escape_html(label) << "</title>";
    draw_logo(out, pwm, label, 2.0, kLogoHeight + 2.0);
    out << "</svg>";
    return out.str();
}

std::string svg_logo_pair(const Pwm& top, const std::string& top_label, const Pwm& bottom,
                          const std::string& bottom_label, int offset) {
    const long first = std::min(0L, static_cast<long>(offset));
    const long last = std::max(static_cast<long>(top.size()),
                               static_cast<long>(offset) + static_cast<long>(bottom.size()));
    const double cols = static_cast<double>(last - first);
    const double width =
        std::max({cols * kLogoColumn, caption_width(top_label), caption_width(bottom_label)}) + 4;
    const double row = kLogoHeight + kCaption + 4.0;
    const double x_top = 2.0 + static_cast<double>(-first) * kLogoColumn;
    const double x_bottom = 2.0 + static_cast<double>(offset - first) * kLogoColumn;
    std::ostringstream out;
    out << open_svg(width, 2.0 * row, "logo logo-pair");
    out << "<title>" << escape_html(bottom_label + " / " + top_label) << "</title>";
    draw_logo(out, top, top_label, x_top, kLogoHeight + 2.0);
    draw_logo(out, bottom, bottom_label, x_bottom, row + kLogoHeight + 2.0);
    out << "</svg>";
    return out.str();
}

}  // namespace motiftok::report
