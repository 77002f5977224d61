// The gapped k-mer term's kernels (gkm_term_kernels.hpp): feature rows, logits (rows side by
// side), a chunk's gradient, the AdamW step and the validation probabilities.
#include "gkm_term_kernels.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "motiftok/kmer/encode.hpp"
#include "training.hpp"

namespace motiftok::model::detail {
namespace {

// The term's features index in 16 bits: C(8, 5) · 4^5 = 57344.
constexpr std::size_t auto_features() {
    std::size_t patterns = 1;
    for (int j = 0; j < kAutoInformative; ++j)
        patterns =
            patterns * static_cast<std::size_t>(kAutoLength - j) / static_cast<std::size_t>(j + 1);
    return patterns << (2 * kAutoInformative);
}
static_assert(auto_features() <= 65536 && auto_features() % 64 == 0,
              "--gkm auto's features must index in 16 bits");

// `order` = the positions of `index` (distinct features < auto_features()) in ascending feature
// order: a bit per feature set, then read back in bit order (O(n + features / 64), no sort).
void order_by_feature(const std::vector<std::uint32_t>& index, std::vector<std::uint16_t>& order) {
    thread_local std::vector<std::uint64_t> seen(auto_features() / 64, 0);
    thread_local std::vector<std::uint16_t> at(auto_features());
    for (std::size_t j = 0; j < index.size(); ++j) {
        seen[index[j] >> 6] |= std::uint64_t{1} << (index[j] & 63u);
        at[index[j]] = static_cast<std::uint16_t>(j);
    }
    order.clear();
    for (std::size_t word = 0; word < seen.size(); ++word) {
        for (std::uint64_t bits = seen[word]; bits != 0; bits &= bits - 1)
            order.push_back(at[word * 64 + static_cast<std::size_t>(__builtin_ctzll(bits))]);
        seen[word] = 0;
    }
}

// z_q = b + W φ_{r_q} for the R rows r (z: R × C values), each row's features added in the row's
// order as Linear::logits adds them, so each z_q has the same value; the R sums run side by
// side in registers (independent chains: the latency of one addition and the memory reads of
// one row overlap those of the others). C and R known at compile time.
constexpr std::size_t kSide = 4;  // rows side by side

template <std::size_t C, std::size_t R>
void logits_side_by_side(const Linear& model, const Rows& rows, const std::size_t* r, float* z) {
    float acc[R][C];
    std::size_t at[R], end[R];
    std::size_t common = std::numeric_limits<std::size_t>::max();
    for (std::size_t q = 0; q < R; ++q) {
        at[q] = rows.start[r[q]];
        end[q] = rows.start[r[q] + 1];
        common = std::min(common, end[q] - at[q]);
        for (std::size_t c = 0; c < C; ++c) acc[q][c] = model.b[c];
    }
    const float* W = model.W.data();
    for (std::size_t t = 0; t < common; ++t) {
        for (std::size_t q = 0; q < R; ++q) {
            const std::size_t j = at[q] + t;
            const float v = rows.value[j];
            const float* w = W + static_cast<std::size_t>(rows.index[j]) * C;
            for (std::size_t c = 0; c < C; ++c) acc[q][c] += v * w[c];
        }
    }
    for (std::size_t q = 0; q < R; ++q) {
        for (std::size_t j = at[q] + common; j < end[q]; ++j) {
            const float v = rows.value[j];
            const float* w = W + static_cast<std::size_t>(rows.index[j]) * C;
            for (std::size_t c = 0; c < C; ++c) acc[q][c] += v * w[c];
        }
        for (std::size_t c = 0; c < C; ++c) z[q * C + c] = acc[q][c];
    }
}

// Softmax of `z` (C values) into p, in double.
template <typename T>
void softmax(const T* z, std::size_t C, double* p) {
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < C; ++c) top = std::max(top, static_cast<double>(z[c]));
    double sum = 0.0;
    for (std::size_t c = 0; c < C; ++c) sum += p[c] = std::exp(static_cast<double>(z[c]) - top);
    for (std::size_t c = 0; c < C; ++c) p[c] /= sum;
}

}  // namespace

// Four rows side by side for 2 and 3 classes, Linear::logits row by row otherwise.
void logits_of_rows(const Linear& model, const Rows& rows, const std::size_t* r, std::size_t n,
                    float* z) {
    std::size_t q = 0;
    if (model.C == 2 || model.C == 3) {
        const auto four =
            model.C == 2 ? logits_side_by_side<2, kSide> : logits_side_by_side<3, kSide>;
        const auto one = model.C == 2 ? logits_side_by_side<2, 1> : logits_side_by_side<3, 1>;
        for (; q + kSide <= n; q += kSide) four(model, rows, r + q, z + q * model.C);
        for (; q < n; ++q) one(model, rows, r + q, z + q * model.C);
    }
    for (; q < n; ++q) model.logits(rows, r[q], z + q * model.C);
}

Rows featurize(const GappedKmers& gkm, const io::Dataset& data,
               const std::vector<std::size_t>& seqs, int strands, bool sorted,
               [[maybe_unused]] int threads) {
    Rows rows;
    // At most min(windows × patterns, features) entries a row: reserved at once, so the rows
    // are never copied as they grow (NF-E2's are 200 MB).
    std::size_t bound = 0;
    for (const auto i : seqs)
        bound += static_cast<std::size_t>(strands) * gkm.max_entries(data.records[i].seq.size());
    rows.index.reserve(bound);
    rows.value.reserve(bound);
    if (sorted) rows.by_feature.reserve(bound);
    rows.start.reserve(seqs.size() * static_cast<std::size_t>(strands) + 1);
    constexpr std::size_t kBlock = 128;
    std::vector<std::vector<std::uint32_t>> index(kBlock * 2);
    std::vector<std::vector<float>> value(kBlock * 2);
    std::vector<std::vector<std::uint16_t>> by_feature(kBlock * 2);
    for (std::size_t b0 = 0; b0 < seqs.size(); b0 += kBlock) {
        const auto nb = static_cast<std::int64_t>(std::min(kBlock, seqs.size() - b0));
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
        for (std::int64_t k = 0; k < nb * strands; ++k) {
            const auto ku = static_cast<std::size_t>(k);
            const std::string& seq =
                data.records[seqs[b0 + ku / static_cast<std::size_t>(strands)]].seq;
            const std::string s = k % strands == 0 ? seq : kmer::revcomp(seq);
            std::vector<std::uint8_t> bases(s.size());
            for (std::size_t i = 0; i < s.size(); ++i)
                bases[i] = kmer::kNt4[static_cast<unsigned char>(s[i])];
            gkm.features(bases, index[ku], value[ku]);
            if (!sorted) continue;
            order_by_feature(index[ku], by_feature[ku]);
        }
        for (std::size_t k = 0; k < static_cast<std::size_t>(nb * strands); ++k) {
            rows.index.insert(rows.index.end(), index[k].begin(), index[k].end());
            rows.value.insert(rows.value.end(), value[k].begin(), value[k].end());
            rows.by_feature.insert(rows.by_feature.end(), by_feature[k].begin(),
                                   by_feature[k].end());
            rows.start.push_back(rows.index.size());
        }
    }
    return rows;
}

std::vector<double> strand_mean(const float* z, const double* base, double beta, std::size_t C,
                                int strands) {
    std::vector<double> out(C, 0.0), p(C), mixed(C);
    for (int s = 0; s < strands; ++s) {
        for (std::size_t c = 0; c < C; ++c) {
            const std::size_t at = static_cast<std::size_t>(s) * C + c;
            mixed[c] = (base ? base[at] : 0.0) + beta * static_cast<double>(z[at]);
        }
        softmax(mixed.data(), C, p.data());
        for (std::size_t c = 0; c < C; ++c) out[c] += p[c] / strands;
    }
    return out;
}

void TermStep::operator()(std::size_t lo, std::size_t hi) const {
    const std::size_t nw = model.W.size();
    for (std::size_t i = lo; i < hi; ++i) {
        float sum = 0.0f;
        for (auto& g : chunk) {
            sum += g[i];
            g[i] = 0.0f;
        }
        const float gi = sum * inv_w;
        m[i] = 0.9f * m[i] + 0.1f * gi;
        v[i] = 0.999f * v[i] + 0.001f * gi * gi;
        float& w = i < nw ? model.W[i] : model.b[i - nw];
        w -= lr * ((m[i] / c1) / (std::sqrt(v[i] / c2) + 1e-8f) + (i < nw ? wd * w : 0.0f));
    }
}

void chunk_gradient(const Linear& model, const Rows& rows, const std::vector<std::int32_t>& y_of,
                    const std::vector<std::size_t>& order, std::size_t lo, std::size_t hi,
                    const std::vector<double>& weight, int strands, float* g) {
    const std::size_t C = model.C;
    const auto S = static_cast<std::size_t>(strands);
    std::vector<std::size_t> r;
    for (std::size_t k = lo; k < hi; ++k)
        for (std::size_t s = 0; s < S; ++s) r.push_back(order[k] * S + s);
    std::vector<float> z(kSide * C), dz(C);
    std::vector<double> p(C);
    // kSide rows at a time: their logits (W does not change within a batch), then their
    // gradients while their features are still in cache.
    for (std::size_t q0 = 0; q0 < r.size(); q0 += kSide) {
        const std::size_t n = std::min(kSide, r.size() - q0);
        logits_of_rows(model, rows, r.data() + q0, n, z.data());
        for (std::size_t q = q0; q < q0 + n; ++q) {
            const auto y = static_cast<std::size_t>(y_of[order[lo + q / S]]);
            const double w = weight[y] / strands;
            softmax(z.data() + (q - q0) * C, C, p.data());
            for (std::size_t cl = 0; cl < C; ++cl)
                dz[cl] = static_cast<float>(w * (p[cl] - (cl == y ? 1.0 : 0.0)));
            const std::size_t r0 = rows.start[r[q]];
            for (std::size_t j = r0; j < rows.start[r[q] + 1]; ++j) {
                const std::size_t at = r0 + rows.by_feature[j];
                float* gw = g + static_cast<std::size_t>(rows.index[at]) * C;
                const float x = rows.value[at];
                for (std::size_t cl = 0; cl < C; ++cl) gw[cl] += x * dz[cl];
            }
            for (std::size_t cl = 0; cl < C; ++cl) g[model.W.size() + cl] += dz[cl];
        }
    }
}

void term_probs(const Linear& model, const Rows& rows, std::size_t lo, std::size_t hi, int strands,
                std::vector<std::vector<double>>& probs) {
    const auto S = static_cast<std::size_t>(strands);
    std::vector<std::size_t> r;
    for (std::size_t k = lo; k < hi; ++k)
        for (std::size_t s = 0; s < S; ++s) r.push_back(k * S + s);
    std::vector<float> z(r.size() * model.C);
    logits_of_rows(model, rows, r.data(), r.size(), z.data());
    for (std::size_t k = lo; k < hi; ++k)
        probs[k] = strand_mean(z.data() + (k - lo) * S * model.C, nullptr, 1.0, model.C, strands);
}

}  // namespace motiftok::model::detail
