// Motif families: greedy grouping by alignment to a seed, and PWMs from the members' aligned
// occurrences (docs/algorithm.md "Motif families").

#include "motiftok/vocab/families.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <tuple>
#include <unordered_map>

#include "motiftok/error.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::vocab {

namespace {

/// Mismatches of `token` placed at seed position `offset` over the overlap; stops counting
/// past `limit`.
int mismatches(const std::string& seed, const std::string& token, int offset, int limit) {
    const int first = std::max(0, offset);
    const int last =
        std::min(static_cast<int>(seed.size()), offset + static_cast<int>(token.size()));
    int n = 0;
    for (int j = first; j < last && n <= limit; ++j) {
        n += seed[static_cast<std::size_t>(j)] != token[static_cast<std::size_t>(j - offset)];
    }
    return n;
}

/// Where a member's occurrence lands in the seed frame.
struct Placement {
    std::int32_t family = -1;
    int offset = 0;
    char strand = '+';
};

/// One aligned occurrence: record, forward position of seed position 0, strand.
struct Site {
    std::int32_t family;
    std::uint32_t record;
    std::int64_t anchor;
    char strand;
    bool operator<(const Site& o) const {
        return std::tie(family, record, anchor, strand) <
               std::tie(o.family, o.record, o.anchor, o.strand);
    }
    bool operator==(const Site& o) const {
        return family == o.family && record == o.record && anchor == o.anchor && strand == o.strand;
    }
};

/// The sites of every family member's exact occurrences in one sequence.
void scan_record(const std::string& seq, std::uint32_t record,
                 const std::vector<std::unordered_map<std::uint64_t, Placement>>& by_length,
                 std::vector<Site>& out) {
    const std::size_t max_len = by_length.size() - 1;
    const std::size_t n = seq.size();
    for (std::size_t p = 0; p < n; ++p) {
        std::uint64_t x = 0;
        for (std::size_t k = 0; k < max_len && p + k < n; ++k) {
            const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(seq[p + k])];
            if (b > 3) break;  // a token never spans an N
            x = (x << 2) | b;
            const auto& table = by_length[k + 1];
            if (table.empty()) continue;
            const auto it = table.find(x);
            if (it == table.end()) continue;
            const Placement& pl = it->second;
            const auto len = static_cast<std::int64_t>(k + 1);
            const auto pos = static_cast<std::int64_t>(p);
            const std::int64_t anchor =
                pl.strand == '+' ? pos - pl.offset : pos + len - 1 + pl.offset;
            out.push_back(Site{pl.family, record, anchor, pl.strand});
        }
    }
}

/// Seed-frame span [left, right) of a family's members.
std::pair<int, int> member_span(const Family& f, const Vocabulary& v) {
    int left = 0, right = 0;
    for (const FamilyMember& m : f.members) {
        left = std::min(left, m.offset);
        right = std::max(right, m.offset + static_cast<int>(v.tokens()[m.token].token.size()));
    }
    return {left, right};
}

}  // namespace

std::vector<std::string> FamilyOptions::problems() const {
    std::vector<std::string> problems;
    auto need = [&problems](bool ok, const std::string& what) {
        if (!ok) problems.push_back(what);
    };
    need(min_length >= 2, "family min_length must be at least 2");
    need(min_overlap >= 2, "family min_overlap must be at least 2");
    need(max_shift >= 0, "family max_shift must be >= 0");
    need(max_mismatches >= 0, "family max_mismatches must be >= 0");
    need(max_p_value >= 0.0 && max_p_value <= 1.0, "family max_p_value must be in [0, 1]");
    need(flank >= 0 && flank <= 100, "family flank must be in 0..100");
    need(pseudocount > 0.0 && std::isfinite(pseudocount), "family pseudocount must be > 0");
    need(threads >= 1, "family threads must be at least 1");
    return problems;
}

std::string FamilyOptions::to_json() const {
    nlohmann::ordered_json j;
    j["min_length"] = min_length;
    j["min_overlap"] = min_overlap;
    j["max_shift"] = max_shift;
    j["max_mismatches"] = max_mismatches;
    j["mismatch_overlap"] = mismatch_overlap;
    j["max_p_value"] = max_p_value;
    j["flank"] = flank;
    j["pseudocount"] = pseudocount;
    return j.dump();
}

FamilyMember align_to_seed(const std::string& seed, const std::string& token,
                           const FamilyOptions& options, bool both_strands) {
    FamilyMember best;
    best.strand = 0;
    int best_mm = 0;
    const int ls = static_cast<int>(seed.size());
    const int lt = static_cast<int>(token.size());
    for (char strand : {'+', '-'}) {
        if (strand == '-' && !both_strands) break;
        const std::string t = strand == '+' ? token : kmer::revcomp(token);
        for (int o = -(lt - 1); o <= ls - 1; ++o) {
            const int overlap = std::min(ls, o + lt) - std::max(0, o);
            if (overlap < static_cast<int>(options.min_overlap)) continue;
            const bool contained = (o >= 0 && o + lt <= ls) || (o <= 0 && o + lt >= ls);
            const bool shift = std::abs(o) <= options.max_shift;
            if (!shift && !contained) continue;
            const int allowed = shift && overlap >= static_cast<int>(options.mismatch_overlap)
                                    ? options.max_mismatches
                                    : 0;
            const int mm = mismatches(seed, t, o, allowed);
            if (mm > allowed) continue;
            // Fewest mismatches, then the smallest shift; '+' and smaller offsets win ties
            // because they are tried first.
            if (best.strand == 0 || mm < best_mm ||
                (mm == best_mm && std::abs(o) < std::abs(best.offset))) {
                best = FamilyMember{0, o, strand};
                best_mm = mm;
            }
        }
    }
    return best;
}

std::vector<Family> group_families(const Vocabulary& vocabulary, const FamilyOptions& options) {
    options.validate();
    std::vector<std::int32_t> order;
    for (std::size_t i = 5; i < vocabulary.tokens().size(); ++i) {
        const Token& t = vocabulary.tokens()[i];
        if (t.token.size() < options.min_length) continue;
        if (!vocabulary.classes.empty() && t.p_value > options.max_p_value) continue;
        order.push_back(static_cast<std::int32_t>(i));
    }
    std::stable_sort(order.begin(), order.end(), [&](std::int32_t a, std::int32_t b) {
        const Token& x = vocabulary.tokens()[a];
        const Token& y = vocabulary.tokens()[b];
        if (x.info_gain != y.info_gain) return x.info_gain > y.info_gain;
        return x.count > y.count;
    });
    const bool both = vocabulary.strand == kmer::Strand::kBoth;
    std::vector<Family> families;
    for (std::int32_t id : order) {
        const std::string& token = vocabulary.tokens()[id].token;
        bool joined = false;
        for (Family& f : families) {
            FamilyMember m = align_to_seed(vocabulary.tokens()[f.seed].token, token, options, both);
            if (m.strand == 0) continue;
            m.token = id;
            f.members.push_back(m);
            joined = true;
            break;
        }
        if (joined) continue;
        Family f;
        f.id = static_cast<std::int32_t>(families.size());
        f.name = "F" + std::to_string(f.id);
        f.seed = id;
        f.members.push_back(FamilyMember{id, 0, '+'});
        families.push_back(std::move(f));
    }
    return families;
}

void fill_pwms(std::vector<Family>& families, const Vocabulary& vocabulary, const io::Dataset& data,
               const FamilyOptions& options) {
    options.validate();
    std::size_t max_len = 1;
    for (const Family& f : families) {
        for (const FamilyMember& m : f.members) {
            max_len = std::max(max_len, vocabulary.tokens()[m.token].token.size());
        }
    }
    std::vector<std::unordered_map<std::uint64_t, Placement>> by_length(max_len + 1);
    for (const Family& f : families) {
        for (const FamilyMember& m : f.members) {
            const std::string& t = vocabulary.tokens()[m.token].token;
            by_length[t.size()][kmer::pack(t)] = Placement{f.id, m.offset, m.strand};
        }
    }

    const auto n_records = static_cast<std::int64_t>(data.records.size());
    std::vector<std::vector<Site>> per_record(data.records.size());
#pragma omp parallel for schedule(dynamic, 64) num_threads(options.threads)
    for (std::int64_t r = 0; r < n_records; ++r) {
        const auto i = static_cast<std::size_t>(r);
        scan_record(data.records[i].seq, static_cast<std::uint32_t>(i), by_length, per_record[i]);
    }
    std::vector<Site> sites;
    for (auto& v : per_record) sites.insert(sites.end(), v.begin(), v.end());
    std::sort(sites.begin(), sites.end());
    sites.erase(std::unique(sites.begin(), sites.end()), sites.end());

    std::vector<std::vector<std::array<double, 4>>> counts(families.size());
    std::vector<int> origin(families.size());  // PWM column of seed position 0
    for (Family& f : families) {
        const auto [left, right] = member_span(f, vocabulary);
        origin[f.id] = options.flank - left;
        counts[f.id].assign(static_cast<std::size_t>(right - left + 2 * options.flank),
                            {0, 0, 0, 0});
        f.sites = 0;
    }
    for (const Site& s : sites) {
        const std::string& seq = data.records[s.record].seq;
        auto& c = counts[s.family];
        families[s.family].sites += 1;
        for (std::size_t j = 0; j < c.size(); ++j) {
            const std::int64_t at = static_cast<std::int64_t>(j) - origin[s.family];
            const std::int64_t pos = s.strand == '+' ? s.anchor + at : s.anchor - at;
            if (pos < 0 || pos >= static_cast<std::int64_t>(seq.size())) continue;
            const std::uint8_t b = kmer::kNt4[static_cast<unsigned char>(seq[pos])];
            if (b > 3) continue;  // N contributes nothing
            c[j][s.strand == '+' ? b : 3 - b] += 1.0;
        }
    }
    const double pc = options.pseudocount;
    for (Family& f : families) {
        f.pwm.clear();
        f.consensus.clear();
        f.origin = origin[f.id];
        for (const auto& col : counts[f.id]) {
            const double total = col[0] + col[1] + col[2] + col[3];
            std::array<double, 4> row{};
            for (int b = 0; b < 4; ++b) row[b] = (col[b] + pc) / (total + 4.0 * pc);
            f.pwm.push_back(row);
            const auto top = std::max_element(col.begin(), col.end()) - col.begin();
            f.consensus += total > 0 ? kmer::kBases[top] : 'N';
        }
    }
}

std::vector<Family> build_families(const Vocabulary& vocabulary, const io::Dataset& data,
                                   const FamilyOptions& options) {
    std::vector<Family> families = group_families(vocabulary, options);
    fill_pwms(families, vocabulary, data, options);
    return families;
}

void assign_families(Vocabulary& vocabulary, std::vector<Family> families) {
    for (std::size_t i = 0; i < vocabulary.size(); ++i) {
        vocabulary.edit_token(i, [](Token& t) { t.family = -1; });
    }
    for (const Family& f : families) {
        for (const FamilyMember& m : f.members) {
            vocabulary.edit_token(static_cast<std::size_t>(m.token), [&](Token& t) {
                if (t.family >= 0) {
                    throw DataError("token " + std::to_string(m.token) + " ('" + t.token +
                                    "') is in families " + std::to_string(t.family) + " and " +
                                    std::to_string(f.id) + "; a token belongs to one family");
                }
                t.family = f.id;
            });
        }
    }
    vocabulary.families = std::move(families);
}

}  // namespace motiftok::vocab
