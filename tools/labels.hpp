#pragma once
// The labels check of the steps that need classes, with the options that give labels added to
// the library's message (the library does not speak of CLI flags).

#include <string>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"

namespace motiftok::cli {

/// io::require_two_classes, its DataError extended by the label options.
inline void require_labels(const io::Dataset& data, const std::string& what) {
    try {
        io::require_two_classes(data, what);
    } catch (const DataError& e) {
        throw DataError(std::string(e.what()) +
                        " (label them with --class NAME=FILE, twice or more; --labels ids.tsv; "
                        "or --bed with --genome)");
    }
}

}  // namespace motiftok::cli
