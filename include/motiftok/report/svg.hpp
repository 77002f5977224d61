#pragma once
// The report's drawings, each a small function that returns one inline <svg> (or, for tables,
// an HTML <table>) as text: logos, curves, tracks, tables. All text from inputs is escaped.
// Classes and ids used by the page and its tests: svg.logo (g.column, path.letter with
// data-base and data-bits), svg.curve (polyline.series with data-name), svg.track,
// table.table.

#include <string>
#include <vector>

#include "motiftok/report/curves.hpp"
#include "motiftok/report/logo.hpp"

namespace motiftok::report {

/// Pixels: width of one logo column, and height of 2 bits.
inline constexpr double kLogoColumn = 20.0;
inline constexpr double kLogoHeight = 64.0;

/// A sequence logo of `pwm` with a caption line `label` under it. Letters are drawn as paths
/// (no font needed), largest on top; a letter's height in pixels is its letter_heights() value
/// × kLogoHeight / 2 (kept in data-bits).
std::string svg_logo(const Pwm& pwm, const std::string& label);

/// Two logos aligned on one column axis: `top` (a known motif) and `bottom` (a token) whose
/// first column sits under column `offset` of `top` (negative: it starts before `top`).
std::string svg_logo_pair(const Pwm& top, const std::string& top_label, const Pwm& bottom,
                          const std::string& bottom_label, int offset);

/// One line of a plot.
struct Series {
    std::string name;                ///< legend text
    std::vector<CurvePoint> points;  ///< in data coordinates, drawn in order
    std::string color;               ///< CSS colour
    bool dashed = false;
};

/// Where a plot's legend goes (away from where its curves usually run).
enum class Legend { top_right, bottom_right, bottom_left };

/// A line plot with axes, ticks, a legend and an optional dotted y = x diagonal (ROC).
struct Plot {
    std::string id;  ///< id of the <svg>
    std::string title;
    std::string x_label;
    std::string y_label;
    double x_min = 0.0, x_max = 1.0, y_min = 0.0, y_max = 1.0;
    bool diagonal = false;
    std::vector<Series> series;
    Legend legend = Legend::top_right;
};

/// The plot as an <svg class="curve">; points outside the ranges are clipped to them.
std::string svg_curve(const Plot& plot);

/// A per-base track of one explained sequence: attention above the axis, the mask-ablation
/// delta as bars up (the token supports the prediction) or down, the bases under them.
struct Track {
    std::string title;
    std::string sequence;           ///< bases; N where no token covered a position
    std::vector<double> attention;  ///< per base, ≥ 0
    std::vector<double> delta;      ///< per base, signed
    struct Span {
        std::size_t start = 0, end = 0;
        std::string label;
    };
    std::vector<Span> highlights;  ///< marked under the bases (the strongest tokens)
};

/// The track as an <svg class="track">.
std::string svg_track(const Track& track);

/// An HTML table; `header` and every cell are escaped. `numeric` columns are right-aligned.
struct Table {
    std::string id;
    std::vector<std::string> header;
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> numeric;  ///< per column; missing = false
};

std::string html_table(const Table& table);

}  // namespace motiftok::report
