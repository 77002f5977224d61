// vocab.json's "families" list: writing, reading and checking it.

#include "family_json.hpp"

#include <cmath>

#include "motiftok/error.hpp"

namespace motiftok::vocab::detail {

using json = nlohmann::ordered_json;

json family_to_json(const Family& f) {
    json members = json::array();
    for (const FamilyMember& m : f.members) {
        members.push_back(
            json{{"token", m.token}, {"offset", m.offset}, {"strand", std::string(1, m.strand)}});
    }
    json pwm = json::array();
    for (const auto& row : f.pwm) pwm.push_back(json{row[0], row[1], row[2], row[3]});
    return json{
        {"id", f.id},         {"name", f.name},   {"seed", f.seed},     {"consensus", f.consensus},
        {"origin", f.origin}, {"sites", f.sites}, {"members", members}, {"pwm", pwm}};
}

Family family_from_json(const json& j, std::size_t index, const std::string& source) {
    const std::string where = source + ": families[" + std::to_string(index) + "]";
    try {
        Family f;
        f.id = j.at("id").get<std::int32_t>();
        f.name = j.value("name", "F" + std::to_string(f.id));
        f.seed = j.at("seed").get<std::int32_t>();
        f.consensus = j.value("consensus", std::string());
        f.origin = j.value("origin", 0);
        f.sites = j.value("sites", std::uint64_t{0});
        for (const auto& m : j.at("members")) {
            const std::string strand = m.at("strand").get<std::string>();
            if (strand != "+" && strand != "-") {
                throw InputError(where + ": member strand must be \"+\" or \"-\"");
            }
            f.members.push_back(FamilyMember{m.at("token").get<std::int32_t>(),
                                             m.at("offset").get<int>(), strand[0]});
        }
        for (const auto& row : j.value("pwm", json::array())) {
            if (!row.is_array() || row.size() != 4) {
                throw InputError(where + ": each pwm row must hold four numbers (A, C, G, T)");
            }
            f.pwm.push_back({row[0].get<double>(), row[1].get<double>(), row[2].get<double>(),
                             row[3].get<double>()});
        }
        return f;
    } catch (const json::exception& e) {
        throw InputError(where + ": bad family (" + std::string(e.what()) + ")");
    }
}

std::string check_families(const Vocabulary& v) {
    const auto n_tokens = static_cast<std::int32_t>(v.tokens().size());
    std::vector<std::int32_t> owner(v.tokens().size(), -1);
    for (std::size_t i = 0; i < v.families.size(); ++i) {
        const Family& f = v.families[i];
        const std::string label = "family " + std::to_string(i);
        if (f.id != static_cast<std::int32_t>(i)) {
            return label + ": id " + std::to_string(f.id) + " out of order; ids are 0, 1, 2, ...";
        }
        if (f.members.empty() || f.members[0].token != f.seed) {
            return label + ": the first member must be the seed";
        }
        for (const FamilyMember& m : f.members) {
            if (m.token < 0 || m.token >= n_tokens) {
                return label + ": member token " + std::to_string(m.token) + " is not an id";
            }
            if (owner[m.token] >= 0) {
                return label + ": token " + std::to_string(m.token) + " is also in family " +
                       std::to_string(owner[m.token]) + "; a token belongs to one family";
            }
            owner[m.token] = f.id;
        }
        if (!f.pwm.empty() && (f.origin < 0 || f.origin >= static_cast<int>(f.pwm.size()))) {
            return label + ": origin " + std::to_string(f.origin) + " is outside the PWM";
        }
        for (const auto& row : f.pwm) {
            double sum = 0.0;
            for (double p : row) {
                if (!std::isfinite(p) || p < 0.0 || p > 1.0) {
                    return label + ": a PWM entry is not a probability";
                }
                sum += p;
            }
            if (std::fabs(sum - 1.0) > 1e-6) return label + ": a PWM row does not sum to 1";
        }
    }
    for (std::int32_t t = 0; t < n_tokens; ++t) {
        if (v.tokens()[t].family != owner[t]) {
            return "token " + std::to_string(t) + " ('" + v.tokens()[t].token + "'): family " +
                   std::to_string(v.tokens()[t].family) + " but the families list says " +
                   std::to_string(owner[t]);
        }
    }
    return {};
}

}  // namespace motiftok::vocab::detail
