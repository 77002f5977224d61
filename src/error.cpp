#include "motiftok/error.hpp"

namespace motiftok {

OutputIsInputError::OutputIsInputError(std::string output, std::string input)
    : Error("output '" + output + "' is the same file as input '" + input +
            "'; writing it would destroy the input: choose another output path"),
      output_(std::move(output)),
      input_(std::move(input)) {}

void throw_if_problems(const std::vector<std::string>& problems) {
    if (problems.empty()) return;
    std::string message = "invalid options: ";
    for (std::size_t i = 0; i < problems.size(); ++i) message += (i ? "; " : "") + problems[i];
    throw ConfigError(message);
}

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
