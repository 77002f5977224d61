// The fit loop: while rounds remain { learn (round 1 label-blind, later an edit of the previous
// vocabulary); train; E-step on the effect split; compare on the selection split;
// keep the best; M-step }, written to read as docs/algorithm.md describes it.

#include "motiftok/fit/fit.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <sstream>
#include <unordered_map>
#include <utility>

#include "fit_steps.hpp"
#include "motiftok/error.hpp"
#include "motiftok/model/metrics.hpp"
#include "motiftok/random.hpp"

namespace motiftok::fit {

namespace {

/// Added, dropped and changed tokens between two rounds' vocabularies.
void compare(const vocab::Vocabulary* before, const vocab::Vocabulary& after, RoundReport& r) {
    if (before == nullptr) {
        r.added = after.size();
        return;
    }
    auto score = [](const vocab::Token& t) { return t.motif_score.value_or(-1.0); };
    for (const vocab::Token& t : after.tokens()) {
        const std::int32_t id = before->id(t.token);
        if (id < 0) {
            ++r.added;
        } else if (std::abs(score(t) - score(before->tokens()[static_cast<std::size_t>(id)])) >
                   0.05) {
            ++r.changed;
        }
    }
    for (const vocab::Token& t : before->tokens()) r.dropped += after.id(t.token) < 0;
}

/// The refit: the kept round's learner options and guide on all the data, each token's task
/// effect copied from the kept round's vocabulary (absent for a token that round did not have),
/// then the classifier on all the data.
std::pair<vocab::Vocabulary, model::Classifier> refit_all(const io::Dataset& data,
                                                          const vocab::Vocabulary& kept,
                                                          const learn::LearnOptions& lo,
                                                          const learn::LearnGuide& guide,
                                                          const model::ClassifierOptions& mo) {
    vocab::Vocabulary v = learn::learn_vocabulary(data, lo, {}, nullptr, guide);
    for (std::size_t i = 0; i < v.size(); ++i) {
        const std::int32_t id = kept.id(v.tokens()[i].token);
        v.edit_token(i, [&](vocab::Token& t) {
            t.task_effect =
                id < 0 ? std::nullopt : kept.tokens()[static_cast<std::size_t>(id)].task_effect;
        });
    }
    v.options_json = kept.options_json;
    model::Classifier model = model::train_classifier(v, data, mo);
    return {std::move(v), std::move(model)};
}

}  // namespace

namespace detail {

Split holdout_split(const std::vector<std::int32_t>& labels, std::size_t n_classes, double frac,
                    std::uint64_t seed) {
    Rng rng(seed ^ 0xF17F17ULL);
    enum Part : std::uint8_t { kTrain, kEffect, kSelect };
    std::vector<Part> part(labels.size(), kTrain);
    for (std::size_t c = 0; c < n_classes; ++c) {
        std::vector<std::size_t> members;
        for (std::size_t i = 0; i < labels.size(); ++i) {
            if (static_cast<std::size_t>(labels[i]) == c) members.push_back(i);
        }
        for (std::size_t i = members.size(); i > 1; --i)
            std::swap(members[i - 1], members[rng.uniform(i)]);
        const auto n =
            static_cast<std::size_t>(std::llround(frac * static_cast<double>(members.size())));
        for (std::size_t k = 0; k < n && k < members.size(); ++k)
            part[members[k]] = k % 2 == 0 ? kEffect : kSelect;
    }
    Split s;
    for (std::size_t i = 0; i < labels.size(); ++i)
        (part[i] == kTrain ? s.train : part[i] == kEffect ? s.effect : s.select).push_back(i);
    return s;
}

io::Dataset subset(const io::Dataset& data, const std::vector<std::size_t>& indices) {
    io::Dataset out;
    out.classes = data.classes;
    for (const std::size_t i : indices) {
        out.records.push_back(data.records[i]);
        out.labels.push_back(data.labels[i]);
    }
    return out;
}

}  // namespace detail

std::vector<std::string> FitOptions::problems() const {
    std::vector<std::string> problems = model.problems();
    if (rounds < 1) problems.push_back("`rounds` must be at least 1");
    if (round_patience < 1) problems.push_back("`round_patience` must be at least 1");
    if (!(holdout_frac > 0.0 && holdout_frac < 1.0))
        problems.push_back("`holdout_frac` must be between 0 and 1 (exclusive)");
    if (!(effect_weight >= 0.0 && effect_weight <= 1.0))
        problems.push_back("`effect_weight` must be in [0, 1]");
    if (!(effect_z >= 0.0 && std::isfinite(effect_z)))
        problems.push_back("`effect_z` must be a finite number >= 0");
    if (!(select_z >= 0.0 && std::isfinite(select_z)))
        problems.push_back("`select_z` must be a finite number >= 0");
    if (effect_seqs < 1) problems.push_back("`effect_seqs` must be at least 1");
    if (round_ensemble < 1 || round_ensemble > 100)
        problems.push_back("`round_ensemble` must be in 1..100");
    for (auto& p : learn.problems()) problems.push_back(std::move(p));
    return problems;
}

std::string FitOptions::to_json() const {
    nlohmann::ordered_json j;
    j["rounds"] = rounds;
    j["patience"] = round_patience;
    j["holdout_frac"] = holdout_frac;
    j["effect_weight"] = effect_weight;
    j["effect_z"] = effect_z;
    j["select_z"] = select_z;
    j["refit"] = refit;
    j["propose"] = propose;
    j["edit"] = edit;
    j["effect_seqs"] = effect_seqs;
    j["round_ensemble"] = round_ensemble;
    j["seed"] = seed;
    j["model"] = nlohmann::ordered_json::parse(model.to_json());
    return j.dump();
}

FitResult fit(const io::Dataset& data, const FitOptions& options,
              const std::function<void(const RoundReport&)>& progress) {
    options.validate();
    io::require_two_classes(data, "fit");
    const detail::Split split =
        detail::holdout_split(data.labels, data.classes.size(), options.holdout_frac, options.seed);
    const io::Dataset train = detail::subset(data, split.train);
    const io::Dataset effect_split = detail::subset(data, split.effect);
    const io::Dataset select = detail::subset(data, split.select);
    io::require_two_classes(train, "fit (training split)");
    io::require_two_classes(effect_split, "fit (held-back effect split; raise holdout_frac)");
    io::require_two_classes(select, "fit (held-back selection split; raise holdout_frac)");
    // The E-step's sequences: an evenly spaced subset of the effect split.
    std::vector<io::Record> effect_records;
    std::vector<std::int32_t> effect_labels;
    const std::size_t step =
        (effect_split.records.size() + options.effect_seqs - 1) / options.effect_seqs;
    for (std::size_t i = 0; i < effect_split.records.size(); i += step) {
        effect_records.push_back(effect_split.records[i]);
        effect_labels.push_back(effect_split.labels[i]);
    }

    learn::LearnOptions lo = options.learn;
    lo.threads = options.threads;
    lo.seed = options.seed;
    model::ClassifierOptions mo = options.model;
    mo.seed = options.seed;
    mo.threads = options.threads;
    // The rounds' classifiers: K seeds averaged (less seed noise in Δ and in the selection).
    model::ClassifierOptions round_mo = mo;
    round_mo.ensemble = options.round_ensemble;

    // The model's classes are the data's (train_classifier keeps data.classes), so the labels
    // are already the model's class indices.
    const double beta = lo.ig_weight;
    std::optional<vocab::Vocabulary> best_vocab;
    std::optional<model::Classifier> best_model;
    std::vector<double> best_losses;  // per held-back sequence, of the best round
    learn::LearnOptions best_lo;      // the learner options and guide that made the best round
    learn::LearnGuide best_guide;
    std::vector<RoundReport> reports;
    int best_round = 0;
    int since_best = 0;
    learn::LearnGuide guide;
    std::unique_ptr<vocab::Vocabulary> previous;
    for (int round = 1; round <= options.rounds; ++round) {
        const auto start = std::chrono::steady_clock::now();
        // Round 1 is the label-blind control (`learn --ig-weight 0`); from round 2 on each round
        // edits the previous vocabulary (IG and task effects), and is kept only if the loss on
        // the selection split clearly says so.
        lo.ig_weight = round == 1 ? 0.0 : beta;
        vocab::Vocabulary v = learn::learn_vocabulary(train, lo, {}, nullptr, guide);
        const learn::LearnGuide used = guide;
        model::Classifier model = model::train_classifier(v, train, round_mo);
        // The selection split: sequences neither the learner, the classifier nor the E-step saw.
        const auto probs = model.predict_all(select.records, options.threads);
        const model::Metrics m = model::evaluate(probs, select.labels, select.classes.size());
        std::vector<double> losses = detail::sequence_losses(probs, select.labels);
        const TaskEffects effect = detail::strand_mean(
            v, task_effects(model, effect_records, effect_labels, options.threads));
        for (std::size_t i = 0; i < v.size(); ++i) {
            v.edit_token(i, [&](vocab::Token& t) { t.task_effect = effect.mean[i]; });
        }

        RoundReport r;
        r.round = round;
        r.vocab_size = v.size();
        r.valid_loss = m.loss;
        r.valid_auroc = m.auroc;
        compare(previous.get(), v, r);
        r.best = detail::clearly_better(best_losses, losses, options.select_z);
        guide = detail::next_guide(v, effect, effect_records, options, guide);
        previous = std::make_unique<vocab::Vocabulary>(v);
        r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        reports.push_back(r);
        if (progress) progress(r);
        if (r.best) {
            best_losses = std::move(losses);
            best_lo = lo;
            best_guide = used;
            since_best = 0;
            best_vocab = std::move(v);
            best_model = std::move(model);
            best_round = round;
        } else if (++since_best >= options.round_patience) {
            break;
        }
    }
    nlohmann::ordered_json record = nlohmann::ordered_json::parse(best_vocab->options_json);
    record["fit"] = nlohmann::ordered_json::parse(options.to_json());
    best_vocab->options_json = record.dump();
    if (!options.refit)
        return FitResult{std::move(*best_vocab), std::move(*best_model), std::move(reports),
                         best_round};
    auto [v, model] = refit_all(data, *best_vocab, best_lo, best_guide, mo);
    return FitResult{std::move(v), std::move(model), std::move(reports), best_round};
}

std::string rounds_tsv(const std::vector<RoundReport>& rounds) {
    std::ostringstream out;
    out << "round\tvocab_size\tvalid_loss\tvalid_auroc\tadded\tdropped\tchanged\tseconds\tbest\n";
    out.precision(6);
    for (const RoundReport& r : rounds) {
        out << r.round << '\t' << r.vocab_size << '\t' << r.valid_loss << '\t' << r.valid_auroc
            << '\t' << r.added << '\t' << r.dropped << '\t' << r.changed << '\t' << r.seconds
            << '\t' << (r.best ? 1 : 0) << '\n';
    }
    return out.str();
}

}  // namespace motiftok::fit
