// The gapped k-mer term's kernels (src/model/gkm_term_kernels.hpp) against the obvious code.
#include "model/gkm_term_kernels.hpp"

#include <catch2/catch.hpp>
#include <cstdint>
#include <random>
#include <vector>

using motiftok::model::detail::Linear;
using motiftok::model::detail::logits_of_rows;
using motiftok::model::detail::Rows;

// logits_of_rows adds each row's features in the row's order, four rows side by side for 2 and 3
// classes: the same floats as Linear::logits row by row, for rows of unequal length (one empty),
// taken in any order, with a remainder after the groups of four.
TEST_CASE("gkm term kernels: logits_of_rows gives Linear::logits' values", "[model]") {
    std::mt19937 gen(7);
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    constexpr std::size_t F = 50;
    Rows rows;
    for (const std::size_t length : {9, 0, 23, 4, 17, 31, 2, 12, 5}) {
        for (std::size_t j = 0; j < length; ++j) {
            rows.index.push_back(static_cast<std::uint16_t>(gen() % F));
            rows.value.push_back(u(gen));
        }
        rows.start.push_back(rows.index.size());
    }
    const std::vector<std::size_t> r{5, 0, 3, 1, 8, 2, 6, 4, 7};
    for (const std::size_t C : {2, 3, 4}) {
        Linear model;
        model.C = C;
        for (std::size_t i = 0; i < C * F; ++i) model.W.push_back(u(gen));
        for (std::size_t c = 0; c < C; ++c) model.b.push_back(u(gen));
        std::vector<float> fast(r.size() * C), slow(r.size() * C);
        logits_of_rows(model, rows, r.data(), r.size(), fast.data());
        for (std::size_t q = 0; q < r.size(); ++q) model.logits(rows, r[q], slow.data() + q * C);
        INFO("classes " << C);
        CHECK(fast == slow);
        CHECK(slow[3 * C] == model.b[0]);  // r[3] = 1, the empty row: its logits are b
    }
}
