// motiftok stats: per-class and total sequence statistics (TSV or JSON).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/io/seq_stats.hpp"

namespace motiftok::cli {

namespace {

struct StatsCommand {
    CommonOptions common;
    InputOptions input;
    bool json = false;
};

std::string conflict_examples(const io::SeqStats& stats) {
    std::string out;
    for (std::size_t i = 0; i < stats.conflicts.size(); ++i) {
        const auto& c = stats.conflicts[i];
        out += (i ? "; " : "") + c.first_id + " (" + c.first_class + ") = " + c.other_id + " (" +
               c.other_class + ")";
    }
    if (stats.conflicting_sequences > stats.conflicts.size()) out += "; ...";
    return out;
}

void run_stats(const StatsCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input), {cmd.common.output});
    io::OutputFile out(cmd.common.output);
    io::SeqStatsBuilder builder;
    io::ReaderOptions reader = reader_options(cmd.input, cmd.common.threads);
    reader.check_duplicate_ids = false;  // stats reports duplicate ids instead of failing
    const io::ScanSummary summary = io::scan_dataset(
        cmd.input.spec, reader, [&](io::Record& rec, std::int32_t label, std::uint64_t lowercase) {
            builder.add(rec, label, lowercase);
        });
    report_read_stats(summary.stats, cmd.common.quiet);
    const io::SeqStats stats = builder.finish(summary.classes);
    if (stats.conflicting_sequences > 0) {
        warn(std::to_string(stats.conflicting_sequences) +
             " sequence(s) occur with conflicting labels: " + conflict_examples(stats) +
             "; remove or relabel them before training");
    }
    if (stats.duplicate_ids > 0) {
        std::string examples;
        for (const auto& id : stats.duplicate_id_examples) {
            examples += (examples.empty() ? "'" : ", '") + id + "'";
        }
        warn(std::to_string(stats.duplicate_ids) + " record(s) repeat an earlier record's id (" +
             examples +
             "); other commands reject an id repeated within a file unless "
             "--allow-duplicate-ids is given");
    }
    out.stream() << (cmd.json ? io::stats_to_json(stats, summary.stats, cmd.input.spec)
                              : io::stats_to_tsv(stats));
    out.commit();
}

}  // namespace

void setup_stats(CLI::App& app) {
    auto cmd = std::make_shared<StatsCommand>();
    CLI::App* sub = app.add_subcommand(
        "stats",
        "Per-class and total statistics: sequences, bp, length min/median/max, GC (of ACGT), "
        "N and lowercase fractions, duplicate sequences within and across classes. TSV with a "
        "header line, or JSON.");
    add_input_options(*sub, cmd->input);
    add_common_options(*sub, cmd->common, false);
    sub->add_flag("--json", cmd->json, "Write JSON instead of TSV");
    sub->callback([cmd] { run_stats(*cmd); });
}

}  // namespace motiftok::cli
