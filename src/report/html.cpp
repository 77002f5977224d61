#include "motiftok/report/html.hpp"

#include <cmath>
#include <cstdio>

namespace motiftok::report {

std::string escape_html(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
    return out;
}

std::string format_number(double x, int digits) {
    if (!std::isfinite(x)) return "NA";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
}

std::string coord(double x) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", x);
    std::string s = buf;
    if (s == "-0.00") s = "0.00";
    while (!s.empty() && s.back() == '0') s.pop_back();  // "12.50" -> "12.5", "3.00" -> "3."
    if (!s.empty() && s.back() == '.') s.pop_back();
    return s;
}

}  // namespace motiftok::report
