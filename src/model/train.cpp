// Training: stratified validation split, class weights, mini-batch AdamW with a gradient
// reduction whose order does not depend on the number of threads, early stopping; with
// --gkm auto, the gapped k-mer term is fitted and chosen afterwards (gkm_auto.cpp).
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/gapped_kmers.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/random.hpp"
#include "training.hpp"

namespace motiftok::model {

namespace detail {

void shuffle(std::vector<std::size_t>& v, Rng& rng) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.uniform(i)]);
}

Split split(const std::vector<std::int32_t>& labels, std::size_t classes, double frac, Rng& rng) {
    Split out;
    for (std::size_t c = 0; c < classes; ++c) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (static_cast<std::size_t>(labels[i]) == c) members.push_back(i);
        }
        shuffle(members, rng);
        auto n_valid =
            static_cast<std::size_t>(std::llround(frac * static_cast<double>(members.size())));
        if (frac > 0.0 && n_valid == 0 && members.size() >= 2) n_valid = 1;
        for (std::size_t k = 0; k < members.size(); ++k) {
            (k < n_valid ? out.valid : out.train).push_back(members[k]);
        }
    }
    std::sort(out.train.begin(), out.train.end());
    std::sort(out.valid.begin(), out.valid.end());
    return out;
}

std::vector<double> class_weights(const std::vector<std::int32_t>& labels,
                                  const std::vector<std::size_t>& train, std::size_t classes) {
    std::vector<double> weight(classes, 0.0), count(classes, 0.0);
    for (auto i : train) count[static_cast<std::size_t>(labels[i])] += 1.0;
    for (std::size_t c = 0; c < classes; ++c) {
        weight[c] = count[c] > 0 ? static_cast<double>(train.size()) / (classes * count[c]) : 0.0;
    }
    return weight;
}

}  // namespace detail

namespace {

using detail::class_weights;
using detail::kChunks;
using detail::shuffle;
using detail::Split;
using detail::split;
using detail::training_rng;

// 1 for the weight matrices (AdamW decay: E, Wc, Q, K, V, W1, W2, Pp, Wg, Fe), 0 for the
// biases and γ.
std::vector<std::uint8_t> decay_mask(const ParamLayout& L) {
    std::vector<std::uint8_t> decay(L.total, 0);
    auto mark = [&](std::size_t a, std::size_t b) {
        std::fill(decay.begin() + static_cast<std::ptrdiff_t>(a),
                  decay.begin() + static_cast<std::ptrdiff_t>(b), 1);
    };
    mark(L.E, L.bc);
    mark(L.Q, L.gamma);
    mark(L.V, L.b1);
    mark(L.W2, L.b2);
    mark(L.Pp, L.total);  // Pp, Wg and Fe
    return decay;
}

struct Adam {
    std::vector<double> m, v;
    std::vector<std::uint8_t> decay;               // decay_mask()
    std::size_t frozen_begin = 0, frozen_end = 0;  // parameters never updated (γ without bias)
    std::uint64_t t = 0;

    Adam(const ParamLayout& L, const ClassifierOptions& o)
        : m(L.total, 0.0), v(L.total, 0.0), decay(decay_mask(L)) {
        if (!o.motif_bias) {
            frozen_begin = L.gamma;
            frozen_end = L.gamma + L.heads;
        }
    }

    void step(std::vector<double>& w, const std::vector<double>& g, const ClassifierOptions& o) {
        constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        ++t;
        const double c1 = 1.0 - std::pow(b1, static_cast<double>(t));
        const double c2 = 1.0 - std::pow(b2, static_cast<double>(t));
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (i >= frozen_begin && i < frozen_end) continue;
            m[i] = b1 * m[i] + (1.0 - b1) * g[i];
            v[i] = b2 * v[i] + (1.0 - b2) * g[i] * g[i];
            const double update = (m[i] / c1) / (std::sqrt(v[i] / c2) + eps);
            w[i] -= o.learning_rate * (update + (decay[i] ? o.weight_decay * w[i] : 0.0));
        }
    }
};

// Token dropout: which occurrences of one training example stay visible. The draw depends only
// on (seed, epoch, example, strand), never on the thread that runs it. Empty = all visible.
std::vector<std::uint8_t> dropout_mask(const ClassifierOptions& options, int epoch,
                                       std::size_t example, int strand, const Example& ex) {
    std::vector<std::uint8_t> keep;
    if (options.token_dropout <= 0.0) return keep;
    Rng rng(options.seed * 0x9E3779B97F4A7C15ull ^
            (static_cast<std::uint64_t>(epoch) << 40 ^ static_cast<std::uint64_t>(example) << 1 ^
             static_cast<std::uint64_t>(strand)));
    keep.resize(ex.occurrences.size());
    bool any = false;
    for (auto& k : keep) {
        k = rng.uniform01() >= options.token_dropout;
        any = any || k != 0;
    }
    if (!any) keep.clear();  // never hide everything
    return keep;
}

// The gapped k-mer features of the training sequences (each strand), computed once for all
// epochs when they fit in kAutoCacheBytes (8 bytes a feature; else every batch recomputes
// them), and those of the validation sequences too when both splits fit: they depend on the
// sequence only, and building them costs about as much as the term's forward and backward
// passes. The lattices stay per batch (token dropout, memory).
class GkmCache {
  public:
    GkmCache(const Classifier& model, const io::Dataset& data,
             const std::vector<std::size_t>& train, const std::vector<std::size_t>& valid,
             const ClassifierOptions& o)
        : strands_(o.both_strands ? 2 : 1) {
        if (o.gkm_length <= 0) return;
        const GappedKmers gkm(o.gkm_length, o.gkm_k);
        const auto bytes = [&](const std::vector<std::size_t>& part) {
            double sum = 0.0;
            for (auto i : part) {
                const double windows = std::max<double>(
                    0.0, static_cast<double>(data.records[i].seq.size()) - gkm.length() + 1.0);
                sum += strands_ * 8.0 *
                       std::min(windows * static_cast<double>(gkm.patterns()),
                                static_cast<double>(gkm.features()));
            }
            return sum;
        };
        const double train_bytes = bytes(train), cap = static_cast<double>(detail::kAutoCacheBytes);
        if (train_bytes > cap) return;
        std::vector<std::size_t> cached = train;
        if (train_bytes + bytes(valid) <= cap)
            cached.insert(cached.end(), valid.begin(), valid.end());
        ClassifierOptions plain = o;  // the lattice without the term: built per batch
        plain.gkm_length = 0;
        plain.gkm_auto = false;
        lattice_ = std::make_unique<Classifier>(model.vocabulary(), model.classes(), plain);
        slot_.assign(data.records.size(), kNotCached);
        for (std::size_t k = 0; k < cached.size(); ++k) slot_[cached[k]] = k;
        index_.resize(cached.size() * static_cast<std::size_t>(strands_));
        value_.resize(index_.size());
        const auto n = static_cast<std::int64_t>(index_.size());
#pragma omp parallel for schedule(dynamic, 8) num_threads(o.threads)
        for (std::int64_t r = 0; r < n; ++r) {
            const auto k = static_cast<std::size_t>(r);
            const std::string& seq = data.records[cached[k / strands_]].seq;
            const std::string s = k % strands_ == 0 ? seq : kmer::revcomp(seq);
            std::vector<std::uint8_t> bases(s.size());
            for (std::size_t j = 0; j < s.size(); ++j)
                bases[j] = kmer::kNt4[static_cast<unsigned char>(s[j])];
            gkm.features(bases, index_[k], value_[k]);
        }
    }
    // Sequence i (of either split) on `strand`, ready for the network (the same Example
    // featurize() gives).
    Example example(const Classifier& model, const std::string& seq, std::size_t i,
                    int strand) const {
        const std::string s = strand == 0 ? seq : kmer::revcomp(seq);
        if (!lattice_ || slot_[i] == kNotCached) return model.featurize(s);
        Example ex = lattice_->featurize(s);
        const std::size_t r =
            slot_[i] * static_cast<std::size_t>(strands_) + static_cast<std::size_t>(strand);
        ex.gkm_index = index_[r];
        ex.gkm_value = value_[r];
        return ex;
    }
    // model.predict(sequence i) in float32 with `w32`, its features from the cache when there.
    std::vector<double> predict(const Classifier& model, const io::Dataset& data, std::size_t i,
                                const std::vector<float>& w32) const {
        const std::string& seq = data.records[i].seq;
        if (!lattice_ || slot_[i] == kNotCached) return model.predict(seq, w32);
        return model.predict_strands([&](int strand) { return example(model, seq, i, strand); },
                                     w32);
    }

  private:
    static constexpr std::size_t kNotCached = ~std::size_t{0};
    std::size_t strands_;
    std::unique_ptr<Classifier> lattice_;  // null: no cache
    std::vector<std::size_t> slot_;        // sequence -> its row block, or kNotCached
    std::vector<std::vector<std::uint32_t>> index_;
    std::vector<std::vector<float>> value_;
};

// The class-weighted gradient of one batch, summed over kChunks fixed chunks (see kChunks).
// The passes run in float32 (the weights rounded once per batch, float32 chunk gradients); the
// chunks are added in double. Lattices are built on the fly, per batch: memory stays at the
// sequences themselves (100k sequences of 200 bp hold tens of millions of occurrences).
class BatchGradient {
  public:
    explicit BatchGradient(std::size_t total)
        : chunk_grad_(kChunks, std::vector<float>(total)), chunk_loss_(kChunks), grad_(total) {}

    // Gradient of the examples train[b0, b0 + nb) divided by their total weight (grad()); adds
    // their weighted loss to `loss` (chunk by chunk) and returns their total weight.
    double run(const Classifier& model, const io::Dataset& data,
               const std::vector<std::size_t>& train, std::size_t b0, std::size_t nb,
               const std::vector<double>& weight, const ClassifierOptions& options, int epoch,
               const GkmCache& cache, double& loss) {
        const bool both = options.both_strands;
        const double strands = both ? 2.0 : 1.0;
        const std::vector<float> w32 = model.parameters32();
#pragma omp parallel for schedule(static, 1) num_threads(options.threads)
        for (int c = 0; c < kChunks; ++c) {
            auto& g = chunk_grad_[static_cast<std::size_t>(c)];
            std::fill(g.begin(), g.end(), 0.0f);
            double chunk_loss = 0.0;
            const std::size_t lo = b0 + nb * static_cast<std::size_t>(c) / kChunks;
            const std::size_t hi = b0 + nb * static_cast<std::size_t>(c + 1) / kChunks;
            for (std::size_t k = lo; k < hi; ++k) {
                const std::size_t i = train[k];
                const int y = data.labels[i];
                const double w = weight[static_cast<std::size_t>(y)] / strands;
                const std::string& seq = data.records[i].seq;
                for (int strand = 0; strand < (both ? 2 : 1); ++strand) {
                    const Example ex = cache.example(model, seq, i, strand);
                    const auto keep = dropout_mask(options, epoch, i, strand, ex);
                    chunk_loss += model.loss_and_gradient(ex, y, w, w32, g, keep);
                }
            }
            chunk_loss_[static_cast<std::size_t>(c)] = chunk_loss;
        }
        double batch_weight = 0.0;
        for (std::size_t k = b0; k < b0 + nb; ++k) {
            batch_weight += weight[static_cast<std::size_t>(data.labels[train[k]])];
        }
        std::fill(grad_.begin(), grad_.end(), 0.0);
        for (int c = 0; c < kChunks; ++c) {
            const auto& g = chunk_grad_[static_cast<std::size_t>(c)];
            for (std::size_t j = 0; j < grad_.size(); ++j) grad_[j] += static_cast<double>(g[j]);
            loss += chunk_loss_[static_cast<std::size_t>(c)];
        }
        for (auto& x : grad_) x /= batch_weight;
        return batch_weight;
    }
    const std::vector<double>& grad() const {
        return grad_;
    }

  private:
    std::vector<std::vector<float>> chunk_grad_;
    std::vector<double> chunk_loss_, grad_;
};

// Validation loss and AUROC of `model` on the sequences `valid` (threaded, order-independent).
void validate(const Classifier& model, const io::Dataset& data,
              const std::vector<std::size_t>& valid, const GkmCache& cache,
              [[maybe_unused]] int threads, EpochReport& report) {
    std::vector<std::vector<double>> probs(valid.size());
    std::vector<std::int32_t> labels(valid.size());
    const std::vector<float> w32 = model.parameters32();
    const auto nv = static_cast<std::int64_t>(valid.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(threads)
    for (std::int64_t k = 0; k < nv; ++k) {
        const std::size_t i = valid[static_cast<std::size_t>(k)];
        probs[static_cast<std::size_t>(k)] = cache.predict(model, data, i, w32);
    }
    for (std::size_t k = 0; k < valid.size(); ++k) labels[k] = data.labels[valid[k]];
    const Metrics m = evaluate(probs, labels, model.classes().size());
    report.valid_loss = m.loss;
    report.valid_auroc = m.auroc;
}

// Keeps the weights of the epoch with the lowest criterion; says when to stop.
class EarlyStopping {
  public:
    explicit EarlyStopping(std::vector<double> initial) : best_(std::move(initial)) {}
    // Returns true when `criterion` is the lowest so far (the weights are kept).
    bool update(double criterion, const std::vector<double>& weights) {
        if (criterion < best_loss_) {
            best_loss_ = criterion;
            best_ = weights;
            since_best_ = 0;
            return true;
        }
        ++since_best_;
        return false;
    }
    bool patience_exhausted(int patience) const { return since_best_ >= patience; }
    std::vector<double>& best() { return best_; }

  private:
    std::vector<double> best_;
    double best_loss_ = std::numeric_limits<double>::infinity();
    int since_best_ = 0;
};

// Trains one model (options.ensemble == 1, the gapped k-mer term as options say);
// `member` and `members` only label the reports.
Classifier train_one(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                     const ClassifierOptions& options, int member, int members,
                     const std::function<void(const EpochReport&)>& progress) {
    Classifier model(vocabulary, data.classes, options);
    Rng rng = training_rng(options);
    Split s = split(data.labels, data.classes.size(), options.valid_frac, rng);
    const std::vector<double> weight = class_weights(data.labels, s.train, data.classes.size());
    Adam adam(model.layout(), options);
    BatchGradient batch(model.layout().total);
    EarlyStopping stopping(model.parameters());
    const GkmCache cache(model, data, s.train, s.valid, options);
    const auto B = static_cast<std::size_t>(options.batch_size);

    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        shuffle(s.train, rng);
        double epoch_loss = 0.0, epoch_weight = 0.0;
        for (std::size_t b0 = 0; b0 < s.train.size(); b0 += B) {
            const std::size_t nb = std::min(B, s.train.size() - b0);
            epoch_weight +=
                batch.run(model, data, s.train, b0, nb, weight, options, epoch, cache, epoch_loss);
            adam.step(model.parameters(), batch.grad(), options);
        }
        EpochReport report;
        report.member = member;
        report.members = members;
        report.epoch = epoch;
        report.train_loss = epoch_loss / epoch_weight;
        report.valid_loss = report.valid_auroc = std::numeric_limits<double>::quiet_NaN();
        if (!s.valid.empty()) validate(model, data, s.valid, cache, options.threads, report);
        if (!std::isfinite(report.train_loss)) {
            throw DataError("training diverged (loss is not finite at epoch " +
                            std::to_string(epoch) + "); lower the learning rate");
        }
        report.best = stopping.update(s.valid.empty() ? report.train_loss : report.valid_loss,
                                      model.parameters());
        if (progress) progress(report);
        if (!s.valid.empty() && stopping.patience_exhausted(options.patience)) break;
    }
    model.parameters() = std::move(stopping.best());
    return model;
}

// One trained member: the network (with the gapped k-mer term when --gkm auto kept it), the
// reports of its epochs and, under --gkm auto, the term's record.
struct Member {
    Classifier model;
    std::vector<EpochReport> history;
    GkmChoice gkm;
    double valid_loss;  // the lowest validation loss (with the chosen β); NaN without a split
};

// Trains the network `one` describes (a single member, without the term under --gkm auto),
// then adds `term` (when given) with the β the validation split prefers. Reports go to
// `progress` labeled with `candidate` (-1: not a --conv-width / --pos-bins auto candidate).
Member train_member(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                    const ClassifierOptions& one, const detail::GkmTermFit* term, int member,
                    int members, const EpochReport& candidate,
                    const std::function<void(const EpochReport&)>& progress) {
    std::vector<EpochReport> history;
    const auto record = [&](const EpochReport& r) {
        EpochReport shown = r;
        shown.candidate_width = candidate.candidate_width;
        shown.candidate_bins = candidate.candidate_bins;
        if (progress) progress(shown);
        history.push_back(r);
    };
    Classifier network = train_one(vocabulary, data, one, member, members, record);
    double loss = std::numeric_limits<double>::quiet_NaN();
    for (const auto& r : history)
        if (!(r.valid_loss >= loss)) loss = r.valid_loss;  // the lowest (NaN-safe)
    if (!term) return {std::move(network), std::move(history), GkmChoice{}, loss};
    GkmChoice choice = term->choose(network);
    for (std::size_t i = 0; i < choice.scales.size(); ++i)
        if (choice.scales[i] == choice.scale) loss = choice.valid_losses[i];
    Classifier model = term->add(std::move(network), choice.scale);
    return {std::move(model), std::move(history), std::move(choice), loss};
}

// The position bins `--pos-bins auto` tries, in order (the first, the default, wins ties).
constexpr int kAutoBins[] = {8, 32};

// The networks the first member tries: every (width, bins) of --conv-width auto × --pos-bins
// auto, the widths outer (the defaults first, so they win ties); one entry without either, or
// without a validation split (nothing to choose on: the first candidate).
std::vector<std::pair<int, int>> network_candidates(const ClassifierOptions& o) {
    std::vector<int> widths{o.conv_width}, bins{o.pos_bins};
    if (o.conv_auto) widths.assign(std::begin(detail::kAutoWidths), std::end(detail::kAutoWidths));
    if (o.pos_auto) bins.assign(std::begin(kAutoBins), std::end(kAutoBins));
    std::vector<std::pair<int, int>> out;
    for (const int w : widths)
        for (const int b : bins) out.emplace_back(w, b);
    if (o.valid_frac <= 0.0) out.resize(1);
    return out;
}

}  // namespace

Classifier train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                            const ClassifierOptions& options,
                            const std::function<void(const EpochReport&)>& progress) {
    io::require_two_classes(data, "training");
    ClassifierOptions network = options;  // with --gkm auto, the network has no term
    if (options.gkm_auto) network.gkm_length = 0;
    const auto candidates = network_candidates(options);
    for (const auto& [w, b] : candidates) {
        network.conv_width = w;
        network.pos_bins = b;
        const Classifier check(vocabulary, data.classes, network);  // validates the options
    }
    network.conv_width = candidates.front().first;
    network.pos_bins = candidates.front().second;
    std::vector<Member> members;
    std::vector<NetworkChoice> network_choice;
    for (int k = 0; k < options.ensemble; ++k) {
        ClassifierOptions one = network;
        one.ensemble = 1;
        one.seed = options.seed + static_cast<std::uint64_t>(k);
        std::unique_ptr<detail::GkmTermFit> term;
        if (options.gkm_auto)
            term = std::make_unique<detail::GkmTermFit>(one, data.classes.size(), data, k + 1);
        if (k > 0 || candidates.size() == 1) {
            members.push_back(train_member(vocabulary, data, one, term.get(), k + 1,
                                           options.ensemble, EpochReport{}, progress));
            continue;
        }
        // --conv-width / --pos-bins auto: the first member tries every candidate network; the
        // others use its choice.
        NetworkChoice choice;
        std::unique_ptr<Member> best;
        for (const auto& [w, b] : candidates) {
            one.conv_width = w;
            one.pos_bins = b;
            EpochReport label;
            label.candidate_width = options.conv_auto ? w : -1;
            label.candidate_bins = options.pos_auto ? b : -1;
            Member m = train_member(vocabulary, data, one, term.get(), 1, options.ensemble, label,
                                    progress);
            choice.widths.push_back(w);
            choice.bins.push_back(b);
            choice.epochs.push_back(static_cast<int>(m.history.size()));
            choice.valid_losses.push_back(m.valid_loss);
            if (!best || m.valid_loss < best->valid_loss)
                best = std::make_unique<Member>(std::move(m));
        }
        choice.width = best->model.options().conv_width;
        choice.pos_bins = best->model.options().pos_bins;
        network.conv_width = choice.width;
        network.pos_bins = choice.pos_bins;
        network_choice.push_back(choice);
        members.push_back(std::move(*best));
    }
    // The ensemble holds the term when any member chose it (the others' W_g stay zero).
    ClassifierOptions resolved = network;
    std::vector<EpochReport> history;
    std::vector<GkmChoice> choices;
    for (const auto& m : members) {
        if (m.model.options().gkm_length > 0) {
            resolved.gkm_length = m.model.options().gkm_length;
            resolved.gkm_k = m.model.options().gkm_k;
        }
        history.insert(history.end(), m.history.begin(), m.history.end());
        if (options.gkm_auto) choices.push_back(m.gkm);
    }
    Classifier ensemble(vocabulary, data.classes, resolved);
    const ParamLayout& L = ensemble.layout();
    for (std::size_t k = 0; k < members.size(); ++k) {
        const auto& w = members[k].model.parameters();
        const ParamLayout& M = members[k].model.layout();
        auto* dst = ensemble.parameters().data() + k * L.total;
        auto at = [&w](std::size_t i) { return w.begin() + static_cast<std::ptrdiff_t>(i); };
        std::copy(at(0), at(M.Wg), dst);            // the groups before W_g: the same layout
        std::fill(dst + L.Wg, dst + L.Fe, 0.0);     // W_g: zero unless the member has it
        std::copy(at(M.Wg), at(M.Fe), dst + L.Wg);  // (same size when it has)
        std::copy(at(M.Fe), at(M.total), dst + L.Fe);
    }
    ensemble.set_history(std::move(history));
    ensemble.set_gkm_choices(std::move(choices));
    ensemble.set_network_choice(std::move(network_choice));
    return ensemble;
}

}  // namespace motiftok::model
