#include "motiftok/error.hpp"

namespace motiftok {

std::string source_location(std::string_view file, std::uint64_t record, std::string_view id,
                            std::uint64_t position) {
    std::string out(file == "-" ? std::string_view("<stdin>") : file);
    if (record > 0) {
        out += ": record " + std::to_string(record);
        if (!id.empty()) {
            out += " ('";
            out += id;
            out += "')";
        }
    }
    if (position > 0)
        out += (record > 0 ? ", position " : ": position ") + std::to_string(position);
    return out;
}

}  // namespace motiftok
