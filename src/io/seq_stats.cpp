#include "motiftok/io/seq_stats.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <nlohmann/json.hpp>
#include <string_view>
#include <unordered_set>

#include "motiftok/version.hpp"

namespace motiftok::io {

namespace {

std::uint64_t mix(std::uint64_t z) {
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

double median(std::vector<std::uint64_t> v) {
    if (v.empty()) return 0;
    const std::size_t mid = v.size() / 2;
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(mid), v.end());
    const double upper = static_cast<double>(v[mid]);
    if (v.size() % 2 == 1) return upper;
    const double lower = static_cast<double>(*std::max_element(v.begin(), v.begin() + mid));
    return (lower + upper) / 2;
}

double ratio(std::uint64_t a, std::uint64_t b) {
    return b == 0 ? 0.0 : static_cast<double>(a) / static_cast<double>(b);
}

std::string fixed4(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", x);
    return buf;
}

std::string number(double x) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.10g", x);
    return buf;
}

// Counts G or C and N bases. SSE2: byte counters (0 - compare mask) summed with SAD every
// 255 blocks, so nothing widens in the inner loop.
void count_gc_n(const unsigned char* p, std::size_t n, std::uint64_t& gc, std::uint64_t& nn) {
    std::size_t i = 0;
#ifdef __SSE2__
    const __m128i c = _mm_set1_epi8('C'), g = _mm_set1_epi8('G'), nb = _mm_set1_epi8('N');
    const __m128i zero = _mm_setzero_si128();
    __m128i gc64 = zero, n64 = zero;
    while (i + 16 <= n) {
        __m128i gc8 = zero, n8 = zero;
        for (int k = 0; k < 255 && i + 16 <= n; ++k, i += 16) {
            const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            gc8 = _mm_sub_epi8(gc8, _mm_or_si128(_mm_cmpeq_epi8(x, c), _mm_cmpeq_epi8(x, g)));
            n8 = _mm_sub_epi8(n8, _mm_cmpeq_epi8(x, nb));
        }
        gc64 = _mm_add_epi64(gc64, _mm_sad_epu8(gc8, zero));
        n64 = _mm_add_epi64(n64, _mm_sad_epu8(n8, zero));
    }
    auto sum = [](__m128i v) {
        return static_cast<std::uint64_t>(_mm_cvtsi128_si64(v)) +
               static_cast<std::uint64_t>(_mm_cvtsi128_si64(_mm_unpackhi_epi64(v, v)));
    };
    gc += sum(gc64);
    nn += sum(n64);
#endif
    for (; i < n; ++i) {
        gc += (p[i] == 'C') | (p[i] == 'G');
        nn += (p[i] == 'N');
    }
}

}  // namespace

SeqStatsBuilder::Acc& SeqStatsBuilder::acc(std::int32_t label) {
    const auto i = static_cast<std::size_t>(label + 1);
    if (classes_.size() <= i) classes_.resize(i + 1);
    return classes_[i];
}

void SeqStatsBuilder::add(const Record& record, std::int32_t label, std::uint64_t lowercase) {
    const std::string& s = record.seq;
    const std::size_t n = s.size();
    std::uint64_t gc = 0, nn = 0;
    const auto* p = reinterpret_cast<const unsigned char*>(s.data());
    count_gc_n(p, n, gc, nn);
    // 128-bit hash of the sequence: four independent multiply-rotate lanes over 8-byte words
    // (32 bytes per step), folded so that both halves depend on every lane.
    std::uint64_t h[4] = {0x243f6a8885a308d3ULL ^ n, 0x13198a2e03707344ULL + n,
                          0xa4093822299f31d0ULL, 0x082efa98ec4e6c89ULL};
    std::size_t i = 0;
    for (; i + 32 <= n; i += 32) {
        for (int l = 0; l < 4; ++l) {
            std::uint64_t w;
            std::memcpy(&w, p + i + 8 * l, 8);
            h[l] = rotl((h[l] ^ w) * 0x9e3779b97f4a7c15ULL, 29 + l);
        }
    }
    for (; i + 8 <= n; i += 8) {
        std::uint64_t w;
        std::memcpy(&w, p + i, 8);
        h[0] = rotl((h[0] ^ w) * 0xc2b2ae3d27d4eb4fULL, 31);
    }
    std::uint64_t tail = 0;
    std::memcpy(&tail, p + i, n - i);
    const std::uint64_t m0 = mix(h[0] ^ tail), m1 = mix(h[1]), m2 = mix(h[2]), m3 = mix(h[3]);
    const std::uint64_t h1 = mix(m0 ^ rotl(m1, 17) ^ rotl(m2, 31) ^ rotl(m3, 47));
    const std::uint64_t h2 = mix((m0 + 0x165667b19e3779f9ULL) * 3 + m1 * 5 + m2 * 7 + m3 * 11);

    Acc& a = acc(label);
    ++a.sequences;
    a.bases += n;
    a.gc += gc;
    a.n += nn;
    a.acgt += n - nn;
    a.lowercase += lowercase;
    a.lengths.push_back(n);
    hashes_.push_back({h1, h2});
    labels_.push_back(label);
    ids_.push_back(record.id);
}

void SeqStatsBuilder::count_duplicates(const std::vector<std::string>& classes, SeqStats& out,
                                       std::vector<std::uint64_t>& dup_within,
                                       std::vector<std::uint64_t>& dup_across) const {
    // Sort record indices by (hash, index): equal sequences form runs in input order. A sort
    // needs 8 bytes per record where hash maps need ~50 and scatter over memory.
    const bool labeled = !classes.empty();
    const std::size_t total = dup_within.size() - 1;
    std::vector<std::size_t> order(hashes_.size());
    for (std::size_t r = 0; r < order.size(); ++r) order[r] = r;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const Hash128 &x = hashes_[a], &y = hashes_[b];
        if (x.lo != y.lo) return x.lo < y.lo;
        if (x.hi != y.hi) return x.hi < y.hi;
        return a < b;
    });
    std::vector<std::pair<std::size_t, std::size_t>> conflicts;  // (first, other) records
    std::vector<std::pair<std::int32_t, std::uint64_t>> per_label;
    for (std::size_t b = 0, e = 0; b < order.size(); b = e) {
        e = b + 1;
        while (e < order.size() && hashes_[order[e]] == hashes_[order[b]]) ++e;
        if (e - b == 1) continue;
        dup_within[total] += e - b - 1;
        if (!labeled) continue;
        per_label.clear();
        std::size_t other = order.size();  // first record with a label other than the first's
        for (std::size_t k = b; k < e; ++k) {
            const std::int32_t l = labels_[order[k]];
            auto it = std::find_if(per_label.begin(), per_label.end(),
                                   [l](const auto& p) { return p.first == l; });
            if (it == per_label.end()) {
                if (!per_label.empty() && other == order.size()) other = order[k];
                per_label.emplace_back(l, 1);
            } else {
                ++it->second;
            }
        }
        for (const auto& [l, n] : per_label) dup_within[static_cast<std::size_t>(l)] += n - 1;
        if (per_label.size() < 2) continue;
        conflicts.emplace_back(order[b], other);
        for (const auto& [l, n] : per_label) dup_across[static_cast<std::size_t>(l)] += n;
        dup_across[total] += e - b;
    }
    std::sort(conflicts.begin(), conflicts.end(),
              [](const auto& x, const auto& y) { return x.second < y.second; });
    out.conflicting_sequences = conflicts.size();
    for (std::size_t i = 0; i < conflicts.size() && i < 5; ++i) {
        const auto [f, r] = conflicts[i];
        out.conflicts.push_back({ids_[f], classes[static_cast<std::size_t>(labels_[f])], ids_[r],
                                 classes[static_cast<std::size_t>(labels_[r])]});
    }
}

SeqStats SeqStatsBuilder::finish(const std::vector<std::string>& classes) const {
    SeqStats out;
    const bool labeled = !classes.empty();
    const std::size_t n_rows = labeled ? classes.size() : 0;
    std::vector<std::uint64_t> dup_within(n_rows + 1, 0), dup_across(n_rows + 1, 0);
    count_duplicates(classes, out, dup_within, dup_across);
    std::unordered_set<std::string_view> ids;
    ids.reserve(ids_.size());
    for (const auto& id : ids_) {
        if (ids.insert(id).second) continue;
        ++out.duplicate_ids;
        if (out.duplicate_id_examples.size() < 5) out.duplicate_id_examples.push_back(id);
    }
    auto make_row = [&](const std::string& name, const Acc& a, std::size_t index) {
        SeqStatsRow row;
        row.name = name;
        row.sequences = a.sequences;
        row.bases = a.bases;
        if (!a.lengths.empty()) {
            row.min_length = *std::min_element(a.lengths.begin(), a.lengths.end());
            row.max_length = *std::max_element(a.lengths.begin(), a.lengths.end());
            row.median_length = median(a.lengths);
        }
        row.gc = ratio(a.gc, a.acgt);
        row.n_fraction = ratio(a.n, a.bases);
        row.lowercase_fraction = ratio(a.lowercase, a.bases);
        row.dup_within = dup_within[index];
        row.dup_across = dup_across[index];
        return row;
    };
    Acc total;
    for (std::size_t c = 0; c < classes_.size(); ++c) {
        const Acc& a = classes_[c];
        total.sequences += a.sequences;
        total.bases += a.bases;
        total.gc += a.gc;
        total.acgt += a.acgt;
        total.n += a.n;
        total.lowercase += a.lowercase;
        total.lengths.insert(total.lengths.end(), a.lengths.begin(), a.lengths.end());
    }
    for (std::size_t c = 0; c < n_rows; ++c) {
        const Acc empty;
        const Acc& a = c + 1 < classes_.size() ? classes_[c + 1] : empty;
        out.rows.push_back(make_row(classes[c], a, c));
    }
    out.rows.push_back(make_row("all", total, n_rows));
    return out;
}

std::string stats_to_tsv(const SeqStats& stats) {
    std::string out =
        "class\tsequences\tbp\tmin_length\tmedian_length\tmax_length\tgc\tn_fraction\t"
        "lowercase_fraction\tdup_within\tdup_across\n";
    for (const auto& r : stats.rows) {
        out += r.name + '\t' + std::to_string(r.sequences) + '\t' + std::to_string(r.bases) + '\t' +
               std::to_string(r.min_length) + '\t' + number(r.median_length) + '\t' +
               std::to_string(r.max_length) + '\t' + fixed4(r.gc) + '\t' + fixed4(r.n_fraction) +
               '\t' + fixed4(r.lowercase_fraction) + '\t' + std::to_string(r.dup_within) + '\t' +
               std::to_string(r.dup_across) + '\n';
    }
    return out;
}

std::string stats_to_json(const SeqStats& stats, const ReadStats& read, const InputSpec& spec) {
    nlohmann::ordered_json j;
    j["format"] = "motiftok-stats";
    j["version"] = 1;
    j["motiftok"] = kVersion;
    j["options"] = {{"inputs", spec.inputs},
                    {"class_specs", spec.class_specs},
                    {"labels", spec.labels_tsv},
                    {"bed", spec.bed},
                    {"genome", spec.genome}};
    j["rows"] = nlohmann::json::array();
    for (const auto& r : stats.rows) {
        j["rows"].push_back({{"class", r.name},
                             {"sequences", r.sequences},
                             {"bp", r.bases},
                             {"min_length", r.min_length},
                             {"median_length", r.median_length},
                             {"max_length", r.max_length},
                             {"gc", r.gc},
                             {"n_fraction", r.n_fraction},
                             {"lowercase_fraction", r.lowercase_fraction},
                             {"dup_within", r.dup_within},
                             {"dup_across", r.dup_across}});
    }
    j["conflicting_sequences"] = stats.conflicting_sequences;
    j["conflicts"] = nlohmann::json::array();
    for (const auto& c : stats.conflicts) {
        j["conflicts"].push_back({{"first_id", c.first_id},
                                  {"first_class", c.first_class},
                                  {"other_id", c.other_id},
                                  {"other_class", c.other_class}});
    }
    j["duplicate_ids"] = stats.duplicate_ids;
    j["duplicate_id_examples"] = stats.duplicate_id_examples;
    j["read"] = {{"records", read.records},
                 {"bases", read.bases},
                 {"lowercase", read.lowercase},
                 {"n_bases", read.n_bases},
                 {"iupac_to_n", read.iupac_to_n},
                 {"u_to_t", read.u_to_t},
                 {"empty_records", read.empty_records}};
    return j.dump(2) + "\n";
}

}  // namespace motiftok::io
