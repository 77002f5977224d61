#pragma once
// Text for the HTML report: escaping and number formatting. Everything that comes from an input
// file (ids, token strings, motif names, file names, evaluate rows) goes through escape_html().

#include <string>
#include <string_view>

namespace motiftok::report {

/// `text` with & < > " ' replaced by character references, so it is safe inside element content
/// and inside a double- or single-quoted attribute. Other bytes (UTF-8 included) pass unchanged.
std::string escape_html(std::string_view text);

/// `x` with `digits` significant digits (printf %g), "NA" for NaN and ±inf.
std::string format_number(double x, int digits = 4);

/// `x` rounded to two decimals, for SVG coordinates ("12.35"; "-0" is written "0").
std::string coord(double x);

}  // namespace motiftok::report
