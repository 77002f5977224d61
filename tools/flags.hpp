#pragma once
// Library messages name an option by its library name between backticks (`learning_rate`: the
// member of the options struct, also the Python keyword); the command line says its flag.

#include <string>
#include <string_view>

namespace motiftok::cli {

/// The flag of the library option `name`: "--" + name with '_' as '-', except where the
/// command line names it otherwise (gkm_length is --gkm, class_specs --class, ...).
std::string flag_of(std::string_view name);

/// `message` with every `name` between backticks replaced by flag_of(name).
std::string with_flags(std::string_view message);

}  // namespace motiftok::cli
