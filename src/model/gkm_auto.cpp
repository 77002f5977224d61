// --gkm auto: the gapped k-mer term fitted alone, in float32, on the network's own training
// split, then added to the trained network with the weight the validation split prefers:
//   z_g(x) = W φ(x) + b                      (C × F, C; φ: GappedKmers(8, 5), unit L2 norm)
//   logits(x) = network(x) + β · z_g(x),     β ∈ kAutoScales, lowest validation loss
// The term alone is a class-weighted logistic regression trained with AdamW and early stopping
// like the network; its features are computed once and cached (float32 values), so an epoch
// costs a sparse product per sequence and strand. β = 0 keeps the network as it was.
// The rows and the kernels over them are in gkm_term_kernels.{hpp,cpp}; here is the fit (an
// epoch, early stopping), the choice of β and the assembly of the network with the term.
#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <numeric>
#include <utility>

#ifdef _OPENMP
#include <omp.h>
#endif

#include "gkm_term_kernels.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/gapped_kmers.hpp"
#include "motiftok/model/metrics.hpp"
#include "training.hpp"

namespace motiftok::model::detail {
namespace {

// Sequences of each split the term's fit caches: all of them, or a seeded prefix of each (the
// same share of each split) when the estimated feature bytes exceed `cache_bytes`. (Only the fit
// and its early stopping use this subsample: β is judged on the whole validation split.)
void fit_cache(const GappedKmers& gkm, const io::Dataset& data, int strands, std::uint64_t seed,
               std::size_t cache_bytes, std::vector<std::size_t>& train,
               std::vector<std::size_t>& valid) {
    double bytes = 0.0;
    for (const auto* part : {&train, &valid}) {
        for (auto i : *part)
            bytes +=
                strands * 8.0 * static_cast<double>(gkm.max_entries(data.records[i].seq.size()));
    }
    if (bytes <= static_cast<double>(cache_bytes)) return;
    const double share = static_cast<double>(cache_bytes) / bytes;
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

// [lo, hi) of the parameters [0, P) thread `id` of `n` takes: contiguous, in thread order (any
// split gives the same values; TermStep is elementwise).
std::pair<std::size_t, std::size_t> share(std::size_t P, int id, int n) {
    return {P * static_cast<std::size_t>(id) / static_cast<std::size_t>(n),
            P * static_cast<std::size_t>(id + 1) / static_cast<std::size_t>(n)};
}

// z = W φ + b of the term for every sequence of `seqs` and strand (C per row, rows in the order
// featurize gives), featurized kLogitChunk sequences at a time: the rows of a chunk are dropped
// after it, so any number of sequences fits in memory. Each z is Linear::logits over the same
// row, whatever the chunking (logits_of_rows, the kernel the fit's validation uses).
std::vector<float> term_logits(const GappedKmers& gkm, const Linear& term, const io::Dataset& data,
                               const std::vector<std::size_t>& seqs, int strands, int threads) {
    constexpr std::size_t kLogitChunk = 128;
    const auto S = static_cast<std::size_t>(strands);
    std::vector<float> z(seqs.size() * S * term.C);
    for (std::size_t lo = 0; lo < seqs.size(); lo += kLogitChunk) {
        const std::size_t hi = std::min(lo + kLogitChunk, seqs.size());
        const std::vector<std::size_t> part(seqs.begin() + static_cast<std::ptrdiff_t>(lo),
                                            seqs.begin() + static_cast<std::ptrdiff_t>(hi));
        const Rows rows = featurize(gkm, data, part, strands, false, threads);
        std::vector<std::size_t> r(part.size() * S);
        std::iota(r.begin(), r.end(), std::size_t{0});
        logits_of_rows(term, rows, r.data(), r.size(), z.data() + lo * S * term.C);
    }
    return z;
}

// Fits the term alone: AdamW over kChunks fixed chunks per batch (the chunk gradients are
// float32 and added in chunk order), early stopping on the validation loss. Returns the
// epochs run; `model` holds the best weights. Each epoch is one parallel region (the batches'
// chunk gradients, their AdamW steps and the validation pass are work-sharing loops in it, with
// a barrier between them): a region per loop made many small ones on short sequences, with
// the threads spinning between them.
// `subset` (when given): the positions of the training rows to fit on, in place of all.
int fit_linear(Linear& model, const Rows& train_rows, const std::vector<std::int32_t>& train_y,
               const Rows& valid_rows, const std::vector<std::int32_t>& valid_y,
               const std::vector<double>& weight, int strands, const ClassifierOptions& o,
               const std::vector<std::size_t>* subset = nullptr) {
    const std::size_t C = model.C, n = subset ? subset->size() : train_y.size();
    const std::size_t P = model.W.size() + C;  // W, then b
    std::vector<std::vector<float>> chunk(kChunks, std::vector<float>(P, 0.0f));
    std::vector<float> m(P, 0.0f), v(P, 0.0f), best_W = model.W, best_b = model.b;
    std::vector<std::size_t> order(n);
    for (std::size_t i = 0; i < n; ++i) order[i] = subset ? (*subset)[i] : i;
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
        const double loss = weighted_loss(probs, valid_y, weight);
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

// The logits (strands × C per position) of each training position p under a term fitted like
// `like` (its shape; zero weights to start) on the positions outside p's fold (p mod
// kStackFolds), early-stopped on the same validation rows.
std::vector<float> out_of_fold_logits(const Linear& like, const Rows& train_rows,
                                      const std::vector<std::int32_t>& train_y,
                                      const Rows& valid_rows,
                                      const std::vector<std::int32_t>& valid_y,
                                      const std::vector<double>& weight, int strands,
                                      const ClassifierOptions& o) {
    const auto S = static_cast<std::size_t>(strands), K = static_cast<std::size_t>(kStackFolds);
    const std::size_t n = train_y.size();
    std::vector<float> z(n * S * like.C);
    for (std::size_t f = 0; f < K && n >= K; ++f) {
        std::vector<std::size_t> fit_on, rows;
        for (std::size_t p = 0; p < n; ++p) {
            if (p % K != f) {
                fit_on.push_back(p);
                continue;
            }
            for (std::size_t s = 0; s < S; ++s) rows.push_back(p * S + s);
        }
        Linear fold{std::vector<float>(like.W.size(), 0.0f), std::vector<float>(like.C, 0.0f),
                    like.C};
        fit_linear(fold, train_rows, train_y, valid_rows, valid_y, weight, strands, o, &fit_on);
        std::vector<float> zf(rows.size() * like.C);
        logits_of_rows(fold, train_rows, rows.data(), rows.size(), zf.data());
        for (std::size_t k = 0; k < rows.size(); ++k)
            std::copy_n(zf.data() + k * like.C, like.C, z.data() + rows[k] * like.C);
    }
    return z;
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
    std::vector<std::size_t> valid;  // the network's whole validation split
    std::vector<std::int32_t> valid_y;
    std::vector<double> weight;  // the training split's class weights: the loss's, as the fit's
    std::vector<float> valid_z;  // the term's logits on it (strands × C per sequence)
    GkmChoice record;
    TermOffsets offsets;  // GkmStack on / auto

    // Per validation sequence and strand, the log-probabilities of `trunk` alone.
    std::vector<double> network_log_probs(const Classifier& trunk) const;
    // The validation loss of trunk + β · term from network_log_probs().
    double loss(const std::vector<double>& base, double beta) const;
};

GkmTermFit::GkmTermFit(const ClassifierOptions& o, std::size_t classes, const io::Dataset& data,
                       int member, std::size_t cache_bytes)
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
    m.weight = class_weights(data.labels, s.train, classes);
    const std::vector<double>& weight = m.weight;
    m.valid = s.valid;
    for (auto i : m.valid) m.valid_y.push_back(data.labels[i]);
    const std::vector<std::size_t> whole_train = s.train;
    fit_cache(gkm, data, m.strands, o.seed, cache_bytes, s.train, s.valid);
    const bool stack = o.gkm_stack != GkmStack::kOff;
    std::vector<float> cached_z;  // out-of-fold logits of the cached training sequences
    std::vector<std::int32_t> train_y, stop_y;
    for (auto i : s.train) train_y.push_back(data.labels[i]);
    for (auto i : s.valid) stop_y.push_back(data.labels[i]);
    m.term.C = classes;
    m.term.W.assign(classes * gkm.features(), 0.0f);
    m.term.b.assign(classes, 0.0f);
    {
        const Rows train_rows = featurize(gkm, data, s.train, m.strands, true, o.threads);
        const Rows stop_rows = featurize(gkm, data, s.valid, m.strands, false, o.threads);
        m.record.epochs =
            fit_linear(m.term, train_rows, train_y, stop_rows, stop_y, weight, m.strands, o);
        if (stack)
            cached_z = out_of_fold_logits(m.term, train_rows, train_y, stop_rows, stop_y, weight,
                                          m.strands, o);
    }  // the cache goes before the whole validation split is featurized
    m.valid_z = term_logits(gkm, m.term, data, m.valid, m.strands, o.threads);
    if (stack) {
        TermOffsets& off = m.offsets;
        off.strands = static_cast<std::size_t>(m.strands);
        off.C = classes;
        const std::size_t per = off.strands * classes;
        off.z.assign(data.records.size() * per, 0.0f);
        const auto put = [&](const std::vector<std::size_t>& seqs, const std::vector<float>& z) {
            for (std::size_t k = 0; k < seqs.size(); ++k)
                std::copy_n(z.data() + k * per, per, off.z.data() + seqs[k] * per);
        };
        put(s.train, cached_z);
        put(m.valid, m.valid_z);
        std::vector<std::size_t> rest;  // training sequences the cache left out: the term's own
        std::set_difference(whole_train.begin(), whole_train.end(), s.train.begin(), s.train.end(),
                            std::back_inserter(rest));
        if (!rest.empty()) put(rest, term_logits(gkm, m.term, data, rest, m.strands, o.threads));
    }
    m.record.train_sequences = s.train.size();
    m.record.valid_sequences = m.valid.size();
}

GkmTermFit::~GkmTermFit() = default;

std::vector<double> GkmTermFit::Impl::network_log_probs(const Classifier& trunk) const {
    const std::size_t per = C * static_cast<std::size_t>(strands);
    std::vector<double> base(valid.size() * per);
    const std::vector<float> w32 = trunk.parameters32();
    const auto nv = static_cast<std::int64_t>(valid.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(trunk.options().threads)
    for (std::int64_t k = 0; k < nv; ++k) {
        const auto ku = static_cast<std::size_t>(k);
        const std::string& seq = data.records[valid[ku]].seq;
        for (int st = 0; st < strands; ++st) {
            const auto p = trunk.forward(trunk.featurize(st == 0 ? seq : kmer::revcomp(seq)), w32);
            for (std::size_t c = 0; c < C; ++c)
                base[ku * per + static_cast<std::size_t>(st) * C + c] =
                    std::log(std::max(p[c], 1e-300));
        }
    }
    return base;
}

double GkmTermFit::Impl::loss(const std::vector<double>& base, double beta) const {
    const std::size_t per = C * static_cast<std::size_t>(strands);
    std::vector<std::vector<double>> probs(valid.size());
    for (std::size_t k = 0; k < valid.size(); ++k)
        probs[k] = strand_mean(valid_z.data() + k * per, base.data() + k * per, beta, C, strands);
    return weighted_loss(probs, valid_y, weight);
}

GkmChoice GkmTermFit::choose(const Classifier& trunk) const {
    const Impl& m = *impl_;
    GkmChoice choice = m.record;
    if (m.valid.empty()) {
        choice.scales = {0.0};
        choice.valid_losses = {std::numeric_limits<double>::quiet_NaN()};
        return choice;
    }
    const std::vector<double> base = m.network_log_probs(trunk);
    double best_loss = std::numeric_limits<double>::infinity();
    for (const double beta : kAutoScales) {
        const double loss = m.loss(base, beta);
        choice.scales.push_back(beta);
        choice.valid_losses.push_back(loss);
        if (loss < best_loss) {
            best_loss = loss;
            choice.scale = beta;
        }
    }
    return choice;
}

GkmChoice GkmTermFit::choose_stacked(const Classifier& stacked) const {
    const Impl& m = *impl_;
    if (m.offsets.z.empty()) return choose(stacked);  // no split to fit on: nothing to stack on
    GkmChoice choice = m.record;
    choice.stacked = true;
    choice.scale = 1.0;
    choice.scales = {1.0};
    choice.valid_losses = {m.loss(m.network_log_probs(stacked), 1.0)};
    return choice;
}

const TermOffsets& GkmTermFit::offsets() const {
    return impl_->offsets;
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
