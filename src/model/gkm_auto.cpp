// --gkm auto: the gapped k-mer term fitted alone, in float32, on the network's own training
// split, then added to the trained network with the weight the validation split prefers:
//   z_g(x) = W φ(x) + b                      (C × F, C; φ: GappedKmers(8, 5), unit L2 norm)
//   logits(x) = network(x) + β · z_g(x),     β ∈ kAutoScales, lowest validation loss
// The term alone is a class-weighted logistic regression trained with AdamW and early stopping
// like the network; its features are computed once and cached (float32 values), so an epoch
// costs a sparse product per sequence and strand. β = 0 keeps the network as it was.
#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/gapped_kmers.hpp"
#include "motiftok/model/metrics.hpp"
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

// Sparse rows (one per sequence and strand) pooled in arrays; row r is [start[r], start[r + 1]),
// its features in the order GappedKmers::features gives (the logits add them in that order).
// `by_feature` (when asked for) lists each row's positions again, in ascending feature order:
// the gradient's scatter into W's columns then sweeps memory forward instead of jumping (each
// column gets one addend per row, so the order within a row changes no value).
struct Rows {
    std::vector<std::uint16_t> index;
    std::vector<float> value;
    std::vector<std::size_t> start{0};
    std::vector<std::uint16_t> by_feature;  // position within the row
};

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

// The feature rows of `seqs` (strands rows per sequence: forward, then reverse complement),
// computed in blocks in parallel and appended in order; `by_feature` filled when `sorted`.
Rows featurize(const GappedKmers& gkm, const io::Dataset& data,
               const std::vector<std::size_t>& seqs, int strands, bool sorted,
               [[maybe_unused]] int threads) {
    Rows rows;
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

// The linear term in float32: W C × F (column f = feature f), b C.
struct Linear {
    std::vector<float> W, b;
    std::size_t C = 0;

    // z = W φ_r + b for row r.
    void logits(const Rows& rows, std::size_t r, float* z) const {
        for (std::size_t c = 0; c < C; ++c) z[c] = b[c];
        for (std::size_t j = rows.start[r]; j < rows.start[r + 1]; ++j) {
            const float v = rows.value[j];
            const float* w = W.data() + static_cast<std::size_t>(rows.index[j]) * C;
            for (std::size_t c = 0; c < C; ++c) z[c] += v * w[c];
        }
    }
};

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

// The logits of rows r[0, n) into z (n × C): four rows side by side for 2 and 3 classes,
// Linear::logits row by row otherwise. The same values either way.
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

// Softmax of `z` (C values) into p, in double.
template <typename T>
void softmax(const T* z, std::size_t C, double* p) {
    double top = -std::numeric_limits<double>::infinity();
    for (std::size_t c = 0; c < C; ++c) top = std::max(top, static_cast<double>(z[c]));
    double sum = 0.0;
    for (std::size_t c = 0; c < C; ++c) sum += p[c] = std::exp(static_cast<double>(z[c]) - top);
    for (std::size_t c = 0; c < C; ++c) p[c] /= sum;
}

// Sequences of each split the cache can hold: all of them, or a seeded prefix of each (the same
// share of each split) when the estimated feature count exceeds kAutoCacheBytes.
void fit_cache(const GappedKmers& gkm, const io::Dataset& data, int strands, std::uint64_t seed,
               std::vector<std::size_t>& train, std::vector<std::size_t>& valid) {
    double bytes = 0.0;
    for (const auto* part : {&train, &valid}) {
        for (auto i : *part) {
            const double windows = std::max<double>(
                0.0, static_cast<double>(data.records[i].seq.size()) - gkm.length() + 1.0);
            bytes += strands * 8.0 *
                     std::min(windows * static_cast<double>(gkm.patterns()),
                              static_cast<double>(gkm.features()));
        }
    }
    if (bytes <= static_cast<double>(kAutoCacheBytes)) return;
    const double share = static_cast<double>(kAutoCacheBytes) / bytes;
    Rng rng(seed ^ 0x67b3a1ULL);
    for (auto* part : {&train, &valid}) {
        shuffle(*part, rng);
        const auto keep = std::max<std::size_t>(
            std::min<std::size_t>(part->size(), 2),
            static_cast<std::size_t>(share * static_cast<double>(part->size())));
        part->resize(keep);
        std::sort(part->begin(), part->end());
    }
}

// Mean over strands of the per-strand class probabilities of sequence k, each
// softmax(base_s + β · z_s) (base: the network's log-probabilities, or 0 for the term alone).
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

// One AdamW step of the term from the kChunks chunk gradients (each cleared for the next
// batch), for the parameters [lo, hi) of W then b. Per parameter: the chunk gradients summed in
// chunk order (a chunk that did not touch it holds zero, which adds nothing), then AdamW (decay
// on W only). Elementwise and dense: any split of [0, P) into ranges gives the same values.
struct TermStep {
    std::vector<std::vector<float>>& chunk;
    std::vector<float>& m;
    std::vector<float>& v;
    Linear& model;
    float lr, wd, inv_w, c1, c2;

    void operator()(std::size_t lo, std::size_t hi) const {
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
};

// Adds to `g` (W's columns, then b) the class-weighted gradient of the training examples
// order[lo, hi): per example and strand, dz = w · (softmax(z) − onehot(y)), scattered into the
// row's columns in ascending feature order.
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

// The class probabilities of the term alone (mean over strands) for the validation sequences
// [lo, hi), into probs.
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

// [lo, hi) of the parameters [0, P) thread `id` of `n` takes: contiguous, in thread order (any
// split gives the same values; TermStep is elementwise).
std::pair<std::size_t, std::size_t> share(std::size_t P, int id, int n) {
    return {P * static_cast<std::size_t>(id) / static_cast<std::size_t>(n),
            P * static_cast<std::size_t>(id + 1) / static_cast<std::size_t>(n)};
}

// Fits the term alone: AdamW over kChunks fixed chunks per batch (the chunk gradients are
// float32 and added in chunk order), early stopping on the validation loss. Returns the
// epochs run; `model` holds the best weights. Each epoch is one parallel region (the batches'
// chunk gradients, their AdamW steps and the validation pass are work-sharing loops in it, with
// a barrier between them): a region per loop made many small ones on short sequences, with
// the threads spinning between them.
int fit_linear(Linear& model, const Rows& train_rows, const std::vector<std::int32_t>& train_y,
               const Rows& valid_rows, const std::vector<std::int32_t>& valid_y,
               const std::vector<double>& weight, int strands, const ClassifierOptions& o) {
    const std::size_t C = model.C, n = train_y.size();
    const std::size_t P = model.W.size() + C;  // W, then b
    std::vector<std::vector<float>> chunk(kChunks, std::vector<float>(P, 0.0f));
    std::vector<float> m(P, 0.0f), v(P, 0.0f), best_W = model.W, best_b = model.b;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = i;
    Rng rng(o.seed ^ 0x9c3e1ULL);
    const auto B = static_cast<std::size_t>(o.batch_size) * kAutoBatchFactor;
    const auto lr = static_cast<float>(o.learning_rate * kAutoRateFactor);
    const auto wd = static_cast<float>(o.weight_decay);
    double best_loss = std::numeric_limits<double>::infinity();
    int since_best = 0, epoch = 0;
    std::uint64_t t = 0;  // AdamW steps before this epoch
    std::vector<std::vector<double>> probs(valid_y.size());
    while (epoch < std::min(o.epochs, kAutoEpochs) && since_best < o.patience) {
        ++epoch;
        shuffle(order, rng);
        const std::size_t batches = (n + B - 1) / B;
#pragma omp parallel num_threads(o.threads)
        {
            int id = 0, team = 1;
#ifdef _OPENMP
            id = omp_get_thread_num();
            team = omp_get_num_threads();
#endif
            const auto [lo, hi] = share(P, id, team);
            for (std::size_t b = 0; b < batches; ++b) {
                const std::size_t b0 = b * B, nb = std::min(B, n - b0);
#pragma omp for schedule(dynamic, 1)
                for (int c = 0; c < kChunks; ++c) {
                    chunk_gradient(model, train_rows, train_y, order,
                                   b0 + nb * static_cast<std::size_t>(c) / kChunks,
                                   b0 + nb * static_cast<std::size_t>(c + 1) / kChunks, weight,
                                   strands, chunk[static_cast<std::size_t>(c)].data());
                }
                // Every thread computes the step's constants alike, then updates its share.
                double batch_weight = 0.0;
                for (std::size_t k = b0; k < b0 + nb; ++k)
                    batch_weight += weight[static_cast<std::size_t>(train_y[order[k]])];
                const auto step = static_cast<double>(t + b + 1);
                TermStep{chunk,
                         m,
                         v,
                         model,
                         lr,
                         wd,
                         static_cast<float>(1.0 / batch_weight),
                         static_cast<float>(1.0 - std::pow(0.9, step)),
                         static_cast<float>(1.0 - std::pow(0.999, step))}(lo, hi);
#pragma omp barrier
            }
            // Validation loss of the term alone, 8 sequences at a time.
            const auto blocks = static_cast<std::int64_t>((valid_y.size() + 7) / 8);
#pragma omp for schedule(dynamic, 2) nowait
            for (std::int64_t k = 0; k < blocks; ++k) {
                const auto first = static_cast<std::size_t>(k) * 8;
                term_probs(model, valid_rows, first, std::min(first + 8, valid_y.size()), strands,
                           probs);
            }
        }  // (the region's end is the barrier)
        t += batches;
        const double loss = evaluate(probs, valid_y, C).loss;
        if (!std::isfinite(loss)) break;
        if (loss < best_loss) {
            best_loss = loss;
            best_W = model.W;
            best_b = model.b;
            since_best = 0;
        } else {
            ++since_best;
        }
    }
    model.W = std::move(best_W);
    model.b = std::move(best_b);
    return epoch;
}

// `trunk`'s weights in the layout of `out` (the same network with a gapped k-mer term): every
// group but W_g copied, W_g = β W, b2 += β b.
void assemble(const Classifier& trunk, const Linear& term, double beta, Classifier& out) {
    const ParamLayout& T = trunk.layout();
    const ParamLayout& L = out.layout();
    const auto& src = trunk.parameters();
    auto& dst = out.parameters();
    std::copy(src.begin(), src.begin() + static_cast<std::ptrdiff_t>(T.Wg), dst.begin());
    std::copy(src.begin() + static_cast<std::ptrdiff_t>(T.Fe), src.end(),
              dst.begin() + static_cast<std::ptrdiff_t>(L.Fe));
    for (std::size_t j = 0; j < term.W.size(); ++j)
        dst[L.Wg + j] = beta * static_cast<double>(term.W[j]);
    for (std::size_t c = 0; c < term.C; ++c) dst[L.b2 + c] += beta * static_cast<double>(term.b[c]);
}

}  // namespace

struct GkmTermFit::Impl {
    explicit Impl(const io::Dataset& d) : data(d) {}
    const io::Dataset& data;
    std::size_t C = 0;
    int strands = 1;
    Linear term;
    Rows valid_rows;
    std::vector<std::size_t> valid;
    std::vector<std::int32_t> valid_y;
    GkmChoice record;
};

GkmTermFit::GkmTermFit(const ClassifierOptions& o, std::size_t classes, const io::Dataset& data,
                       int member)
    : impl_(std::make_unique<Impl>(data)) {
    Impl& m = *impl_;
    m.C = classes;
    m.strands = o.both_strands ? 2 : 1;
    const GappedKmers gkm(kAutoLength, kAutoInformative);
    Rng rng = training_rng(o);
    Split s = split(data.labels, classes, o.valid_frac, rng);  // the network's own split
    m.record.member = member;
    m.record.length = kAutoLength;
    m.record.informative = kAutoInformative;
    if (s.valid.empty() || s.train.empty()) return;  // nothing to decide on: no term
    const std::vector<double> weight = class_weights(data.labels, s.train, classes);
    fit_cache(gkm, data, m.strands, o.seed, s.train, s.valid);
    std::vector<std::int32_t> train_y;
    for (auto i : s.train) train_y.push_back(data.labels[i]);
    for (auto i : s.valid) m.valid_y.push_back(data.labels[i]);
    const Rows train_rows = featurize(gkm, data, s.train, m.strands, true, o.threads);
    m.valid_rows = featurize(gkm, data, s.valid, m.strands, false, o.threads);
    m.valid = s.valid;
    m.term.C = classes;
    m.term.W.assign(classes * gkm.features(), 0.0f);
    m.term.b.assign(classes, 0.0f);
    m.record.epochs =
        fit_linear(m.term, train_rows, train_y, m.valid_rows, m.valid_y, weight, m.strands, o);
    m.record.train_sequences = s.train.size();
    m.record.valid_sequences = s.valid.size();
}

GkmTermFit::~GkmTermFit() = default;

GkmChoice GkmTermFit::choose(const Classifier& trunk) const {
    const Impl& m = *impl_;
    GkmChoice choice = m.record;
    if (m.valid.empty()) {
        choice.scales = {0.0};
        choice.valid_losses = {std::numeric_limits<double>::quiet_NaN()};
        return choice;
    }
    // Per validation sequence and strand: the network's log-probabilities and the term.
    const std::size_t C = m.C, per = C * static_cast<std::size_t>(m.strands);
    std::vector<double> base(m.valid.size() * per);
    std::vector<float> z(m.valid.size() * per);
    const std::vector<float> w32 = trunk.parameters32();
    const auto nv = static_cast<std::int64_t>(m.valid.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(trunk.options().threads)
    for (std::int64_t k = 0; k < nv; ++k) {
        const auto ku = static_cast<std::size_t>(k);
        const std::string& seq = m.data.records[m.valid[ku]].seq;
        for (int st = 0; st < m.strands; ++st) {
            const auto p = trunk.forward(trunk.featurize(st == 0 ? seq : kmer::revcomp(seq)), w32);
            for (std::size_t c = 0; c < C; ++c)
                base[ku * per + static_cast<std::size_t>(st) * C + c] =
                    std::log(std::max(p[c], 1e-300));
            m.term.logits(m.valid_rows,
                          ku * static_cast<std::size_t>(m.strands) + static_cast<std::size_t>(st),
                          z.data() + ku * per + static_cast<std::size_t>(st) * C);
        }
    }
    double best_loss = std::numeric_limits<double>::infinity();
    for (const double beta : kAutoScales) {
        std::vector<std::vector<double>> probs(m.valid.size());
        for (std::size_t k = 0; k < m.valid.size(); ++k)
            probs[k] = strand_mean(z.data() + k * per, base.data() + k * per, beta, C, m.strands);
        const double loss = evaluate(probs, m.valid_y, C).loss;
        choice.scales.push_back(beta);
        choice.valid_losses.push_back(loss);
        if (loss < best_loss) {
            best_loss = loss;
            choice.scale = beta;
        }
    }
    return choice;
}

Classifier GkmTermFit::add(Classifier trunk, double beta) const {
    if (beta == 0.0) return trunk;
    ClassifierOptions with = trunk.options();
    with.gkm_length = kAutoLength;
    with.gkm_k = kAutoInformative;
    Classifier out(trunk.vocabulary(), trunk.classes(), with);
    assemble(trunk, impl_->term, beta, out);
    return out;
}

}  // namespace motiftok::model::detail
