// The prediction TSV and the explanation JSON lines of `motiftok predict`.
#include "motiftok/model/predictions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <iomanip>
#include <nlohmann/json.hpp>

namespace motiftok::model {

namespace {

nlohmann::json number(double x) {
    return std::isfinite(x) ? nlohmann::json(x) : nlohmann::json();
}

}  // namespace

void write_predictions_tsv(std::ostream& out, const std::vector<std::string>& classes,
                           const std::vector<io::Record>& records,
                           const std::vector<std::vector<double>>& probs) {
    out << "id\tpredicted";
    for (const auto& c : classes) out << "\tp_" << c;
    out << '\n' << std::setprecision(6);
    for (std::size_t i = 0; i < probs.size(); ++i) {
        const auto& p = probs[i];
        const auto best =
            static_cast<std::size_t>(std::max_element(p.begin(), p.end()) - p.begin());
        out << records[i].id << '\t' << classes[best];
        for (double x : p) out << '\t' << x;
        out << '\n';
    }
}

std::string explanation_line(const Classifier& m, const io::Record& r) {
    const auto e = m.explain(r.seq);
    nlohmann::json j;
    j["id"] = r.id;
    j["predicted"] = m.classes()[static_cast<std::size_t>(e.predicted)];
    for (std::size_t c = 0; c < e.probs.size(); ++c) j["p"][m.classes()[c]] = e.probs[c];
    j["tokens"] = nlohmann::json::array();
    for (const auto& t : e.tokens) {
        const auto& o = t.occurrence;
        nlohmann::json tok = {
            {"start", o.start},
            {"end", o.start + o.length},
            {"token", m.vocabulary().tokens()[static_cast<std::size_t>(o.token)].token},
            {"score", o.score},
            {"attention", t.attention},
            {"delta", number(t.delta)}};
        if (o.family >= 0) {  // the motif family of the token, by name (vocab.json)
            tok["family"] = m.vocabulary().families[static_cast<std::size_t>(o.family)].name;
        }
        j["tokens"].push_back(std::move(tok));
    }
    return j.dump() + "\n";
}

void write_explanations(std::ostream& out, const Classifier& m,
                        const std::vector<io::Record>& records, [[maybe_unused]] int threads) {
    std::vector<std::string> lines(records.size());
    const auto n = static_cast<std::int64_t>(lines.size());
#pragma omp parallel for schedule(dynamic, 4) num_threads(threads)
    for (std::int64_t i = 0; i < n; ++i) {
        lines[static_cast<std::size_t>(i)] =
            explanation_line(m, records[static_cast<std::size_t>(i)]);
    }
    for (const auto& line : lines) out << line;
}

}  // namespace motiftok::model
