// The learner's guide (LearnGuide): seed edits and the task-driven prior of `motiftok fit`.

#include <algorithm>

#include "em_state.hpp"
#include "motiftok/kmer/encode.hpp"

namespace motiftok::learn::detail {

namespace {

bool acgt_only(const std::string& s) {
    return std::all_of(s.begin(), s.end(),
                       [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

}  // namespace

void edit_seed(std::vector<Piece>& pieces, const LearnGuide& guide, const LearnOptions& options,
               std::size_t n_classes) {
    const bool both = options.strand == kmer::Strand::kBoth;
    auto excluded = [&](const Piece& p) {
        return !p.required && (guide.exclude.count(p.str) > 0 ||
                               (both && guide.exclude.count(kmer::revcomp(p.str)) > 0));
    };
    pieces.erase(std::remove_if(pieces.begin(), pieces.end(), excluded), pieces.end());
    std::unordered_set<std::string> present;
    for (const Piece& p : pieces) present.insert(p.str);
    for (const std::string& x : guide.extra) {
        const auto k = static_cast<int>(x.size());
        if (k < options.k_min || k > options.k_max || !acgt_only(x)) continue;
        Piece p;
        p.str = x;
        if (both) {
            const std::string rc = kmer::revcomp(x);
            p.two_strings = rc != x;
            p.str = std::min(x, rc);
        }
        if (!present.insert(p.str).second) continue;
        if (excluded(p)) continue;
        p.docs.assign(n_classes, 0);
        pieces.push_back(std::move(p));
    }
}

void apply_prior(std::vector<Piece>& pieces, const LearnGuide& guide) {
    // A non-empty guide without priors still weighs IG by 1 − w (every prior is 0).
    if (guide.empty()) return;
    const double w = guide.prior_weight;
    for (Piece& p : pieces) {
        auto it = guide.prior.find(p.str);
        if (it == guide.prior.end() && p.two_strings) it = guide.prior.find(kmer::revcomp(p.str));
        const double prior = it == guide.prior.end() ? 0.0 : it->second;
        p.gain_norm = (1.0 - w) * p.gain_norm + w * prior;
    }
}

}  // namespace motiftok::learn::detail
