// Pruning: SentencePiece's loss (what the corpus score loses when a piece's uses fall back to its
// best alternative segmentation), computed with the same path scores as the E-step, so the IG
// bonus a piece carries is part of its cost; redundant informative pieces go first (DESIGN §4).

#include <algorithm>
#include <cmath>
#include <limits>
#include <tuple>
#include <unordered_map>

#include "em_state.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

namespace motiftok::learn::detail {

namespace {

constexpr int kMaxShift = 3;  // overlaps shifted by up to this many bases count as "the same motif"
constexpr int kMinOverlap = 4;  // ... if they still share at least this many bases
constexpr double kNegInf = -std::numeric_limits<double>::infinity();

/// Best path score of `w` over the lattice without the span that is the whole of `w`.
double alternative_score(const tokenize::Tokenizer& tokenizer, const TokenTable& table,
                         const std::string& w) {
    std::vector<double> best(w.size() + 1, kNegInf);
    best[0] = 0;
    for (const tokenize::Span& s : tokenizer.lattice(w)) {  // ordered by start
        if (s.start == 0 && s.end == w.size()) continue;
        if (best[s.start] == kNegInf) continue;
        best[s.end] =
            std::max(best[s.end], best[s.start] + table.scores[static_cast<std::size_t>(s.id)]);
    }
    return best[w.size()];
}

void keep_max(std::unordered_map<std::string, double>& m, const std::string& key, double v) {
    auto [it, inserted] = m.emplace(key, v);
    if (!inserted && v > it->second) it->second = v;
}

}  // namespace

std::vector<bool> redundant_pieces(const std::vector<Piece>& pieces, bool strand_both,
                                   double min_gain) {
    // For every string of every informative piece: the highest IG of a piece having it as the
    // whole string, as a prefix or as a suffix after a shift of 1..kMaxShift bases.
    std::unordered_map<std::string, double> whole, prefix, suffix;
    for (const Piece& u : pieces) {
        if (u.required || !(u.info_gain > 0)) continue;
        std::vector<std::string> forms{u.str};
        if (strand_both && u.two_strings) forms.push_back(kmer::revcomp(u.str));
        for (const std::string& x : forms) {
            keep_max(whole, x, u.info_gain);
            for (int s = 1; s <= kMaxShift && static_cast<int>(x.size()) - s >= kMinOverlap; ++s) {
                keep_max(prefix, x.substr(0, x.size() - static_cast<std::size_t>(s)), u.info_gain);
                keep_max(suffix, x.substr(static_cast<std::size_t>(s)), u.info_gain);
            }
        }
    }
    auto higher = [](const std::unordered_map<std::string, double>& m, const std::string& key,
                     double ig) {
        const auto it = m.find(key);
        return it != m.end() && it->second > ig;
    };
    std::vector<bool> out(pieces.size(), false);
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& t = pieces[i];
        if (t.required || !(t.info_gain > 0) || t.info_gain < min_gain) continue;
        const std::string& w = t.str;
        bool red = false;
        // A shorter piece inside t (either orientation: both forms of u are in `whole`).
        for (std::size_t len = 2; len < w.size() && !red; ++len) {
            for (std::size_t at = 0; at + len <= w.size() && !red; ++at)
                red = higher(whole, w.substr(at, len), t.info_gain);
        }
        // A piece overlapping t shifted by a few bases.
        for (int s = 1; s <= kMaxShift && static_cast<int>(w.size()) - s >= kMinOverlap && !red;
             ++s) {
            const auto us = static_cast<std::size_t>(s);
            red = higher(prefix, w.substr(us), t.info_gain) ||
                  higher(suffix, w.substr(0, w.size() - us), t.info_gain);
        }
        out[i] = red;
    }
    return out;
}

std::size_t prune(std::vector<Piece>& pieces, const LearnOptions& options, bool use_gain,
                  double min_gain, std::size_t target) {
    const std::size_t before = entry_count(pieces);
    if (before <= target) return 0;
    const double beta = use_gain ? options.ig_weight : 0.0;
    const TokenTable table = make_token_table(pieces, beta);
    const tokenize::Tokenizer tokenizer(table.strings, table.scores);
    const std::vector<bool> redundant =
        use_gain ? redundant_pieces(pieces, options.strand == kmer::Strand::kBoth, min_gain)
                 : std::vector<bool>(pieces.size(), false);

    // (redundant first, then least cost, then string): the removal order.
    std::vector<std::tuple<int, double, std::string, std::size_t>> order;
    for (std::size_t i = 0; i < pieces.size(); ++i) {
        const Piece& p = pieces[i];
        if (p.required) continue;
        const double alt = alternative_score(tokenizer, table, p.str);
        const double loss = static_cast<double>(p.count) * (string_score(p, beta) - alt);
        order.emplace_back(redundant[i] ? 0 : 1, loss, p.str, i);
    }
    std::sort(order.begin(), order.end());

    const auto shrink =
        static_cast<std::size_t>(std::ceil(options.shrink * static_cast<double>(before)));
    const std::size_t goal = std::max(target, before > shrink ? before - shrink : 0);
    // Two passes: the first never undershoots the target (it skips two-string pieces that
    // would), the second may, by one entry, when only two-string pieces are left.
    std::vector<bool> remove(pieces.size(), false);
    std::size_t entries = before;
    for (int pass = 0; pass < 2 && entries > goal; ++pass) {
        for (const auto& item : order) {
            if (entries <= goal) break;
            const std::size_t i = std::get<3>(item);
            const std::size_t n = pieces[i].two_strings ? 2 : 1;
            if (remove[i] || (pass == 0 && entries - n < target)) continue;
            remove[i] = true;
            entries -= n;
        }
    }
    std::size_t kept = 0;
    for (std::size_t j = 0; j < pieces.size(); ++j) {
        if (remove[j]) continue;
        if (kept != j) pieces[kept] = std::move(pieces[j]);
        ++kept;
    }
    pieces.resize(kept);
    return before - entries;
}

}  // namespace motiftok::learn::detail
