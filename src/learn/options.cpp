// LearnOptions: validation (every problem at once) and the JSON record kept in vocab.json.

#include <cmath>
#include <nlohmann/json.hpp>

#include "motiftok/error.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/learn/learner.hpp"

namespace motiftok::learn {

namespace {
constexpr std::size_t kAlphabetSize = 5;  // A C G T N are always entries
}

std::vector<std::string> LearnOptions::problems() const {
    std::vector<std::string> problems;
    auto fail = [&problems](const std::string& what) { problems.push_back(what); };
    if (vocab_size < kAlphabetSize) {
        fail("`vocab_size` must be at least " + std::to_string(kAlphabetSize) +
             " (the bases A C G T N are always in the vocabulary), got " +
             std::to_string(vocab_size));
    }
    if (k_min < 2)
        fail("`k_min` must be at least 2 (single bases are always tokens), got " +
             std::to_string(k_min));
    if (k_max > kmer::kMaxPackedK) {
        fail("`k_max` must be at most " + std::to_string(kmer::kMaxPackedK) + ", got " +
             std::to_string(k_max));
    }
    if (k_min > k_max) {
        fail("`k_min` (" + std::to_string(k_min) + ") must not exceed `k_max` (" +
             std::to_string(k_max) + ")");
    }
    if (!std::isfinite(ig_weight) || ig_weight < 0)
        fail("`ig_weight` must be a finite number >= 0");
    if (!(shrink > 0 && shrink < 1)) fail("`shrink` must be between 0 and 1 (exclusive)");
    if (!(tol >= 0 && tol < 1)) fail("`tol` must be in [0, 1)");
    if (max_iter < 1) fail("`max_iter` must be at least 1, got " + std::to_string(max_iter));
    if (threads < 1) fail("`threads` must be at least 1, got " + std::to_string(threads));
    if (min_seqs < 1) fail("`min_seqs` must be at least 1");
    if (seed_size + kAlphabetSize < vocab_size) {
        fail("`seed_size` (" + std::to_string(seed_size) +
             ") plus the 5 bases is smaller than `vocab_size` (" + std::to_string(vocab_size) +
             "); raise `seed_size` or lower `vocab_size`");
    }
    for (auto& p : family.problems()) problems.push_back(std::move(p));
    return problems;
}

std::string LearnOptions::to_json() const {
    nlohmann::ordered_json j;
    j["vocab_size"] = vocab_size;
    j["k_min"] = k_min;
    j["k_max"] = k_max;
    j["ig_weight"] = ig_weight;
    j["seed_size"] = seed_size;
    j["shrink"] = shrink;
    j["min_seqs"] = min_seqs;
    j["strand"] = kmer::strand_name(strand);
    j["tol"] = tol;
    j["max_iter"] = max_iter;
    j["seed"] = seed;
    if (families) {
        j["families"] = nlohmann::ordered_json::parse(family.to_json());
    } else {
        j["families"] = false;
    }
    return j.dump();
}

}  // namespace motiftok::learn
