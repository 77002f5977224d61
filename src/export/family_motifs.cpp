// Motif families as MEME motifs: the family PWM cut to its informative core.

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::exports {

namespace {

double information_bits(const std::array<double, 4>& p) {
    double bits = 2.0;
    for (double x : p) bits += x > 0.0 ? x * std::log2(x) : 0.0;
    return bits;
}

}  // namespace

std::pair<std::size_t, std::size_t> family_core(const vocab::Family& family,
                                                std::size_t seed_length, double min_bits) {
    const std::size_t w = family.pwm.size();
    if (w == 0) return {0, 0};
    const std::size_t seed_first =
        std::min(w, static_cast<std::size_t>(std::max(family.origin, 0)));
    const std::size_t seed_last = std::min(w, seed_first + seed_length);
    std::size_t first = 0, last = w;
    while (first < seed_first && information_bits(family.pwm[first]) < min_bits) ++first;
    while (last > seed_last && information_bits(family.pwm[last - 1]) < min_bits) --last;
    return {first, last};
}

std::string meme_families(const vocab::Vocabulary& vocabulary, const ExportOptions& options) {
    if (vocabulary.families.empty()) {
        throw DataError(
            "the vocabulary has no motif families; learn it with families, or export tokens");
    }
    const bool both = vocabulary.strand == kmer::Strand::kBoth;
    std::string out = "MEME version 4\n\nALPHABET= ACGT\n\n";
    out += both ? "strands: + -\n\n" : "strands: +\n\n";
    out += "Background letter frequencies (uniform)\nA 0.25 C 0.25 G 0.25 T 0.25\n\n";
    char line[256];
    std::size_t written = 0;
    for (const vocab::Family& f : vocabulary.families) {
        if (written == options.meme_top) break;
        const vocab::Token& seed = vocabulary.tokens()[static_cast<std::size_t>(f.seed)];
        const auto [first, last] = family_core(f, seed.token.size(), kFamilyCoreBits);
        if (last <= first) continue;  // no PWM (families read from a file without one)
        ++written;
        std::snprintf(line, sizeof line, "MOTIF %s %s_%zutokens_IG%.4g\n", f.name.c_str(),
                      f.consensus.substr(first, last - first).c_str(), f.members.size(),
                      seed.info_gain);
        out += line;
        std::snprintf(
            line, sizeof line,
            "letter-probability matrix: alength= 4 w= %zu nsites= %llu E= %.3g\n", last - first,
            static_cast<unsigned long long>(std::max<std::uint64_t>(f.sites, 1)), seed.p_value);
        out += line;
        for (std::size_t j = first; j < last; ++j) {
            const auto& p = f.pwm[j];
            std::snprintf(line, sizeof line, " %.6f %.6f %.6f %.6f\n", p[0], p[1], p[2], p[3]);
            out += line;
        }
        out += '\n';
    }
    return out;
}

}  // namespace motiftok::exports
