// One network's training, an epoch at a time (NetworkTrainer, training.hpp): mini-batch AdamW
// with a gradient reduction whose order does not depend on the number of threads, validation
// after every epoch and early stopping. train.cpp runs it to the end, or races several
// (--conv-width / --pos-bins auto).
#include <algorithm>
#include <cmath>
#include <cstdint>
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

namespace motiftok::model::detail {

namespace {

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

    // One step; each weight on its own, so the threads (options.threads) split the weights
    // without changing a bit.
    void step(std::vector<double>& w, const std::vector<double>& g, const ClassifierOptions& o) {
        constexpr double b1 = 0.9, b2 = 0.999, eps = 1e-8;
        ++t;
        const double c1 = 1.0 - std::pow(b1, static_cast<double>(t));
        const double c2 = 1.0 - std::pow(b2, static_cast<double>(t));
        const auto n = static_cast<std::int64_t>(w.size());
#pragma omp parallel for schedule(static) num_threads(o.threads)
        for (std::int64_t j = 0; j < n; ++j) {
            const auto i = static_cast<std::size_t>(j);
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
// passes. The lattices stay per batch (token dropout, memory). Every example it gives carries
// its `offsets` (a network stacked on the term) when there are any.
class GkmCache {
  public:
    GkmCache(const Classifier& model, const io::Dataset& data,
             const std::vector<std::size_t>& train, const std::vector<std::size_t>& valid,
             const ClassifierOptions& o, const TermOffsets* offsets)
        : strands_(o.both_strands ? 2 : 1), offsets_(offsets) {
        if (o.gkm_length <= 0) return;
        const GappedKmers gkm(o.gkm_length, o.gkm_k);
        const auto bytes = [&](const std::vector<std::size_t>& part) {
            double sum = 0.0;
            for (auto i : part)
                sum += strands_ * 8.0 *
                       static_cast<double>(gkm.max_entries(data.records[i].seq.size()));
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
        Example ex;
        if (!lattice_ || slot_[i] == kNotCached) {
            ex = model.featurize(s);
        } else {
            ex = lattice_->featurize(s);
            const std::size_t r =
                slot_[i] * static_cast<std::size_t>(strands_) + static_cast<std::size_t>(strand);
            ex.gkm_index = index_[r];
            ex.gkm_value = value_[r];
        }
        if (offsets_) {
            const float* z = offsets_->of(i, strand);
            ex.offset.assign(z, z + offsets_->C);
        }
        return ex;
    }
    // model.predict(sequence i) in float32 with `w32`, its features from the cache when there.
    std::vector<double> predict(const Classifier& model, const io::Dataset& data, std::size_t i,
                                const std::vector<float>& w32) const {
        const std::string& seq = data.records[i].seq;
        if (!offsets_ && (!lattice_ || slot_[i] == kNotCached)) return model.predict(seq, w32);
        return model.predict_strands([&](int strand) { return example(model, seq, i, strand); },
                                     w32);
    }

  private:
    static constexpr std::size_t kNotCached = ~std::size_t{0};
    std::size_t strands_;
    const TermOffsets* offsets_;           // null: none
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
        for (int c = 0; c < kChunks; ++c) loss += chunk_loss_[static_cast<std::size_t>(c)];
        // Each weight's chunks are added in chunk order, whichever thread adds them.
        const auto n = static_cast<std::int64_t>(grad_.size());
#pragma omp parallel for schedule(static) num_threads(options.threads)
        for (std::int64_t j = 0; j < n; ++j) {
            double sum = 0.0;
            for (int c = 0; c < kChunks; ++c)
                sum += static_cast<double>(
                    chunk_grad_[static_cast<std::size_t>(c)][static_cast<std::size_t>(j)]);
            grad_[static_cast<std::size_t>(j)] = sum / batch_weight;
        }
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
              const std::vector<double>& weight, [[maybe_unused]] int threads,
              EpochReport& report) {
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
    report.valid_loss = weighted_loss(probs, labels, weight);
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

}  // namespace

struct NetworkTrainer::State {
    State(const vocab::Vocabulary& vocabulary, const io::Dataset& d, const ClassifierOptions& o,
          const EpochReport& l, std::function<void(const EpochReport&)> p,
          const TermOffsets* offsets)
        : data(d),
          options(o),
          label(l),
          progress(std::move(p)),
          model(vocabulary, d.classes, o),
          rng(training_rng(o)),
          s(split(d.labels, d.classes.size(), o.valid_frac, rng)),
          weight(class_weights(d.labels, s.train, d.classes.size())),
          adam(model.layout(), o),
          batch(model.layout().total),
          stopping(model.parameters()),
          cache(model, d, s.train, s.valid, o, offsets) {}

    const io::Dataset& data;
    ClassifierOptions options;
    EpochReport label;  // member, members and the candidate of the reports
    std::function<void(const EpochReport&)> progress;
    Classifier model;
    Rng rng;  // the split's generator, then the epochs' shuffles
    Split s;
    std::vector<double> weight;  // class weights over the training split
    Adam adam;
    BatchGradient batch;
    EarlyStopping stopping;
    GkmCache cache;
    std::vector<EpochReport> history;
    bool patience_exhausted = false;
    std::size_t next = 0;  // the epoch's next training example (0: between epochs)
    double epoch_loss = 0.0, epoch_weight = 0.0;  // the epoch's so far

    // A model of the trainer's options with the weights `w`.
    Classifier with(const std::vector<double>& w) const {
        Classifier copy(model.vocabulary(), model.classes(), options);
        copy.parameters() = w;
        return copy;
    }
};

NetworkTrainer::NetworkTrainer(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                               const ClassifierOptions& options, const EpochReport& label,
                               std::function<void(const EpochReport&)> progress,
                               const TermOffsets* offsets)
    : s_(std::make_unique<State>(vocabulary, data, options, label, std::move(progress), offsets)) {}

NetworkTrainer::~NetworkTrainer() = default;

bool NetworkTrainer::done() const {
    return s_->patience_exhausted || epochs_run() >= s_->options.epochs;
}

int NetworkTrainer::epochs_run() const {
    return static_cast<int>(s_->history.size());
}

void NetworkTrainer::run_step() {
    State& t = *s_;
    const ClassifierOptions& options = t.options;
    const int epoch = epochs_run() + 1;
    if (t.next == 0) {  // the epoch begins
        shuffle(t.s.train, t.rng);
        t.epoch_loss = t.epoch_weight = 0.0;
    }
    const std::size_t nb =
        std::min(static_cast<std::size_t>(options.batch_size), t.s.train.size() - t.next);
    if (nb > 0) {
        t.epoch_weight += t.batch.run(t.model, t.data, t.s.train, t.next, nb, t.weight, options,
                                      epoch, t.cache, t.epoch_loss);
        t.adam.step(t.model.parameters(), t.batch.grad(), options);
        t.next += nb;
    }
    if (t.next < t.s.train.size()) return;
    t.next = 0;  // the epoch ends
    EpochReport report;
    report.member = t.label.member;
    report.members = t.label.members;
    report.epoch = epoch;
    report.train_loss = t.epoch_loss / t.epoch_weight;
    report.valid_loss = report.valid_auroc = std::numeric_limits<double>::quiet_NaN();
    if (!t.s.valid.empty())
        validate(t.model, t.data, t.s.valid, t.cache, t.weight, options.threads, report);
    if (!std::isfinite(report.train_loss)) {
        throw DataError("training diverged (loss is not finite at epoch " + std::to_string(epoch) +
                        "); lower the learning rate");
    }
    report.best = t.stopping.update(t.s.valid.empty() ? report.train_loss : report.valid_loss,
                                    t.model.parameters());
    t.history.push_back(report);
    if (t.progress) {
        EpochReport shown = report;
        shown.candidate_width = t.label.candidate_width;
        shown.candidate_bins = t.label.candidate_bins;
        shown.candidate_stacked = t.label.candidate_stacked;
        t.progress(shown);
    }
    t.patience_exhausted = !t.s.valid.empty() && t.stopping.patience_exhausted(options.patience);
}

void NetworkTrainer::run_epoch() {
    do run_step();
    while (s_->next != 0);
}

std::uint64_t NetworkTrainer::steps_run() const {
    // Every batch but an epoch's last is full, so `next` is a whole number of batches.
    const std::size_t B = static_cast<std::size_t>(s_->options.batch_size);
    const std::size_t per_epoch = (s_->s.train.size() + B - 1) / B;
    return static_cast<std::uint64_t>(epochs_run()) * per_epoch + s_->next / B;
}

bool NetworkTrainer::mid_epoch() const {
    return s_->next != 0;
}

double NetworkTrainer::epochs_trained() const {
    if (s_->next == 0) return epochs_run();
    return epochs_run() + static_cast<double>(s_->next) / static_cast<double>(s_->s.train.size());
}

double NetworkTrainer::valid_loss() const {
    if (s_->s.valid.empty()) return std::numeric_limits<double>::quiet_NaN();
    EpochReport report;
    validate(s_->model, s_->data, s_->s.valid, s_->cache, s_->weight, s_->options.threads, report);
    return report.valid_loss;
}

Classifier NetworkTrainer::model() const {
    return s_->with(s_->model.parameters());
}

void NetworkTrainer::run_to_end() {
    while (!done()) run_epoch();
}

double NetworkTrainer::best_valid_loss() const {
    double loss = std::numeric_limits<double>::quiet_NaN();
    for (const auto& r : s_->history)
        if (!(r.valid_loss >= loss)) loss = r.valid_loss;  // the lowest (NaN-safe)
    return loss;
}

Classifier NetworkTrainer::best_model() const {
    return s_->with(s_->stopping.best());
}

const std::vector<EpochReport>& NetworkTrainer::history() const {
    return s_->history;
}

Classifier NetworkTrainer::finish() && {
    s_->model.parameters() = std::move(s_->stopping.best());
    return std::move(s_->model);
}

}  // namespace motiftok::model::detail
