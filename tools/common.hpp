#pragma once
// What every subcommand shares: common options, input/label options, messages on stderr,
// and the summary of what reading changed. Only tools/ prints.

#include <CLI/CLI.hpp>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "motiftok/error.hpp"
#include "motiftok/export/export.hpp"
#include "motiftok/io/dataset.hpp"
#include "motiftok/learn/learner.hpp"
#include "motiftok/model/classifier.hpp"

namespace motiftok::cli {

/// Number of threads used when -t is not given: the machine's cores.
int default_threads();

/// Options shared by every subcommand.
struct CommonOptions {
    int threads = default_threads();
    std::uint64_t seed = 1;
    std::string output = "-";
    bool quiet = false;
};

/// Adds -t/--threads, -o/--output, -q/--quiet, and --seed when `with_seed`.
void add_common_options(CLI::App& cmd, CommonOptions& options, bool with_seed);

/// Input options: positional files, --class NAME=FILE, --labels, --bed/--genome, --strict,
/// --allow-duplicate-ids.
struct InputOptions {
    io::InputSpec spec;
    bool strict = false;
    bool allow_duplicate_ids = false;
};

/// Adds the input options; `positional_name` names positional inputs in --help.
void add_input_options(CLI::App& cmd, InputOptions& options, bool labels = true);

/// The reader options that `options` asks for (--strict, --allow-duplicate-ids); `threads`
/// decompress bgzip input.
io::ReaderOptions reader_options(const InputOptions& options, int threads = 1);

/// Every file the input options name (io::input_paths), then `more` (--vocab, --model, ...;
/// empty strings are skipped): the `inputs` of io::check_outputs_not_inputs().
std::vector<std::string> input_paths(const InputOptions& options,
                                     const std::vector<std::string>& more = {});

/// Loads the dataset and, unless quiet, prints what reading changed (once).
io::Dataset load_inputs(const InputOptions& options, bool quiet);

/// Prints "[motiftok] <message>" to stderr unless quiet.
void info(bool quiet, const std::string& message);
/// Prints "warning: <message>" to stderr (always).
void warn(const std::string& message);

/// Prints the one-line summary of ReadStats (lowercase, IUPAC, U, empty records) if anything
/// changed.
void report_read_stats(const io::ReadStats& stats, bool quiet);

/// The names of --by (export, annotate): auto, family, token.
inline std::map<std::string, exports::MotifUnit> motif_units() {
    return {{"auto", exports::MotifUnit::Auto},
            {"family", exports::MotifUnit::Family},
            {"token", exports::MotifUnit::Token}};
}

/// Adds an option whose text names a value of an enum: `parse` turns the text into `target`
/// while the command line is parsed (it throws ConfigError for an unknown name), so a wrong
/// name is a usage error before any input is read; --help shows `default_name`. With
/// `problems`, the message is added there instead, to be reported with the other problems.
template <class E, class Parse>
CLI::Option* add_enum_option(CLI::App& cmd, const std::string& flags, E& target, Parse parse,
                             const std::string& default_name, const std::string& help,
                             std::vector<std::string>* problems = nullptr) {
    auto set = [&target, parse, problems](const std::string& text) {
        try {
            target = parse(text);
        } catch (const ConfigError& e) {
            if (problems == nullptr) throw;
            problems->push_back(e.what());
        }
    };
    return cmd.add_option_function<std::string>(flags, set, help)->default_str(default_name);
}

}  // namespace motiftok::cli
