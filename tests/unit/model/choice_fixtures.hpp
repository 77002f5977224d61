#pragma once
// Shared by the tests of the choices the validation split makes among networks (--conv-width
// auto in conv_auto_test.cpp, --pos-bins auto in pos_auto_test.cpp): the options of a choice, the
// explicit run of one candidate, a candidate's validation loss, and the checks every such choice
// must pass (the record survives model.bin; the same bytes for a rerun and for 1 and 2 threads;
// no choice without a validation split).

#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "model_fixtures.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

namespace motiftok::test {

/// fast_options() with `epochs` epochs, a quarter of the data for validation, --gkm auto if
/// asked; the caller turns on the choice it tests.
inline model::ClassifierOptions choice_options(int epochs, bool gkm_auto) {
    model::ClassifierOptions o = fast_options();
    o.epochs = epochs;
    o.gkm_auto = gkm_auto;
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
