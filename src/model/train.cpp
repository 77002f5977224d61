// Training: stratified validation split, class weights, mini-batch AdamW with a gradient
// reduction whose order does not depend on the number of threads, early stopping.
#include <algorithm>
#include <cmath>
#include <limits>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/random.hpp"

namespace motiftok::model {
namespace {

// A batch is cut into this many fixed chunks; each chunk sums its examples' gradients in
// order into its own buffer, and the buffers are added in chunk order. Threads only decide
// which chunk runs where, never the order of additions: -t 1 and -t N give the same bytes.
constexpr int kChunks = 8;

void shuffle(std::vector<std::size_t>& v, Rng& rng) {
    for (std::size_t i = v.size(); i > 1; --i) std::swap(v[i - 1], v[rng.uniform(i)]);
}

// Stratified split: per class, a seeded shuffle; the first round(frac · n_c) go to validation
// (at least one when frac > 0 and the class has two or more sequences).
void split(const std::vector<std::int32_t>& labels, std::size_t classes, double frac, Rng& rng,
           std::vector<std::size_t>& train, std::vector<std::size_t>& valid) {
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
            (k < n_valid ? valid : train).push_back(members[k]);
        }
    }
    std::sort(train.begin(), train.end());
    std::sort(valid.begin(), valid.end());
}

struct Adam {
    std::vector<double> m, v;
    std::vector<std::uint8_t> decay;  // 1 for weight matrices (AdamW decay), 0 for biases and γ
    std::uint64_t t = 0;

    void step(std::vector<double>& w, const std::vector<double>& g, const ClassifierOptions& o,
              std::size_t frozen_begin, std::size_t frozen_end) {
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

// Trains one model (options.ensemble == 1); `member` and `members` only label the reports.
Classifier train_one(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                     const ClassifierOptions& options, int member, int members,
                     const std::function<void(const EpochReport&)>& progress) {
    Classifier model(vocabulary, data.classes, options);
    const ParamLayout& L = model.layout();
    const std::size_t C = data.classes.size();
    Rng rng(options.seed ^ 0x5eedULL);
    std::vector<std::size_t> train, valid;
    split(data.labels, C, options.valid_frac, rng, train, valid);

    // Class weights n / (C · n_c) over the training split: every class weighs the same in total.
    std::vector<double> weight(C, 0.0), count(C, 0.0);
    for (auto i : train) count[static_cast<std::size_t>(data.labels[i])] += 1.0;
    for (std::size_t c = 0; c < C; ++c) {
        weight[c] = count[c] > 0 ? static_cast<double>(train.size()) / (C * count[c]) : 0.0;
    }

    // Lattices are built on the fly, per batch: memory stays at the sequences themselves
    // (100k sequences of 200 bp hold tens of millions of occurrences).
    const bool both = options.both_strands;

    Adam adam;
    adam.m.assign(L.total, 0.0);
    adam.v.assign(L.total, 0.0);
    adam.decay.assign(L.total, 0);
    auto mark = [&](std::size_t a, std::size_t b) {
        std::fill(adam.decay.begin() + a, adam.decay.begin() + b, 1);
    };
    mark(L.E, L.bc);
    mark(L.Q, L.gamma);
    mark(L.V, L.b1);
    mark(L.W2, L.b2);
    mark(L.Pp, L.total);  // Pp and Wg
    const std::size_t frozen_begin = options.motif_bias ? 0 : L.gamma;
    const std::size_t frozen_end = options.motif_bias ? 0 : L.gamma + L.heads;

    std::vector<std::vector<double>> chunk_grad(kChunks, std::vector<double>(L.total));
    std::vector<double> chunk_loss(kChunks), grad(L.total);
    std::vector<double> best = model.parameters();
    double best_loss = std::numeric_limits<double>::infinity();
    int since_best = 0;
    const auto B = static_cast<std::size_t>(options.batch_size);
    const double strands = both ? 2.0 : 1.0;

    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        shuffle(train, rng);
        double epoch_loss = 0.0, epoch_weight = 0.0;
        for (std::size_t b0 = 0; b0 < train.size(); b0 += B) {
            const std::size_t nb = std::min(B, train.size() - b0);
#pragma omp parallel for schedule(static, 1)
            for (int c = 0; c < kChunks; ++c) {
                auto& g = chunk_grad[static_cast<std::size_t>(c)];
                std::fill(g.begin(), g.end(), 0.0);
                double loss = 0.0;
                const std::size_t lo = b0 + nb * static_cast<std::size_t>(c) / kChunks;
                const std::size_t hi = b0 + nb * static_cast<std::size_t>(c + 1) / kChunks;
                for (std::size_t k = lo; k < hi; ++k) {
                    const std::size_t i = train[k];
                    const int y = data.labels[i];
                    const double w = weight[static_cast<std::size_t>(y)] / strands;
                    const std::string& seq = data.records[i].seq;
                    for (int strand = 0; strand < (both ? 2 : 1); ++strand) {
                        const Example ex = model.featurize(strand == 0 ? seq : kmer::revcomp(seq));
                        const auto keep = dropout_mask(options, epoch, i, strand, ex);
                        loss += model.loss_and_gradient(ex, y, w, g, keep);
                    }
                }
                chunk_loss[static_cast<std::size_t>(c)] = loss;
            }
            double batch_weight = 0.0;
            for (std::size_t k = b0; k < b0 + nb; ++k) {
                batch_weight += weight[static_cast<std::size_t>(data.labels[train[k]])];
            }
            std::fill(grad.begin(), grad.end(), 0.0);
            for (int c = 0; c < kChunks; ++c) {
                const auto& g = chunk_grad[static_cast<std::size_t>(c)];
                for (std::size_t j = 0; j < L.total; ++j) grad[j] += g[j];
                epoch_loss += chunk_loss[static_cast<std::size_t>(c)];
            }
            for (auto& x : grad) x /= batch_weight;
            epoch_weight += batch_weight;
            adam.step(model.parameters(), grad, options, frozen_begin, frozen_end);
        }
        EpochReport report;
        report.member = member;
        report.members = members;
        report.epoch = epoch;
        report.train_loss = epoch_loss / epoch_weight;
        report.valid_loss = report.valid_auroc = std::numeric_limits<double>::quiet_NaN();
        if (!valid.empty()) {
            std::vector<std::vector<double>> probs(valid.size());
            std::vector<std::int32_t> labels(valid.size());
            const auto nv = static_cast<std::int64_t>(valid.size());
#pragma omp parallel for schedule(dynamic, 16)
            for (std::int64_t k = 0; k < nv; ++k) {
                const std::size_t i = valid[static_cast<std::size_t>(k)];
                probs[static_cast<std::size_t>(k)] = model.predict(data.records[i].seq);
            }
            for (std::size_t k = 0; k < valid.size(); ++k) labels[k] = data.labels[valid[k]];
            const Metrics m = evaluate(probs, labels, C);
            report.valid_loss = m.loss;
            report.valid_auroc = m.auroc;
        }
        const double criterion = valid.empty() ? report.train_loss : report.valid_loss;
        if (!std::isfinite(report.train_loss)) {
            throw DataError("training diverged (loss is not finite at epoch " +
                            std::to_string(epoch) + "); lower the learning rate");
        }
        if (criterion < best_loss) {
            best_loss = criterion;
            best = model.parameters();
            since_best = 0;
            report.best = true;
        } else {
            ++since_best;
        }
        if (progress) progress(report);
        if (!valid.empty() && since_best >= options.patience) break;
    }
    model.parameters() = best;
    return model;
}

}  // namespace

Classifier train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                            const ClassifierOptions& options,
                            const std::function<void(const EpochReport&)>& progress) {
    io::require_two_classes(data, "training");
    Classifier ensemble(vocabulary, data.classes, options);  // validates the options
    const std::size_t total = ensemble.layout().total;
    std::vector<EpochReport> history;
    const auto record = [&history, &progress](const EpochReport& r) {
        history.push_back(r);
        if (progress) progress(r);
    };
    for (int k = 0; k < options.ensemble; ++k) {
        ClassifierOptions one = options;
        one.ensemble = 1;
        one.seed = options.seed + static_cast<std::uint64_t>(k);
        const Classifier member = train_one(vocabulary, data, one, k + 1, options.ensemble, record);
        std::copy(member.parameters().begin(), member.parameters().end(),
                  ensemble.parameters().begin() + static_cast<std::ptrdiff_t>(k * total));
    }
    ensemble.set_history(std::move(history));
    return ensemble;
}

}  // namespace motiftok::model
