// The evaluation loop of `motiftok evaluate`: per fold and vocabulary, the four axes; rows
// averaged over folds. See include/motiftok/evaluate/evaluate.hpp and docs/evaluate.md.
#include "motiftok/evaluate/evaluate.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <nlohmann/json.hpp>

#include "axes.hpp"
#include "motiftok/error.hpp"
#include "motiftok/evaluate/split.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/random.hpp"

namespace motiftok::evaluate {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
const char* const kAxes[4] = {"expressiveness", "compression", "alignment", "interpretability"};

// Values per (vocabulary, axis, metric) and fold; rows in vocabulary, axis, first-seen order.
class Table {
  public:
    explicit Table(int folds) : folds_(folds) {}
    void add(const std::string& vocab, const std::string& axis, const std::string& metric,
             double value, int fold) {
        const Key key{vocab, axis, metric};
        auto it = values_.find(key);
        if (it == values_.end()) {
            order_.push_back(key);
            it = values_.emplace(key, std::vector<double>(static_cast<std::size_t>(folds_), kNaN))
                     .first;
        }
        it->second[static_cast<std::size_t>(fold)] = value;
    }
    // Mean over folds (a motif count missing in a fold counts 0), and with folds an sd row.
    std::vector<Row> rows(const std::vector<std::string>& vocab_order) const {
        std::vector<Row> out;
        for (const auto& v : vocab_order) {
            for (const char* axis : kAxes) {
                for (const auto& key : order_) {
                    if (key.vocab != v || key.axis != axis) continue;
                    std::vector<double> x = values_.at(key);
                    const bool count = key.metric.rfind("motif:", 0) == 0;
                    double sum = 0.0, sq = 0.0, n = 0.0;
                    for (double& a : x) {
                        if (count && std::isnan(a)) a = 0.0;
                        if (std::isnan(a)) continue;
                        sum += a;
                        n += 1.0;
                    }
                    const double mean = n > 0 ? sum / n : kNaN;
                    out.push_back({v, axis, key.metric, mean});
                    if (folds_ < 2 || count) continue;
                    for (double a : x) sq += std::isnan(a) ? 0.0 : (a - mean) * (a - mean);
                    out.push_back(
                        {v, axis, key.metric + "_sd", n > 1 ? std::sqrt(sq / (n - 1)) : kNaN});
                }
            }
        }
        return out;
    }

  private:
    struct Key {
        std::string vocab, axis, metric;
        bool operator<(const Key& o) const {
            return std::tie(vocab, axis, metric) < std::tie(o.vocab, o.axis, o.metric);
        }
    };
    int folds_;
    std::vector<Key> order_;
    std::map<Key, std::vector<double>> values_;
};

// Best paths of every record, threaded; returns the wall seconds.
double encode_all(const Candidate& c, const std::vector<io::Record>& records,
                  std::vector<std::vector<std::int32_t>>& ids, [[maybe_unused]] int threads) {
    ids.assign(records.size(), {});
    const auto start = std::chrono::steady_clock::now();
    const auto n = static_cast<std::int64_t>(records.size());
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads)
    for (std::int64_t i = 0; i < n; ++i) {
        c.encode(records[static_cast<std::size_t>(i)].seq, ids[static_cast<std::size_t>(i)]);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// One fold: which records train, which test.
struct Fold {
    int index = 0;
    std::vector<std::size_t> train, test;
    io::Dataset train_data;
    std::vector<std::int32_t> test_labels;
};

Fold make_fold(const io::Dataset& data, const std::vector<int>& fold_of, int f) {
    Fold fold;
    fold.index = f;
    fold.train_data.classes = data.classes;
    for (std::size_t i = 0; i < fold_of.size(); ++i) {
        if (fold_of[i] == f) {
            fold.test.push_back(i);
            fold.test_labels.push_back(data.labels[i]);
        } else {
            fold.train.push_back(i);
            fold.train_data.records.push_back(data.records[i]);
            fold.train_data.labels.push_back(data.labels[i]);
        }
    }
    return fold;
}

class Evaluator {
  public:
    Evaluator(const io::Dataset& data, const exports::MotifDb* motifs, const EvaluateOptions& o,
              const Progress& progress, Table& table)
        : data_(data), motifs_(motifs), o_(o), progress_(progress), table_(table) {}

    void run(const Candidate& c, const Fold& fold,
             const std::vector<std::vector<std::int32_t>>& ids, double seconds) {
        const int f = fold.index;
        auto put = [&](const char* axis, const std::string& metric, double value) {
            table_.add(c.name, axis, metric, value, f);
        };
        std::vector<std::string_view> test_seqs;
        std::vector<const std::vector<std::int32_t>*> train_ids, test_ids;
        for (auto i : fold.test) {
            test_seqs.push_back(data_.records[i].seq);
            test_ids.push_back(&ids[i]);
        }
        for (auto i : fold.train) train_ids.push_back(&ids[i]);
        std::uint64_t bases = 0;
        for (const auto& r : data_.records) bases += r.seq.size();
        std::vector<std::vector<std::int32_t>> test_paths;
        for (auto* p : test_ids) test_paths.push_back(*p);
        const Compression cm = compression(test_seqs, test_paths);

        say(c.name + ": logistic regression on best-path token counts");
        const auto lr = detail::logistic_baseline(
            train_ids, fold.train_data.labels, test_ids, fold.test_labels, c.vocabulary.size(),
            data_.classes.size(), o_.seed + static_cast<std::uint64_t>(f));
        if (o_.attention) attention(c, fold, put);
        put(kAxes[0], "lr_auroc", lr.metrics.auroc);
        put(kAxes[0], "lr_auprc", lr.metrics.auprc);
        put(kAxes[0], "lr_mcc", lr.metrics.mcc);
        put(kAxes[0], "lr_lambda", lr.lambda);
        put(kAxes[1], "vocab_size", static_cast<double>(c.vocabulary.size()));
        put(kAxes[1], "bp_per_token", cm.bp_per_token);
        put(kAxes[1], "tokens_per_sequence", cm.tokens_per_sequence);
        put(kAxes[1], "throughput_bp_per_s",
            seconds > 0 ? static_cast<double>(bases) / seconds : kNaN);
        if (motifs_ != nullptr) {
            const auto a = detail::alignment(c.vocabulary, *motifs_, o_.top, o_.max_p, o_.threads);
            put(kAxes[2], "top_tokens", static_cast<double>(a.annotated));
            put(kAxes[2], "matched_share",
                a.annotated ? static_cast<double>(a.matched) / static_cast<double>(a.annotated)
                            : kNaN);
            for (const auto& [name, n] : a.by_motif)
                put(kAxes[2], "motif:" + name, static_cast<double>(n));
        }
    }

    void say(const std::string& message) const {
        if (progress_) progress_(message);
    }
    std::string fold_label(int f, int folds) const {
        return folds >= 2 ? "fold " + std::to_string(f + 1) + "/" + std::to_string(folds) + ": "
                          : std::string();
    }

  private:
    template <class Put>
    void attention(const Candidate& c, const Fold& fold, Put& put) {
        say(c.name + ": training the attention classifier on " + std::to_string(fold.train.size()) +
            " sequences");
        model::ClassifierOptions co = o_.classifier;
        co.seed = o_.seed;
        co.threads = o_.threads;
        const model::Classifier clf = model::train_classifier(c.vocabulary, fold.train_data, co);
        std::vector<model::Example> fwd(fold.test.size()), rev;
        if (co.both_strands) rev.resize(fold.test.size());
        const auto n = static_cast<std::int64_t>(fold.test.size());
#pragma omp parallel for schedule(dynamic, 16) num_threads(o_.threads)
        for (std::int64_t i = 0; i < n; ++i) {
            const auto k = static_cast<std::size_t>(i);
            const std::string& seq = data_.records[fold.test[k]].seq;
            fwd[k] = clf.featurize(seq);
            if (!rev.empty()) rev[k] = clf.featurize(kmer::revcomp(seq));
        }
        const auto C = data_.classes.size();
        const model::Metrics m = model::evaluate(
            detail::masked_predictions(clf, fwd, rev, {}, o_.threads), fold.test_labels, C);
        put(kAxes[0], "attention_auroc", m.auroc);
        put(kAxes[0], "attention_auprc", m.auprc);
        put(kAxes[0], "attention_mcc", m.mcc);
        put(kAxes[3], "auroc", m.auroc);

        // Masks: the top k ranked tokens, and k random multi-base tokens per draw (each with
        // its reverse complement in a strand-"both" vocabulary).
        const std::vector<std::int32_t> ranked = rank_tokens(c.vocabulary);
        const std::size_t k = std::min(o_.mask_top, ranked.size());
        put(kAxes[3], "masked_tokens", static_cast<double>(k));
        if (k == 0) return;
        auto mask_of = [&](const std::vector<std::int32_t>& ids) {
            std::vector<std::uint8_t> mask(c.vocabulary.size(), 0);
            for (std::int32_t id : ids) {
                mask[static_cast<std::size_t>(id)] = 1;
                const auto rc = c.vocabulary.id(
                    kmer::revcomp(c.vocabulary.tokens()[static_cast<std::size_t>(id)].token));
                if (c.vocabulary.strand == kmer::Strand::kBoth && rc >= 0)
                    mask[static_cast<std::size_t>(rc)] = 1;
            }
            return mask;
        };
        say(c.name + ": masking the top " + std::to_string(k) + " tokens and " +
            std::to_string(o_.mask_draws) + " random draws");
        const std::vector<std::int32_t> top(ranked.begin(), ranked.begin() + static_cast<long>(k));
        put(kAxes[3], "auroc_drop_top",
            m.auroc - masked_auroc(clf, fwd, rev, fold.test_labels, mask_of(top), o_.threads));
        std::vector<double> drops;
        for (int d = 0; d < o_.mask_draws; ++d) {
            Rng rng(o_.seed * 0x9E3779B97F4A7C15ull +
                    1000003ull * static_cast<std::uint64_t>(d + 1));
            std::vector<std::int32_t> pool = ranked, pick;
            for (std::size_t j = 0; j < k; ++j) {  // partial Fisher–Yates
                std::swap(pool[j], pool[j + rng.uniform(pool.size() - j)]);
                pick.push_back(pool[j]);
            }
            drops.push_back(
                m.auroc - masked_auroc(clf, fwd, rev, fold.test_labels, mask_of(pick), o_.threads));
        }
        double mean = 0.0, sq = 0.0;
        for (double x : drops) mean += x / static_cast<double>(drops.size());
        for (double x : drops) sq += (x - mean) * (x - mean);
        put(kAxes[3], "auroc_drop_random", mean);
        put(kAxes[3], "auroc_drop_random_sd",
            drops.size() > 1 ? std::sqrt(sq / static_cast<double>(drops.size() - 1)) : kNaN);
    }

    const io::Dataset& data_;
    const exports::MotifDb* motifs_;
    const EvaluateOptions& o_;
    const Progress& progress_;
    Table& table_;
};

}  // namespace

std::vector<std::string> EvaluateOptions::problems() const {
    std::vector<std::string> p;
    if (folds == 1 || folds < 0) p.push_back("`folds` must be 0 (one split) or at least 2");
    if (folds == 0 && !(test_frac > 0.0 && test_frac < 1.0))
        p.push_back("`test_frac` must be in (0, 1)");
    if (top < 1) p.push_back("`top` must be at least 1");
    if (!(max_p >= 0.0 && max_p <= 1.0)) p.push_back("`max_p` must be in [0, 1]");
    if (mask_draws < 1) p.push_back("`mask_draws` must be at least 1");
    if (threads < 1) p.push_back("`threads` must be at least 1");
    for (auto& q : classifier.problems()) p.push_back(std::move(q));
    return p;
}

io::Dataset training_part(const io::Dataset& data, const EvaluateOptions& options) {
    if (options.folds != 0)
        throw ConfigError("the training part is defined for one split only (no folds)");
    options.validate();
    io::require_two_classes(data, "evaluation");
    const auto fold_of =
        assign_folds(data.labels, data.classes.size(), 0, options.test_frac, options.seed);
    return make_fold(data, fold_of, 0).train_data;
}

std::vector<Row> evaluate_vocabularies(const io::Dataset& data,
                                       const std::vector<Candidate>& candidates,
                                       const std::vector<Baseline>& baselines,
                                       const exports::MotifDb* motifs,
                                       const EvaluateOptions& options, const Progress& progress) {
    options.validate();
    io::require_two_classes(data, "evaluation");
    std::vector<Candidate> fixed = candidates;
    bool unigram = false;
    for (Baseline b : baselines) {
        if (b == Baseline::Kmer6) fixed.push_back(kmer_candidate(6));
        if (b == Baseline::Bases) fixed.push_back(bases_candidate());
        unigram = unigram || b == Baseline::Unigram;
    }
    std::vector<std::string> order;
    for (const auto& c : candidates) order.push_back(c.name);
    for (Baseline b : baselines) order.push_back(baseline_name(b));
    for (std::size_t i = 0; i < order.size(); ++i) {
        for (std::size_t j = 0; j < i; ++j) {
            if (order[i] == order[j])
                throw ConfigError("two vocabularies are named '" + order[i] + "'; rename one file");
        }
    }
    learn::LearnOptions uo = options.unigram;
    uo.ig_weight = 0.0;
    uo.threads = options.threads;
    if (!candidates.empty()) {
        uo.vocab_size = candidates.front().vocabulary.size();
        uo.strand = candidates.front().vocabulary.strand;
    }
    if (unigram) uo.validate();

    const std::vector<int> fold_of = assign_folds(data.labels, data.classes.size(), options.folds,
                                                  options.test_frac, options.seed);
    const int folds = std::max(options.folds, 1);
    Table table(folds);
    Evaluator ev(data, motifs, options, progress, table);
    std::vector<std::vector<std::vector<std::int32_t>>> paths(fixed.size());
    std::vector<double> seconds(fixed.size());
    for (std::size_t c = 0; c < fixed.size(); ++c) {
        seconds[c] = encode_all(fixed[c], data.records, paths[c], options.threads);
    }
    for (int f = 0; f < folds; ++f) {
        const Fold fold = make_fold(data, fold_of, f);
        if (progress) {
            progress(ev.fold_label(f, options.folds) + std::to_string(fold.train.size()) +
                     " training and " + std::to_string(fold.test.size()) + " test sequences");
        }
        for (std::size_t c = 0; c < fixed.size(); ++c) ev.run(fixed[c], fold, paths[c], seconds[c]);
        if (!unigram) continue;
        ev.say("unigram: learning " + std::to_string(uo.vocab_size) +
               " tokens with `ig_weight` 0 on the training part");
        const Candidate u =
            motiftok_candidate("unigram", learn::learn_vocabulary(fold.train_data, uo));
        std::vector<std::vector<std::int32_t>> ids;
        const double s = encode_all(u, data.records, ids, options.threads);
        ev.run(u, fold, ids, s);
    }
    return table.rows(order);
}

std::string rows_tsv(const std::vector<Row>& rows) {
    std::string out = "vocabulary\taxis\tmetric\tvalue\n";
    char buf[64];
    for (const auto& r : rows) {
        if (std::isnan(r.value)) {
            std::snprintf(buf, sizeof buf, "NA");
        } else {
            std::snprintf(buf, sizeof buf, "%.6g", r.value);
        }
        out += r.vocabulary + "\t" + r.axis + "\t" + r.metric + "\t" + buf + "\n";
    }
    return out;
}

std::string rows_json(const std::vector<Row>& rows) {
    nlohmann::ordered_json j;
    j["format"] = "motiftok-evaluate";
    j["version"] = 1;
    auto& list = j["rows"] = nlohmann::ordered_json::array();
    for (const auto& r : rows) {
        nlohmann::ordered_json row;
        row["vocabulary"] = r.vocabulary;
        row["axis"] = r.axis;
        row["metric"] = r.metric;
        if (std::isnan(r.value)) {
            row["value"] = nullptr;
        } else {
            row["value"] = r.value;
        }
        list.push_back(row);
    }
    return j.dump(1) + "\n";
}

}  // namespace motiftok::evaluate
