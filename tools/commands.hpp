#pragma once
// One setup_<verb>() per tools/cmd_<verb>.cpp. Each adds its subcommand to `app` with an options
// struct whose fields hold the defaults shown by --help, and a callback that calls the library.

#include <CLI/CLI.hpp>

namespace motiftok::cli {

void setup_stats(CLI::App& app);
void setup_shuffle(CLI::App& app);
void setup_count(CLI::App& app);
void setup_merge(CLI::App& app);
void setup_score(CLI::App& app);
void setup_tokenize(CLI::App& app);
void setup_export(CLI::App& app);
void setup_annotate(CLI::App& app);
void setup_learn(CLI::App& app);
void setup_train(CLI::App& app);
void setup_predict(CLI::App& app);
void setup_evaluate(CLI::App& app);
void setup_report(CLI::App& app);
void setup_fit(CLI::App& app);

/// Registers every subcommand, in the order --help lists them.
inline void register_commands(CLI::App& app) {
    setup_stats(app);
    setup_shuffle(app);
    setup_count(app);
    setup_merge(app);
    setup_score(app);
    setup_learn(app);
    setup_tokenize(app);
    setup_export(app);
    setup_annotate(app);
    setup_train(app);
    setup_predict(app);
    setup_evaluate(app);
    setup_report(app);
    setup_fit(app);
}

}  // namespace motiftok::cli
