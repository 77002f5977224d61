#include "flags.hpp"

#include <map>

namespace motiftok::cli {

std::string flag_of(std::string_view name) {
    static const std::map<std::string_view, std::string_view> renamed = {
        {"gkm_length", "--gkm"},       {"class_specs", "--class"},
        {"labels_tsv", "--labels"},    {"meme_pseudocount", "--pseudocount"},
        {"holdout_frac", "--holdout"},
    };
    if (const auto it = renamed.find(name); it != renamed.end()) return std::string(it->second);
    std::string flag = "--";
    for (char c : name) flag += c == '_' ? '-' : c;
    return flag;
}

std::string with_flags(std::string_view message) {
    std::string out;
    std::size_t at = 0;
    while (at < message.size()) {
        const std::size_t open = message.find('`', at);
        const std::size_t close =
            open == std::string_view::npos ? open : message.find('`', open + 1);
        if (close == std::string_view::npos) break;
        out.append(message.substr(at, open - at));
        out += flag_of(message.substr(open + 1, close - open - 1));
        at = close + 1;
    }
    out.append(message.substr(at));
    return out;
}

}  // namespace motiftok::cli
