#pragma once
// Which strands a k-mer, a token or a vocabulary covers, and its name in files and options.
// Header-only: the runtime (vocabulary, tokenizer, export) uses it without the trainer.

#include <optional>
#include <string>
#include <string_view>

#include "motiftok/error.hpp"

namespace motiftok::kmer {

/// Which strands a k-mer is counted on (and a vocabulary is closed under).
enum class Strand {
    kBoth,     ///< canonical k-mers: a k-mer and its reverse complement are one (the smaller code)
    kForward,  ///< k-mers as they are read (strand-specific data: RNA, oriented promoters)
};

/// "both" / "forward".
inline const char* strand_name(Strand strand) {
    return strand == Strand::kBoth ? "both" : "forward";
}

/// The strand named "both" or "forward"; nullopt for anything else.
inline std::optional<Strand> strand_from_name(std::string_view name) {
    if (name == "both") return Strand::kBoth;
    if (name == "forward") return Strand::kForward;
    return std::nullopt;
}

/// Parses "both" / "forward"; throws ConfigError for anything else.
inline Strand parse_strand(const std::string& name) {
    if (const auto strand = strand_from_name(name)) return *strand;
    throw ConfigError("`strand` must be 'both' or 'forward' (got '" + name + "')");
}

}  // namespace motiftok::kmer
