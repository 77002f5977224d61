#pragma once
// Shared by the tests of the choices the validation split makes among networks (--conv-width
// auto in conv_auto_test.cpp, --pos-bins auto in pos_auto_test.cpp): the options of a choice, the
// explicit run of one candidate, a candidate's validation loss, and the checks every such choice
// must pass (the race; the record survives model.bin; the same bytes for a rerun and for 1 and
// 2 threads; no choice without a validation split).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <memory>

#include "model/training.hpp"
#include "model_fixtures.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

namespace motiftok::test {

/// fast_options() with `epochs` epochs, a quarter of the data for validation, --gkm auto if
/// asked (the network alone: --gkm-stack off, stack_auto_test.cpp races stacking); the caller
/// turns on the choice it tests.
inline model::ClassifierOptions choice_options(int epochs, bool gkm_auto) {
    model::ClassifierOptions o = fast_options();
    o.epochs = epochs;
    o.gkm_auto = gkm_auto;
    o.gkm_stack = model::GkmStack::kOff;
    o.valid_frac = 0.25;
    return o;
}

/// The choice a test file is about.
enum class AutoOption { conv_width, pos_bins };

/// choice_options() with that choice turned on (--conv-width auto or --pos-bins auto).
inline model::ClassifierOptions auto_options(AutoOption which, int epochs, bool gkm_auto) {
    model::ClassifierOptions o = choice_options(epochs, gkm_auto);
    (which == AutoOption::conv_width ? o.conv_auto : o.pos_auto) = true;
    return o;
}

/// The explicit run of one candidate: what a choice must reproduce when it keeps it.
inline model::ClassifierOptions forced(model::ClassifierOptions o, int width, int bins) {
    o.conv_auto = false;
    o.pos_auto = false;
    o.conv_width = width;
    o.pos_bins = bins;
    return o;
}
/// The explicit run of the width `width` with the bins of `o`.
inline model::ClassifierOptions forced(const model::ClassifierOptions& o, int width) {
    return forced(o, width, o.pos_bins);
}

/// A candidate's validation loss as its explicit run shows it: the network's lowest, or under
/// --gkm auto the lowest over the term's weights.
inline double candidate_loss(const model::Classifier& model) {
    double best = INFINITY;
    if (!model.gkm_choices().empty()) {
        for (double l : model.gkm_choices()[0].valid_losses) best = std::min(best, l);
        return best;
    }
    for (const auto& r : model.history()) best = std::min(best, r.valid_loss);
    return best;
}

/// The loss a race judges candidate `bins`/`width` of `o` by, computed apart: its own trainer
/// (the network alone) after `probe` epochs (fewer if it stops early), its lowest validation
/// loss, under --gkm auto with the term fitted alone at its best β.
inline double probe_loss(const vocab::Vocabulary& vocab, const io::Dataset& data,
                         const model::ClassifierOptions& o, int width, int bins, int probe) {
    model::ClassifierOptions network = forced(o, width, bins);
    network.gkm_auto = false;
    network.gkm_length = 0;
    model::detail::NetworkTrainer trainer(vocab, data, network, {}, {});
    while (!trainer.done() && trainer.epochs_run() < probe) trainer.run_epoch();
    if (!o.gkm_auto) return trainer.best_valid_loss();
    const model::detail::GkmTermFit term(network, data.classes.size(), data, 1);
    const model::GkmChoice c = term.choose(trainer.best_model());
    return *std::min_element(c.valid_losses.begin(), c.valid_losses.end());
}

/// The checks of a race (`model` trained with `o`, a single member): each candidate's recorded
/// loss is probe_loss() after the probe (without the term, also the lowest of its explicit
/// run's first probe epochs); the lowest is kept (the first on ties), and the model is the kept
/// candidate's explicit run bit for bit; the others stopped at the probe. `shown` (the progress
/// reports) holds every epoch run, the candidates in order. Returns the kept index.
inline std::size_t check_race(const vocab::Vocabulary& vocab, const io::Dataset& data,
                              const model::ClassifierOptions& o, const model::Classifier& model,
                              const std::vector<model::EpochReport>& shown) {
    REQUIRE(model.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    const int probe = c.probe_epochs;
    REQUIRE(probe > 0);
    CHECK(c.probe_steps == model::detail::kAutoProbeSteps);
    const std::size_t n = c.widths.size();
    REQUIRE(c.bins.size() == n);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < n; ++i)
        if (c.valid_losses[i] < c.valid_losses[kept]) kept = i;
    CHECK(c.width == c.widths[kept]);
    CHECK(c.pos_bins == c.bins[kept]);
    CHECK(model.options().conv_width == c.widths[kept]);
    CHECK(model.options().pos_bins == c.bins[kept]);
    std::size_t epochs_shown = 0;
    for (std::size_t i = 0; i < n; ++i) {
        INFO("candidate " << i << ": width " << c.widths[i] << ", " << c.bins[i] << " bins");
        CHECK(c.valid_losses[i] == probe_loss(vocab, data, o, c.widths[i], c.bins[i], probe));
        const model::Classifier alone =
            model::train_classifier(vocab, data, forced(o, c.widths[i], c.bins[i]));
        const int full = static_cast<int>(alone.history().size());
        if (!o.gkm_auto) {
            double lowest = INFINITY;
            for (int e = 0; e < std::min(probe, full); ++e)
                lowest = std::min(lowest, alone.history()[static_cast<std::size_t>(e)].valid_loss);
            CHECK(c.valid_losses[i] == lowest);
        }
        if (i == kept) {
            CHECK(c.epochs[i] == full);
            CHECK(model.parameters() == alone.parameters());
            CHECK(model.history().size() == alone.history().size());
            CHECK(model.options().gkm_length == alone.options().gkm_length);
        } else {
            CHECK(c.epochs[i] == std::min(probe, full));
        }
        CHECK(c.judged_epochs[i] == std::min(probe, c.epochs[i]));  // a short split: in epochs
        epochs_shown += static_cast<std::size_t>(c.epochs[i]);
    }
    CHECK(shown.size() == epochs_shown);
    for (const auto& r : model.history()) {
        CHECK(r.candidate_bins == -1);
        CHECK(r.candidate_width == -1);
    }
    return kept;
}

/// `model` saved and loaded: the record of its network choice and its options survive, and the
/// bytes are the same again.
inline void check_choice_survives_saving(const model::Classifier& model) {
    const model::Classifier loaded = model::Classifier::from_bytes(model.to_bytes(), "auto.bin");
    REQUIRE(loaded.network_choice().size() == 1);
    const auto& c = model.network_choice()[0];
    const auto& l = loaded.network_choice()[0];
    CHECK(l.widths == c.widths);
    CHECK(l.bins == c.bins);
    CHECK(l.valid_losses == c.valid_losses);
    CHECK(l.epochs == c.epochs);
    CHECK(l.width == c.width);
    CHECK(l.pos_bins == c.pos_bins);
    CHECK(l.probe_epochs == c.probe_epochs);
    CHECK(l.probe_steps == c.probe_steps);
    CHECK(l.judged_epochs == c.judged_epochs);
    CHECK(loaded.options().conv_auto == model.options().conv_auto);
    CHECK(loaded.options().conv_width == model.options().conv_width);
    CHECK(loaded.options().pos_auto == model.options().pos_auto);
    CHECK(loaded.options().pos_bins == model.options().pos_bins);
    CHECK(loaded.to_bytes() == model.to_bytes());
}

/// `o` trained with one thread; checks that a rerun and (where threads are available) a run
/// with two threads give the same bytes. Returns the one-thread model.
inline model::Classifier train_checked_deterministic(const vocab::Vocabulary& vocab,
                                                     const io::Dataset& data,
                                                     model::ClassifierOptions o) {
    o.threads = 1;
    model::Classifier one = model::train_classifier(vocab, data, o);
    CHECK(one.to_bytes() == model::train_classifier(vocab, data, o).to_bytes());
    if (threads_available()) {
        o.threads = 2;
        CHECK(model::train_classifier(vocab, data, o).to_bytes() == one.to_bytes());
    }
    return one;
}

/// `o` trained without a validation split: no choice runs, and the model is the explicit run of
/// `width` and `bins`. Returns the model.
inline model::Classifier train_checked_untried(const vocab::Vocabulary& vocab,
                                               const io::Dataset& data, model::ClassifierOptions o,
                                               int width, int bins) {
    o.valid_frac = 0.0;
    model::Classifier model = model::train_classifier(vocab, data, o);
    CHECK(model.network_choice().empty());
    CHECK(model.parameters() ==
          model::train_classifier(vocab, data, forced(o, width, bins)).parameters());
    return model;
}

}  // namespace motiftok::test
