// The fit loop's E-step (task effects on the held-back split) and M-step (token scores and new
// candidates).

#include <algorithm>
#include <cmath>
#include <map>

#include "fit_steps.hpp"
#include "motiftok/kmer/encode.hpp"
#include "motiftok/tokenize/tokenizer.hpp"

namespace motiftok::fit {

TaskEffects task_effects(const model::Classifier& model, const std::vector<io::Record>& records,
                         const std::vector<std::int32_t>& labels, [[maybe_unused]] int threads) {
    std::vector<std::vector<std::pair<std::int32_t, double>>> per(records.size());
    const auto n = static_cast<std::int64_t>(records.size());
#pragma omp parallel for schedule(dynamic, 8) num_threads(threads)
    for (std::int64_t i = 0; i < n; ++i) {
        const auto k = static_cast<std::size_t>(i);
        per[k] = model.mask_token_losses(records[k].seq, labels[k]);
    }
    return detail::summarize_effects(per, model.vocabulary().size());
}

namespace detail {

TaskEffects summarize_effects(const std::vector<std::vector<std::pair<std::int32_t, double>>>& per,
                              std::size_t size) {
    // In record order: the sums do not depend on which thread computed what.
    TaskEffects effect{std::vector<double>(size, 0.0), std::vector<double>(size, 0.0)};
    std::vector<double> squares(size, 0.0);
    for (const auto& row : per) {
        for (const auto& [token, delta] : row) {
            effect.mean[static_cast<std::size_t>(token)] += delta;
            squares[static_cast<std::size_t>(token)] += delta * delta;
        }
    }
    const auto n = static_cast<double>(per.size());
    for (std::size_t t = 0; t < size && n > 0; ++t) {
        effect.mean[t] /= n;
        if (n < 2) continue;
        // Sequences without the token contribute Δ = 0: they are in n, not in the sums.
        const double var =
            std::max(0.0, (squares[t] - n * effect.mean[t] * effect.mean[t]) / (n - 1));
        effect.se[t] = std::sqrt(var / n);
    }
    return effect;
}

std::vector<double> sequence_losses(const std::vector<std::vector<double>>& probs,
                                    const std::vector<std::int32_t>& labels) {
    std::vector<double> out(probs.size());
    for (std::size_t i = 0; i < probs.size(); ++i)
        out[i] = -std::log(std::max(probs[i][static_cast<std::size_t>(labels[i])], 1e-300));
    return out;
}

bool clearly_better(const std::vector<double>& best, const std::vector<double>& now, double z) {
    if (best.empty()) return true;
    const auto n = static_cast<double>(now.size());
    double sum = 0.0, squares = 0.0;
    for (std::size_t i = 0; i < now.size(); ++i) {
        const double d = now[i] - best[i];
        sum += d;
        squares += d * d;
    }
    const double mean = sum / n;
    const double var = n > 1 ? std::max(0.0, (squares - n * mean * mean) / (n - 1)) : 0.0;
    return mean + z * std::sqrt(var / n) < 0.0;
}

TaskEffects strand_mean(const vocab::Vocabulary& v, const TaskEffects& effect) {
    TaskEffects out = effect;
    if (v.strand != kmer::Strand::kBoth) return out;
    for (std::size_t i = 5; i < v.size(); ++i) {
        const std::int32_t rc = v.id(kmer::revcomp(v.tokens()[i].token));
        if (rc < 0) continue;
        const auto r = static_cast<std::size_t>(rc);
        out.mean[i] = 0.5 * (effect.mean[i] + effect.mean[r]);
        out.se[i] = 0.5 * (effect.se[i] + effect.se[r]);
    }
    return out;
}

learn::LearnGuide next_guide(const vocab::Vocabulary& v, const TaskEffects& effects,
                             const std::vector<io::Record>& held, const FitOptions& options,
                             const learn::LearnGuide& previous) {
    learn::LearnGuide g;
    g.prior_weight = options.effect_weight;
    g.exclude = previous.exclude;
    const std::vector<double>& effect = effects.mean;
    const double z = options.effect_z;
    // The noise rule: helps if Δ − z·SE > 0, hurts if Δ + z·SE < 0 (z = 0: Δ ≤ 0 hurts).
    auto helps = [&](std::size_t i) { return effect[i] - z * effects.se[i] > 0.0; };
    auto hurts = [&](std::size_t i) {
        return z > 0.0 ? effect[i] + z * effects.se[i] < 0.0 : effect[i] <= 0.0;
    };
    double top = 0.0;
    for (std::size_t i = 5; i < v.size(); ++i) {
        if (helps(i)) top = std::max(top, effect[i]);
    }
    // Scores and drops; tokens in neither class keep prior 0 (the learner's IG alone).
    std::vector<std::pair<double, std::size_t>> ranked;  // (−effect, id) of the helpful ones
    for (std::size_t i = 5; i < v.size(); ++i) {
        if (helps(i)) {
            g.prior[v.tokens()[i].token] = effect[i] / top;
            ranked.emplace_back(-effect[i], i);
        } else if (hurts(i)) {
            g.exclude.insert(v.tokens()[i].token);
        }
    }
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > options.propose) ranked.resize(options.propose);
    // Proposals inherit the higher prior of their parents, so the learner tries them.
    auto propose = [&](const std::string& s, double prior) {
        if (static_cast<int>(s.size()) > options.learn.k_max || v.id(s) >= 0) return;
        if (g.exclude.count(s) > 0) return;
        g.extra.push_back(s);
        auto [it, fresh] = g.prior.emplace(s, prior);
        if (!fresh) it->second = std::max(it->second, prior);
    };
    std::vector<std::uint8_t> high(v.size(), 0);
    for (const auto& [neg, id] : ranked) {
        high[id] = 1;
        const std::string& t = v.tokens()[id].token;
        for (const char b : {'A', 'C', 'G', 'T'}) {
            propose(std::string(1, b) + t, -neg / top);
            propose(t + std::string(1, b), -neg / top);
        }
    }
    // Adjacent high-effect tokens on the held-back best paths, joined (seen twice or more).
    const tokenize::Tokenizer tokenizer(v);
    std::map<std::pair<std::int32_t, std::int32_t>, int> pairs;
    std::vector<std::int32_t> ids;
    for (const io::Record& r : held) {
        tokenizer.encode(r.seq, ids);
        for (std::size_t j = 0; j + 1 < ids.size(); ++j) {
            if (high[static_cast<std::size_t>(ids[j])] &&
                high[static_cast<std::size_t>(ids[j + 1])])
                ++pairs[{ids[j], ids[j + 1]}];
        }
    }
    std::vector<std::tuple<int, std::int32_t, std::int32_t>> joined;
    for (const auto& [ab, n] : pairs) {
        if (n >= 2) joined.emplace_back(-n, ab.first, ab.second);
    }
    std::sort(joined.begin(), joined.end());
    if (joined.size() > options.propose) joined.resize(options.propose);
    for (const auto& [neg, a, b] : joined) {
        const auto ia = static_cast<std::size_t>(a), ib = static_cast<std::size_t>(b);
        propose(v.tokens()[ia].token + v.tokens()[ib].token,
                std::max(effect[ia], effect[ib]) / top);
    }
    return g;
}

}  // namespace detail
}  // namespace motiftok::fit
