// Finite-difference checks of every parameter group of the classifier, the exact switch-off of
// the motif bias (γ = 0), and the closed-form token-mask ablation against an explicit re-run.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>

#include "model_fixtures.hpp"
#include "motiftok/model/classifier.hpp"
#include "motiftok/vocab/families.hpp"

using motiftok::model::Classifier;
using motiftok::model::ClassifierOptions;

namespace {

ClassifierOptions small_options(int width) {
    ClassifierOptions o;
    o.dim = 4;
    o.heads = 2;
    o.conv_width = width;
    o.hidden = 5;
    o.pos_bins = 3;
    o.gkm_length = 4;  // C(4, 2) · 16 = 96 gapped k-mer features
    o.gkm_k = 2;
    o.seed = 7;
    return o;
}

// The test vocabulary with three hand-made motif families: the planted motif and its reverse
// complement, ACG/CGT, TTG/CAA (the other tokens in none).
motiftok::vocab::Vocabulary vocabulary_with_families() {
    auto v = motiftok::test::model_test_vocabulary();
    std::vector<motiftok::vocab::Family> families;
    const std::vector<std::pair<std::string, std::string>> pairs = {
        {motiftok::test::kPlantedMotif, motiftok::kmer::revcomp(motiftok::test::kPlantedMotif)},
        {"ACG", "CGT"},
        {"TTG", "CAA"}};
    for (const auto& [a, b] : pairs) {
        motiftok::vocab::Family f;
        f.id = static_cast<std::int32_t>(families.size());
        f.name = "F" + std::to_string(f.id);
        f.seed = v.id(a);
        f.members = {{v.id(a), 0, '+'}, {v.id(b), 0, '-'}};
        families.push_back(f);
    }
    motiftok::vocab::assign_families(v, families);
    v.validate();
    return v;
}

// Loss of `ex` at the model's current parameters (no gradient kept).
double loss_at(const Classifier& model, const motiftok::model::Example& ex, int label, double w) {
    std::vector<double> scratch(model.layout().total, 0.0);
    return model.loss_and_gradient(ex, label, w, scratch);
}

// Central differences in double with step 1e-5; a parameter passes when
// |numeric − analytic| <= tol · max(1, |numeric|) (tol = 1e-6 for the double code). Returns the
// number of failures and the number of parameters checked in [begin, end).
std::pair<int, int> check_group(Classifier& model, const motiftok::model::Example& ex, int label,
                                std::size_t begin, std::size_t end, const std::vector<double>& grad,
                                double kTol = 1e-6) {
    constexpr double kStep = 1e-5;
    int failures = 0, checked = 0;
    auto& w = model.parameters();
    for (std::size_t i = begin; i < end; ++i) {
        const double keep = w[i];
        w[i] = keep + kStep;
        const double up = loss_at(model, ex, label, 1.3);
        w[i] = keep - kStep;
        const double down = loss_at(model, ex, label, 1.3);
        w[i] = keep;
        const double numeric = (up - down) / (2 * kStep);
        if (std::abs(numeric - grad[i]) > kTol * std::max(1.0, std::abs(numeric))) {
            ++failures;
            UNSCOPED_INFO("parameter " << i << ": numeric " << numeric << " analytic " << grad[i]);
        }
        ++checked;
    }
    return {failures, checked};
}

}  // namespace

TEST_CASE("gradients of every parameter group match central differences", "[model]") {
    for (int width : {0, 5}) {
        Classifier model(vocabulary_with_families(), {"a", "b", "c"}, small_options(width));
        const auto ex = model.featurize("ACGTTGACTCAGGTANNCCGATGAGTCACGTAC");
        // Every parameter group: E, Wc, bc, Q, K, gamma, V, W1, b1, W2, b2, Pp, Wg, Fe.
        const auto& L = model.layout();
        REQUIRE(L.families == 3);
        motiftok::Rng rng(5);  // Fe starts at zero: give it values so its gradient is general
        for (std::size_t i = L.Fe; i < L.total; ++i) model.parameters()[i] = rng.uniform01() - 0.5;
        const std::vector<std::pair<const char*, std::pair<std::size_t, std::size_t>>> groups = {
            {"E", {L.E, L.Wc}},   {"Wc", {L.Wc, L.bc}},   {"bc", {L.bc, L.Q}},
            {"Q", {L.Q, L.K}},    {"K", {L.K, L.gamma}},  {"gamma", {L.gamma, L.V}},
            {"V", {L.V, L.W1}},   {"W1", {L.W1, L.b1}},   {"b1", {L.b1, L.W2}},
            {"W2", {L.W2, L.b2}}, {"b2", {L.b2, L.Pp}},   {"Pp", {L.Pp, L.Wg}},
            {"Wg", {L.Wg, L.Fe}}, {"Fe", {L.Fe, L.total}}};
        std::vector<double> grad(L.total, 0.0);
        const double loss = model.loss_and_gradient(ex, 2, 1.3, grad);
        REQUIRE(std::isfinite(loss));
        for (const auto& [name, range] : groups) {
            if (range.first == range.second) continue;  // Wc and bc are empty without convolution
            INFO("width " << width << ", group " << name);
            const auto [failures, checked] =
                check_group(model, ex, 2, range.first, range.second, grad);
            CHECK(checked > 0);
            CHECK(failures == 0);
        }
        // The gradient is not trivially zero where it must not be.
        double g_gamma = 0.0, g_e = 0.0;
        for (std::size_t i = L.gamma; i < L.V; ++i) g_gamma += std::abs(grad[i]);
        for (std::size_t i = L.E; i < L.Wc; ++i) g_e += std::abs(grad[i]);
        CHECK(g_gamma > 0.0);
        CHECK(g_e > 0.0);
        // Wg's gradient is dlogits · φ(x)ᵀ: nonzero exactly in the columns of present features.
        REQUIRE(L.gkm_features == 96);
        REQUIRE(!ex.gkm_index.empty());
        std::size_t nonzero_columns = 0;
        for (std::size_t f = 0; f < L.gkm_features; ++f) {
            double col = 0.0;
            for (std::size_t c = 0; c < L.classes; ++c)
                col += std::abs(grad[L.Wg + f * L.classes + c]);
            nonzero_columns += col > 0.0;
        }
        CHECK(nonzero_columns == ex.gkm_index.size());
        // Fe's gradient is nonzero exactly in the columns of families with an occurrence.
        for (std::size_t f = 0; f < L.families; ++f) {
            bool used = false;
            for (const auto& o : ex.occurrences) used = used || o.family == static_cast<int>(f);
            double col = 0.0;
            for (std::size_t j = 0; j < L.dim; ++j) col += std::abs(grad[L.Fe + f * L.dim + j]);
            CHECK((col > 0.0) == used);
        }
    }
}

TEST_CASE("float32 gradients match double central differences", "[model]") {
    // The float32 passes (training's) against central differences of the double code at the
    // same point (the weights rounded to float32 first), every group, tolerance 1e-4 · max(1,
    // |numeric|): float32 rounding is ~6e-8 per operation, 1e-4 leaves room for a few thousand
    // of them while a wrong term (a missing factor, a dropped path) is off by far more.
    for (int width : {0, 5}) {
        Classifier model(vocabulary_with_families(), {"a", "b", "c"}, small_options(width));
        const auto ex = model.featurize("ACGTTGACTCAGGTANNCCGATGAGTCACGTAC");
        const auto& L = model.layout();
        motiftok::Rng rng(5);
        for (std::size_t i = L.Fe; i < L.total; ++i) model.parameters()[i] = rng.uniform01() - 0.5;
        for (std::size_t i = L.Wg; i < L.Fe; ++i) model.parameters()[i] = rng.uniform01() - 0.5;
        const std::vector<float> w32 = model.parameters32();
        for (std::size_t i = 0; i < L.total; ++i) model.parameters()[i] = w32[i];
        std::vector<float> grad32(L.total, 0.0f);
        const double loss32 = model.loss_and_gradient(ex, 2, 1.3, w32, grad32);
        CHECK(loss32 == Approx(loss_at(model, ex, 2, 1.3)).epsilon(1e-5));
        const std::vector<double> grad(grad32.begin(), grad32.end());
        INFO("width " << width);
        const auto [failures, checked] = check_group(model, ex, 2, 0, L.total, grad, 1e-4);
        CHECK(checked == static_cast<int>(L.total));
        CHECK(failures == 0);
        // Not vacuous: the gradient has weight in every group the example reaches.
        double g_wg = 0.0, g_e = 0.0;
        for (std::size_t i = L.Wg; i < L.Fe; ++i) g_wg += std::abs(grad[i]);
        for (std::size_t i = L.E; i < L.Wc; ++i) g_e += std::abs(grad[i]);
        CHECK(g_wg > 1e-3);
        CHECK(g_e > 1e-3);
        // The float32 forward is the double one within float32 rounding.
        const auto p64 = model.forward(ex);
        const auto p32 = model.forward(ex, w32);
        for (std::size_t c = 0; c < p64.size(); ++c) CHECK(p32[c] == Approx(p64[c]).margin(1e-5));
    }
}

TEST_CASE("family embedding: shared by the members, off leaves the old layout", "[model]") {
    auto options = small_options(0);
    Classifier with(vocabulary_with_families(), {"a", "b"}, options);
    options.family_embedding = false;
    Classifier without(vocabulary_with_families(), {"a", "b"}, options);
    Classifier plain(motiftok::test::model_test_vocabulary(), {"a", "b"}, options);
    CHECK(without.layout().total == plain.layout().total);
    CHECK(with.layout().total == plain.layout().total + 3 * with.layout().dim);
    // Same initial weights in the shared groups; Fe starts at zero, so the outputs agree.
    const auto ex = with.featurize("ACGTTGACTCAGGTACCGAT");
    CHECK(with.forward(ex) == without.forward(without.featurize("ACGTTGACTCAGGTACCGAT")));
    // Moving family 1's vector (ACG/CGT) changes the output; with a sequence without ACG, CGT,
    // the motif, TTG or CAA it does not.
    const auto& L = with.layout();
    for (std::size_t j = 0; j < L.dim; ++j) with.parameters()[L.Fe + 1 * L.dim + j] = 0.7;
    CHECK(with.forward(ex) != without.forward(without.featurize("ACGTTGACTCAGGTACCGAT")));
    const auto none = with.featurize("AAAAATTTTT");
    for (const auto& o : none.occurrences) CHECK(o.family == -1);
    CHECK(with.forward(none) == without.forward(without.featurize("AAAAATTTTT")));
    // model.bin keeps the families and the family vectors.
    const Classifier back = Classifier::from_bytes(with.to_bytes(), "m.bin");
    CHECK(back.options().family_embedding);
    CHECK(back.vocabulary().families.size() == 3);
    CHECK(back.forward(ex) == with.forward(ex));
}

TEST_CASE("gamma = 0 switches the motif bias off exactly", "[model]") {
    auto options = small_options(5);
    options.motif_bias = false;
    Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, options);
    const auto& L = model.layout();
    for (std::size_t h = 0; h < L.heads; ++h) REQUIRE(model.parameters()[L.gamma + h] == 0.0);
    auto ex = model.featurize("ACGTTGACTCAGGTACCGATGAGTCACGTAC");
    const auto before = model.forward(ex);
    motiftok::Rng rng(3);
    for (auto& o : ex.occurrences) o.score = rng.uniform01();
    const auto after = model.forward(ex);
    CHECK(before == after);  // bitwise: s enters only through γ·s

    // With γ ≠ 0 the same change of s changes the output: the check above can fail.
    model.parameters()[L.gamma] = 2.0;
    const auto with_bias = model.forward(ex);
    auto ex2 = ex;
    for (auto& o : ex2.occurrences) o.score = 0.0;
    CHECK(model.forward(ex2) != with_bias);
}

TEST_CASE("token-mask ablation equals re-running without the occurrence", "[model]") {
    Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, small_options(5));
    const std::string seq = "ACGTTGACTCAGGTACCGAT";
    const auto explanation = model.explain(seq);
    const auto ex = model.featurize(seq);
    REQUIRE(explanation.tokens.size() == ex.occurrences.size());
    const double base = model.forward(ex)[static_cast<std::size_t>(explanation.predicted)];
    for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
        auto reduced = ex;
        reduced.occurrences.erase(reduced.occurrences.begin() + static_cast<std::ptrdiff_t>(i));
        const double p = model.forward(reduced)[static_cast<std::size_t>(explanation.predicted)];
        CHECK(explanation.tokens[i].delta == Approx(base - p).margin(1e-12));
        double sum = 0.0;
        for (double a : explanation.tokens[i].attention) sum += a;
        CHECK(sum > 0.0);
    }
    // Attention weights of each head sum to one over the occurrences.
    for (std::size_t h = 0; h < 2; ++h) {
        double total = 0.0;
        for (const auto& t : explanation.tokens) total += t.attention[h];
        CHECK(total == Approx(1.0).epsilon(1e-12));
    }
}

TEST_CASE("token dropout: a keep mask is the example without the hidden occurrences", "[model]") {
    Classifier model(motiftok::test::model_test_vocabulary(), {"a", "b"}, small_options(5));
    const auto ex = model.featurize("ACGTTGACTCAGGTACCGATGAGTCACGTAC");
    std::vector<std::uint8_t> keep(ex.occurrences.size(), 1);
    auto reduced = ex;
    reduced.occurrences.clear();
    for (std::size_t i = 0; i < ex.occurrences.size(); ++i) {
        keep[i] = i % 3 != 1;  // hide every third occurrence
        if (keep[i]) reduced.occurrences.push_back(ex.occurrences[i]);
    }
    const std::size_t total = model.layout().total;
    std::vector<double> masked_grad(total, 0.0), reduced_grad(total, 0.0), full_grad(total, 0.0);
    const double masked = model.loss_and_gradient(ex, 1, 0.7, masked_grad, keep);
    const double removed = model.loss_and_gradient(reduced, 1, 0.7, reduced_grad);
    const double full = model.loss_and_gradient(ex, 1, 0.7, full_grad);
    CHECK(masked == Approx(removed).margin(1e-12));
    CHECK(masked != full);  // the mask changes something, so the check above can fail
    for (std::size_t i = 0; i < total; ++i) {
        INFO("parameter " << i);
        CHECK(masked_grad[i] == Approx(reduced_grad[i]).margin(1e-12));
    }
}

TEST_CASE("position bins are the token centre's share of the length, hand-computed", "[model]") {
    using motiftok::model::Occurrence;
    using motiftok::model::position_bin;
    auto occ = [](std::uint32_t start, std::uint32_t length) {
        Occurrence o;
        o.start = start;
        o.length = length;
        return o;
    };
    // n = 100, 8 bins of 12.5 bases: centres 1.5, 12.5, 50, 87.4... and 99.5.
    CHECK(position_bin(occ(0, 3), 100, 8) == 0);
    CHECK(position_bin(occ(11, 3), 100, 8) == 1);  // centre 12.5: the first base of bin 1
    CHECK(position_bin(occ(48, 4), 100, 8) == 4);
    CHECK(position_bin(occ(86, 2), 100, 8) == 6);  // centre 87: r = 0.87 -> 6.96
    CHECK(position_bin(occ(99, 1), 100, 8) == 7);
    CHECK(position_bin(occ(0, 100), 100, 8) == 4);  // the whole sequence: its centre
}
