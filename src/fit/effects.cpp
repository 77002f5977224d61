// The fit loop's E-step (task effects on the held-back split) and M-step (token scores and new
// candidates).

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_set>

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
                             const std::vector<io::Record>& effect_records,
                             const FitOptions& options, const learn::LearnGuide& previous) {
    learn::LearnGuide g;
    g.fixed = true;
    g.prior_weight = options.effect_weight;
    g.exclude = previous.exclude;
    const std::vector<double>& effect = effects.mean;
    const bool both = v.strand == kmer::Strand::kBoth;
    // The noise rule: a token clearly helps if Δ − z·SE > 0 (z = 0: Δ > 0).
    auto helps = [&](std::size_t i) { return effect[i] - options.effect_z * effects.se[i] > 0.0; };
    double top = 0.0;
    for (std::size_t i = 5; i < v.size(); ++i) {
        if (helps(i)) top = std::max(top, effect[i]);
    }
    // Drops: Δ ≤ 0, smallest |Δ| first (a token never seen first), at most `edit` strings.
    // Dropping the most negative first was measured worse: those are frequent tokens whose
    // removal re-segments most sequences (docs/benchmarks.md, fourth pass).
    std::vector<std::pair<double, std::string>> useless;
    for (std::size_t i = 5; i < v.size(); ++i) {
        if (effect[i] <= 0.0) useless.emplace_back(-effect[i], v.tokens()[i].token);
    }
    std::sort(useless.begin(), useless.end());
    std::unordered_set<std::string> dropped;
    for (const auto& [delta, t] : useless) {
        if (dropped.size() >= options.edit) break;
        if (!dropped.insert(t).second) continue;
        const std::string rc = kmer::revcomp(t);
        if (both && v.id(rc) >= 0) dropped.insert(rc);
    }
    g.exclude.insert(dropped.begin(), dropped.end());
    // Scores of the helpful tokens; the others keep prior 0 (the learner's IG alone).
    std::vector<std::pair<double, std::size_t>> ranked;  // (−effect, id) of the helpful ones
    for (std::size_t i = 5; i < v.size(); ++i) {
        const std::string& t = v.tokens()[i].token;
        if (dropped.count(t) > 0) continue;
        g.extra.push_back(t);
        if (!helps(i)) continue;
        g.prior[t] = effect[i] / top;
        ranked.emplace_back(-effect[i], i);
    }
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > options.propose) ranked.resize(options.propose);
    // Proposals: (−prior, string), best first; then the first `edit` new strings are added.
    std::vector<std::pair<double, std::string>> proposals;
    std::vector<std::uint8_t> high(v.size(), 0);
    for (const auto& [neg, id] : ranked) {
        high[id] = 1;
        const std::string& t = v.tokens()[id].token;
        for (const char b : {'A', 'C', 'G', 'T'}) {
            proposals.emplace_back(neg / top, std::string(1, b) + t);
            proposals.emplace_back(neg / top, t + std::string(1, b));
        }
    }
    // Adjacent high-effect tokens on the E-step's best paths, joined (seen twice or more).
    const tokenize::Tokenizer tokenizer(v);
    std::map<std::pair<std::int32_t, std::int32_t>, int> pairs;
    std::vector<std::int32_t> ids;
    for (const io::Record& r : effect_records) {
        tokenizer.encode(r.seq, ids);
        for (std::size_t j = 0; j + 1 < ids.size(); ++j) {
            if (high[static_cast<std::size_t>(ids[j])] &&
                high[static_cast<std::size_t>(ids[j + 1])])
                ++pairs[{ids[j], ids[j + 1]}];
        }
    }
    for (const auto& [ab, n] : pairs) {
        if (n < 2) continue;
        const auto ia = static_cast<std::size_t>(ab.first),
                   ib = static_cast<std::size_t>(ab.second);
        proposals.emplace_back(-std::max(effect[ia], effect[ib]) / top,
                               v.tokens()[ia].token + v.tokens()[ib].token);
    }
    std::sort(proposals.begin(), proposals.end());
    std::unordered_set<std::string> added;
    for (const auto& [neg, s] : proposals) {
        if (added.size() >= options.edit) break;
        if (static_cast<int>(s.size()) > options.learn.k_max || v.id(s) >= 0) continue;
        if (g.exclude.count(s) > 0 || (both && g.exclude.count(kmer::revcomp(s)) > 0)) continue;
        if (!added.insert(s).second) continue;
        if (both) added.insert(kmer::revcomp(s));
        g.extra.push_back(s);
        g.prior.emplace(s, -neg);
    }
    return g;
}

}  // namespace detail
}  // namespace motiftok::fit
