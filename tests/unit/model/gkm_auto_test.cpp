// --gkm auto: the validation split chooses the weight of the gapped k-mer term fitted alone; the
// choice is recorded in the model (and model.bin), deterministic and the same for 1 and 2
// threads, and the model is the network trained without the term plus β times the term.
#include <catch2/catch.hpp>
#include <cmath>

#include "model/training.hpp"
#include "model_fixtures.hpp"
#include "motiftok/model/classifier.hpp"
#include "test_support.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;

namespace {

ClassifierOptions auto_options(int epochs) {
    ClassifierOptions o = motiftok::test::fast_options();
    o.epochs = epochs;
    o.gkm_auto = true;
    o.gkm_stack = motiftok::model::GkmStack::kOff;  // the network alone (stack_auto_test.cpp)
    o.valid_frac = 0.25;
    return o;
}

// The explicit --gkm 0 run with the same options: the network --gkm auto starts from.
ClassifierOptions without_term(ClassifierOptions o) {
    o.gkm_auto = false;
    o.gkm_length = 0;
    return o;
}

}  // namespace

TEST_CASE("gkm auto: the same bytes for 1 and 2 threads", "[model]") {
    if (!motiftok::test::threads_available()) return;
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (int epochs : {1, 6}) {
        auto o = auto_options(epochs);
        o.threads = 1;
        const Classifier one = motiftok::model::train_classifier(vocab, data, o);
        o.threads = 2;
        const Classifier two = motiftok::model::train_classifier(vocab, data, o);
        INFO("epochs " << epochs);
        CHECK(one.to_bytes() == two.to_bytes());
    }
}

// The term fit is one parallel region per epoch: its batches' chunk gradients go to whichever
// thread is free, each thread steps its own share of the parameters, and the chunks are added
// in chunk order. Several batches (the last one short), 3 threads (shares of unequal size),
// both strands: the same bytes as 1 thread.
TEST_CASE("gkm auto: several term batches, 1, 2 and 3 threads give the same bytes", "[model]") {
    if (!motiftok::test::threads_available()) return;
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(12, 45, 50);
    auto o = auto_options(2);
    o.batch_size = 5;  // term batches of 20 over 68 training sequences: 20, 20, 20, 8
    o.both_strands = true;
    o.threads = 1;
    const Classifier one = motiftok::model::train_classifier(vocab, data, o);
    REQUIRE(one.gkm_choices().size() == 1);
    CHECK(one.gkm_choices()[0].epochs == 2);
    for (int threads : {2, 3}) {
        o.threads = threads;
        const Classifier more = motiftok::model::train_classifier(vocab, data, o);
        INFO("threads " << threads);
        CHECK(one.to_bytes() == more.to_bytes());
    }
}

TEST_CASE("gkm auto: the choice is recorded and deterministic", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    for (int epochs : {1, 6}) {
        const auto o = auto_options(epochs);
        const Classifier one = motiftok::model::train_classifier(vocab, data, o);
        const Classifier again = motiftok::model::train_classifier(vocab, data, o);
        INFO("epochs " << epochs);
        CHECK(one.to_bytes() == again.to_bytes());
        REQUIRE(one.gkm_choices().size() == 1);
        const auto& c = one.gkm_choices()[0];
        CHECK(c.member == 1);
        CHECK(c.length == 8);
        CHECK(c.informative == 5);
        CHECK(c.valid_sequences == 20);  // a quarter of each class of 40
        CHECK(c.train_sequences == 60);
        CHECK(c.epochs >= 1);
        REQUIRE(c.scales == std::vector<double>{0.0, 0.25, 0.5, 1.0});
        REQUIRE(c.valid_losses.size() == 4);
        // The chosen β has the lowest loss, the smallest such.
        std::size_t best = 0;
        for (std::size_t i = 0; i < 4; ++i) {
            CHECK(std::isfinite(c.valid_losses[i]));
            if (c.valid_losses[i] < c.valid_losses[best]) best = i;
        }
        CHECK(c.scale == c.scales[best]);
        CHECK(one.options().gkm_auto);
        CHECK(one.options().gkm_length == (c.scale > 0.0 ? 8 : 0));

        // β = 0's loss is the network's own validation loss at its best epoch (both from the
        // float32 forward, one through log and a double softmax: equal to float32 rounding).
        const Classifier network = motiftok::model::train_classifier(vocab, data, without_term(o));
        double network_loss = 0.0;
        for (const auto& r : network.history())
            if (r.best) network_loss = r.valid_loss;
        CHECK(c.valid_losses[0] == Approx(network_loss).epsilon(1e-7));

        // Saved and loaded: the record and the weights survive.
        const Classifier loaded = Classifier::from_bytes(one.to_bytes(), "auto.bin");
        CHECK(loaded.options().gkm_auto);
        REQUIRE(loaded.gkm_choices().size() == 1);
        CHECK(loaded.gkm_choices()[0].valid_losses == c.valid_losses);
        CHECK(loaded.gkm_choices()[0].scale == c.scale);
        CHECK(loaded.parameters() == one.parameters());
    }
}

// Features beyond the cache: the term's fit uses a seeded subsample of each split, but β is
// judged on the network's whole validation split (before, on the subsample: 30 of ctcf's
// validation sequences). So β = 0's loss is still the network's own validation loss.
TEST_CASE("gkm auto: a term fitted on a subsample is judged on the whole validation split",
          "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    const auto o = auto_options(6);
    const Classifier network = motiftok::model::train_classifier(vocab, data, without_term(o));
    double network_loss = 0.0;
    for (const auto& r : network.history())
        if (r.best) network_loss = r.valid_loss;
    // 80 sequences of 60 bp: 53 windows × 56 patterns × 8 bytes, about 24 kB each and 1.9 MB in
    // all; a 512 kB cache holds about a quarter of each split.
    const motiftok::model::detail::GkmTermFit small(o, 2, data, 1, std::size_t{512} << 10);
    const auto c = small.choose(network);
    CHECK(c.train_sequences >= 2);
    CHECK(c.train_sequences < 30);
    CHECK(c.valid_sequences == 20);
    REQUIRE(c.valid_losses.size() == 4);
    CHECK(c.valid_losses[0] == Approx(network_loss).epsilon(1e-7));
    for (const double loss : c.valid_losses) CHECK(std::isfinite(loss));
    // With the whole split cached, the fit sees all 60 training sequences: another term.
    const motiftok::model::detail::GkmTermFit whole(o, 2, data, 1);
    const auto w = whole.choose(network);
    CHECK(w.train_sequences == 60);
    CHECK(w.valid_sequences == 20);
    CHECK(w.valid_losses[0] == c.valid_losses[0]);
    CHECK(w.valid_losses[3] != c.valid_losses[3]);
}

TEST_CASE("gkm auto: the model is the network without the term plus β times the term", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    // One epoch leaves the network weak: the term alone is worth adding here.
    const auto o = auto_options(1);
    const Classifier with = motiftok::model::train_classifier(vocab, data, o);
    const Classifier network = motiftok::model::train_classifier(vocab, data, without_term(o));
    REQUIRE(with.gkm_choices().size() == 1);
    REQUIRE(with.gkm_choices()[0].scale > 0.0);
    const auto& L = with.layout();
    const auto& N = network.layout();
    REQUIRE(L.gkm_features == 56 * 1024);
    REQUIRE(N.gkm_features == 0);
    const auto& w = with.parameters();
    const auto& n = network.parameters();
    // Every group before W_g but b2 is the network's; b2 moved by β b; the term is nonzero.
    for (std::size_t i = 0; i < L.b2; ++i) REQUIRE(w[i] == n[i]);
    for (std::size_t i = L.b2 + L.classes; i < L.Wg; ++i) REQUIRE(w[i] == n[i]);
    double term = 0.0;
    for (std::size_t i = L.Wg; i < L.Fe; ++i) term += std::abs(w[i]);
    CHECK(term > 0.0);
    // Explicit --gkm 0 runs no auto: no record, no term.
    CHECK(network.gkm_choices().empty());
    CHECK_FALSE(network.options().gkm_auto);
}

TEST_CASE("gkm auto with an ensemble: one choice per member, W_g zero where left out", "[model]") {
    const auto vocab = motiftok::test::model_test_vocabulary();
    const auto data = motiftok::test::planted_dataset(9, 40, 60);
    auto o = auto_options(3);
    o.ensemble = 2;
    const Classifier model = motiftok::model::train_classifier(vocab, data, o);
    REQUIRE(model.gkm_choices().size() == 2);
    CHECK(model.gkm_choices()[0].member == 1);
    CHECK(model.gkm_choices()[1].member == 2);
    // Each member is the member trained alone from its seed.
    for (int k = 0; k < 2; ++k) {
        auto alone = auto_options(3);
        alone.seed = o.seed + static_cast<std::uint64_t>(k);
        const Classifier m = motiftok::model::train_classifier(vocab, data, alone);
        CHECK(m.gkm_choices()[0].valid_losses ==
              model.gkm_choices()[static_cast<std::size_t>(k)].valid_losses);
        if (m.options().gkm_length == model.options().gkm_length) {
            const auto& L = model.layout();
            const auto* w = model.parameters().data() + static_cast<std::size_t>(k) * L.total;
            CHECK(std::vector<double>(w, w + L.total) == m.parameters());
        }
    }
}
