// motiftok merge: sum count files of disjoint inputs counted with identical options.

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/kmer/counter.hpp"

namespace motiftok::cli {

void report_counts(const kmer::KmerCounts& counts, bool quiet);  // cmd_count.cpp

namespace {

struct MergeCommand {
    CommonOptions common;
    std::vector<std::string> inputs;
};

void run_merge(const MergeCommand& cmd) {
    io::check_outputs_not_inputs(cmd.inputs, {cmd.common.output});
    std::vector<kmer::KmerCounts> parts;
    for (const auto& path : cmd.inputs) parts.push_back(kmer::load_counts(path));
    const kmer::KmerCounts merged = kmer::merge_counts(parts);
    info(cmd.common.quiet, "merged " + std::to_string(parts.size()) + " count files");
    report_counts(merged, cmd.common.quiet);
    kmer::save_counts(merged, cmd.common.output);
}

}  // namespace

void setup_merge(CLI::App& app) {
    auto cmd = std::make_shared<MergeCommand>();
    CLI::App* sub = app.add_subcommand(
        "merge",
        "Sum count files of disjoint inputs made with identical options and classes; the result "
        "is byte-identical to counting all inputs at once.");
    sub->add_option("counts", cmd->inputs, "Count files (.mtc) made by 'motiftok count'")
        ->required();
    add_common_options(*sub, cmd->common, false);
    sub->callback([cmd] { run_merge(*cmd); });
}

}  // namespace motiftok::cli
