// Training: stratified validation split, class weights; each member's network trained by a
// NetworkTrainer (network_trainer.cpp: AdamW, early stopping), under --conv-width / --pos-bins
// auto a race between the candidate networks; with --gkm auto, the gapped k-mer term is fitted
// first (gkm_auto.cpp), then either added to the network trained alone with the weight the
// validation split prefers, or the network learns on top of it (--gkm-stack; auto races both).
#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <utility>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/model/classifier.hpp"
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

detail::TermFits::TermFits() = default;
detail::TermFits::~TermFits() = default;

const detail::GkmTermFit& detail::TermFits::member(const ClassifierOptions& one,
                                                   std::size_t classes, const io::Dataset& data,
                                                   int member) {
    const auto k = static_cast<std::size_t>(member - 1);
    if (fits_.size() <= k) fits_.resize(k + 1);
    if (!fits_[k]) {
        ClassifierOptions o = one;
        o.gkm_stack = GkmStack::kOn;  // with the offsets, for whichever run needs them
        fits_[k] = std::make_unique<GkmTermFit>(o, classes, data, member);
    }
    return *fits_[k];
}

namespace {

using detail::GkmTermFit;
using detail::NetworkTrainer;

// One trained member: the network (with the gapped k-mer term when --gkm auto kept it), the
// reports of its epochs and, under --gkm auto, the term's record.
struct Member {
    Classifier model;
    std::vector<EpochReport> history;
    GkmChoice gkm;
};

// The validation loss of `choice`'s chosen β (NaN if none).
double chosen_loss(const GkmChoice& choice) {
    for (std::size_t i = 0; i < choice.scales.size(); ++i)
        if (choice.scales[i] == choice.scale) return choice.valid_losses[i];
    return std::numeric_limits<double>::quiet_NaN();
}

// One network the race (or a member) trains: its width, bins and whether it learns on top of
// the gapped k-mer term.
struct Candidate {
    int width = 0, bins = 0;
    bool stacked = false;
};

// The validation loss of `network` as a candidate is judged: its own, or under --gkm auto that
// of network + β · term at the β the split prefers (β = 1 for a stacked network: its own).
double judged_loss(const Classifier& network, const GkmTermFit& term, bool stacked) {
    return chosen_loss(stacked ? term.choose_stacked(network) : term.choose(network));
}

// The validation loss a candidate network is judged by at the race's probe: the lowest of its
// best weights at an epoch's end (if one ended) and, when the probe stopped it inside an epoch,
// its current weights; each judged_loss() under --gkm auto. NaN without a validation split.
double judged_loss(const NetworkTrainer& trainer, const GkmTermFit* term, bool stacked) {
    double loss = std::numeric_limits<double>::quiet_NaN();
    if (trainer.epochs_run() > 0)
        loss = term ? judged_loss(trainer.best_model(), *term, stacked) : trainer.best_valid_loss();
    if (trainer.mid_epoch()) {
        const double now =
            term ? judged_loss(trainer.model(), *term, stacked) : trainer.valid_loss();
        if (!(now >= loss)) loss = now;  // the lower (NaN-safe)
    }
    return loss;
}

// The member `trainer` trained (run to its end), with `term` (when given) added: at β = 1 when
// the network learned on top of it (`stacked`), else at the β the validation split prefers.
Member finish_member(NetworkTrainer&& trainer, const GkmTermFit* term, bool stacked) {
    std::vector<EpochReport> history = trainer.history();
    Classifier network = std::move(trainer).finish();
    if (!term) return {std::move(network), std::move(history), GkmChoice{}};
    GkmChoice choice = stacked ? term->choose_stacked(network) : term->choose(network);
    Classifier model = term->add(std::move(network), choice.scale);
    return {std::move(model), std::move(history), std::move(choice)};
}

// The networks the first member tries: every (width, bins) of --conv-width auto × --pos-bins
// auto, the widths outer (the defaults first, so they win ties), each stacked on the term under
// --gkm-stack on; one entry without either, or without a validation split (nothing to choose
// on: the first candidate; with nothing to fit the term's offsets on, a stacked candidate trains
// alone).
std::vector<Candidate> network_candidates(const ClassifierOptions& o) {
    std::vector<int> widths{o.conv_width}, bins{o.pos_bins};
    const bool stacked = o.gkm_auto && o.gkm_stack == GkmStack::kOn;
    if (o.conv_auto) widths.assign(std::begin(detail::kAutoWidths), std::end(detail::kAutoWidths));
    if (o.pos_auto) bins.assign(std::begin(detail::kAutoBins), std::end(detail::kAutoBins));
    std::vector<Candidate> out;
    for (const int w : widths)
        for (const int b : bins) out.push_back({w, b, stacked});
    if (o.valid_frac <= 0.0) out.resize(1);
    return out;
}

// A trainer of `candidate`'s network (options `one` with its width and bins), on top of the
// term's offsets when stacked.
std::unique_ptr<NetworkTrainer> candidate_trainer(
    const vocab::Vocabulary& vocabulary, const io::Dataset& data, ClassifierOptions one,
    const Candidate& candidate, const GkmTermFit* term, const EpochReport& label,
    const std::function<void(const EpochReport&)>& progress) {
    one.conv_width = candidate.width;
    one.pos_bins = candidate.bins;
    const bool stack = candidate.stacked && term && !term->offsets().z.empty();
    return std::make_unique<NetworkTrainer>(vocabulary, data, one, label, progress,
                                            stack ? &term->offsets() : nullptr);
}

// --conv-width / --pos-bins auto for the first of `members` (`one`): a race between the candidate
// networks. Each trains `probe`'s epochs or steps, whichever come first (or to its early stop);
// the one with the lowest judged_loss() then (the first on ties) goes on to its own early stop,
// the others stop there. The winner's trajectory is the one it has trained alone (judging it
// inside an epoch changes nothing). Records the race in `choice`.
Member race(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
            const ClassifierOptions& one, const std::vector<Candidate>& candidates,
            const GkmTermFit* term, int members,
            const std::function<void(const EpochReport&)>& progress, const detail::RaceProbe& probe,
            NetworkChoice& choice) {
    std::vector<std::unique_ptr<NetworkTrainer>> trainers;
    std::size_t best = 0;
    choice.probe_epochs = probe.epochs;
    choice.probe_steps = probe.steps;
    for (const Candidate& c : candidates) {
        EpochReport label;
        label.members = members;
        label.candidate_width = one.conv_auto ? c.width : -1;
        label.candidate_bins = one.pos_auto ? c.bins : -1;
        auto& t = *trainers.emplace_back(
            candidate_trainer(vocabulary, data, one, c, term, label, progress));
        while (!t.done() && t.epochs_run() < probe.epochs && t.steps_run() < probe.steps)
            t.run_step();
        choice.widths.push_back(c.width);
        choice.bins.push_back(c.bins);
        choice.judged_epochs.push_back(t.epochs_trained());
        choice.valid_losses.push_back(judged_loss(t, term, c.stacked));
        if (choice.valid_losses.back() < choice.valid_losses[best]) best = trainers.size() - 1;
    }
    for (auto& t : trainers) {
        choice.epochs.push_back(t->epochs_run());
        if (t != trainers[best]) t.reset();  // the losers' memory goes before the winner trains on
    }
    trainers[best]->run_to_end();
    choice.epochs[best] = trainers[best]->epochs_run();
    choice.width = candidates[best].width;
    choice.pos_bins = candidates[best].bins;
    return finish_member(std::move(*trainers[best]), term, candidates[best].stacked);
}

// The loss `model`'s --gkm auto records judged it by: each member's chosen β's (NaN-safe sum;
// one entry per member in `per_member`).
double judged_loss(const Classifier& model, std::vector<double>& per_member) {
    double sum = 0.0;
    for (const GkmChoice& c : model.gkm_choices()) {
        per_member.push_back(chosen_loss(c));
        sum += per_member.back();
    }
    return sum;
}

// --gkm-stack auto: the model trained with the network alone and the one stacked on the term,
// each to its end (races included, their epochs labeled as alone / stacked), and the one with
// the lower validation loss kept (alone on ties or NaN), its records holding both losses.
Classifier stack_race(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                      const ClassifierOptions& options,
                      const std::function<void(const EpochReport&)>& progress,
                      const detail::RaceProbe& probe) {
    detail::TermFits terms;  // fitted once, for both runs
    std::vector<Classifier> trained;
    std::vector<std::vector<double>> losses(2);
    std::vector<double> sums;
    for (const GkmStack stack : {GkmStack::kOff, GkmStack::kOn}) {
        ClassifierOptions o = options;
        o.gkm_stack = stack;
        const int label = stack == GkmStack::kOn ? 1 : 0;
        std::function<void(const EpochReport&)> labeled;
        if (progress) {
            labeled = [&progress, label](const EpochReport& r) {
                EpochReport shown = r;
                shown.candidate_stacked = label;
                progress(shown);
            };
        }
        trained.push_back(detail::train_classifier(vocabulary, data, o, labeled, probe, &terms));
        sums.push_back(judged_loss(trained.back(), losses[trained.size() - 1]));
    }
    const std::size_t kept = sums[1] < sums[0] ? 1 : 0;
    const Classifier& k = trained[kept];
    Classifier out(k.vocabulary(), k.classes(), [&] {
        ClassifierOptions o = k.options();
        o.gkm_stack = GkmStack::kAuto;
        return o;
    }());
    out.parameters() = k.parameters();
    out.set_history(k.history());
    std::vector<GkmChoice> choices = k.gkm_choices();
    for (std::size_t m = 0; m < choices.size(); ++m)
        choices[m].stack_losses = {losses[0][m], losses[1][m]};
    out.set_gkm_choices(std::move(choices));
    out.set_network_choice(k.network_choice());
    return out;
}

}  // namespace

Classifier train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                            const ClassifierOptions& options,
                            const std::function<void(const EpochReport&)>& progress) {
    return detail::train_classifier(vocabulary, data, options, progress, detail::RaceProbe{});
}

Classifier detail::train_classifier(const vocab::Vocabulary& vocabulary, const io::Dataset& data,
                                    const ClassifierOptions& options,
                                    const std::function<void(const EpochReport&)>& progress,
                                    const RaceProbe& probe, TermFits* terms) {
    io::require_two_classes(data, "training");
    if (options.gkm_auto && options.gkm_stack == GkmStack::kAuto) {
        if (options.valid_frac > 0.0) return stack_race(vocabulary, data, options, progress, probe);
        ClassifierOptions alone = options;  // nothing to choose on: the network alone
        alone.gkm_stack = GkmStack::kOff;
        return detail::train_classifier(vocabulary, data, alone, progress, probe);
    }
    ClassifierOptions network = options;  // with --gkm auto, the network has no term
    if (options.gkm_auto) network.gkm_length = 0;
    const std::vector<Candidate> candidates = network_candidates(options);
    for (const Candidate& c : candidates) {
        network.conv_width = c.width;
        network.pos_bins = c.bins;
        const Classifier check(vocabulary, data.classes, network);  // validates the options
    }
    network.conv_width = candidates.front().width;
    network.pos_bins = candidates.front().bins;
    Candidate chosen = candidates.front();
    std::vector<Member> members;
    std::vector<NetworkChoice> network_choice;
    for (int k = 0; k < options.ensemble; ++k) {
        ClassifierOptions one = network;
        one.ensemble = 1;
        one.seed = options.seed + static_cast<std::uint64_t>(k);
        // The term's offsets are fitted only for a member that may be stacked on it.
        if (k > 0) one.gkm_stack = chosen.stacked ? GkmStack::kOn : GkmStack::kOff;
        std::unique_ptr<GkmTermFit> own_term;
        const GkmTermFit* term = nullptr;
        if (options.gkm_auto && terms) {
            term = &terms->member(one, data.classes.size(), data, k + 1);
        } else if (options.gkm_auto) {
            own_term = std::make_unique<GkmTermFit>(one, data.classes.size(), data, k + 1);
            term = own_term.get();
        }
        if (k > 0 || candidates.size() == 1) {
            EpochReport label;
            label.member = k + 1;
            label.members = options.ensemble;
            auto trainer = candidate_trainer(vocabulary, data, one, chosen, term, label, progress);
            trainer->run_to_end();
            members.push_back(finish_member(std::move(*trainer), term, chosen.stacked));
            continue;
        }
        // --conv-width / --pos-bins / --gkm-stack auto: the first member races the candidate
        // networks; the others use the winner.
        NetworkChoice choice;
        members.push_back(race(vocabulary, data, one, candidates, term, options.ensemble, progress,
                               probe, choice));
        network.conv_width = choice.width;
        network.pos_bins = choice.pos_bins;
        chosen.width = choice.width;  // (every candidate is stacked alike)
        chosen.bins = choice.pos_bins;
        network_choice.push_back(std::move(choice));
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
