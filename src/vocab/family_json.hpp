#pragma once
// vocab.json's "families" list and the family invariants (docs/formats.md); internal to vocab/.

#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>

#include "motiftok/vocab/vocabulary.hpp"

namespace motiftok::vocab::detail {

/// One family as a JSON object: id, name, seed, consensus, origin, sites, members, pwm.
nlohmann::ordered_json family_to_json(const Family& family);
/// Parses families[index]; throws InputError naming `source` and the field.
Family family_from_json(const nlohmann::ordered_json& j, std::size_t index,
                        const std::string& source);
/// The first problem of `v`'s families (ids in order, members in range and in one family only,
/// matching each token's `family`, PWM rows of four finite probabilities summing to 1, origin
/// inside the PWM), or an empty string.
std::string check_families(const Vocabulary& v);

}  // namespace motiftok::vocab::detail
