// motiftok shuffle: dinucleotide-preserving shuffles of every input sequence (FASTA out).

#include <memory>

#include "commands.hpp"
#include "common.hpp"
#include "motiftok/error.hpp"
#include "motiftok/io/output_file.hpp"
#include "motiftok/io/shuffle.hpp"

namespace motiftok::cli {

namespace {

constexpr std::size_t kBatch = 4096;

struct ShuffleCommand {
    CommonOptions common;
    InputOptions input;
    io::ShuffleOptions shuffle;
};

void run_shuffle(ShuffleCommand& cmd) {
    io::check_outputs_not_inputs(input_paths(cmd.input), {cmd.common.output});
    cmd.shuffle.seed = cmd.common.seed;
    cmd.shuffle.threads = cmd.common.threads;
    if (cmd.input.spec.inputs.empty()) {
        throw motiftok::ConfigError("no input: give one or more FASTA/FASTQ files ('-' = stdin)");
    }
    io::OutputFile out(cmd.common.output);
    io::ReadStats stats;
    std::uint64_t index = 0;
    std::vector<io::Record> batch;
    auto flush = [&] {
        for (const auto& rec : io::shuffle_records(batch, cmd.shuffle, index)) {
            io::write_fasta(out.stream(), rec);
        }
        index += batch.size();
        batch.clear();
    };
    for (const auto& path : cmd.input.spec.inputs) {
        io::SequenceReader reader(path, reader_options(cmd.input, cmd.common.threads));
        io::Record rec;
        while (reader.next(rec)) {
            batch.push_back(std::move(rec));
            if (batch.size() == kBatch) flush();
        }
        stats.add(reader.stats());
    }
    flush();
    report_read_stats(stats, cmd.common.quiet);
    out.commit();
}

}  // namespace

void setup_shuffle(CLI::App& app) {
    auto cmd = std::make_shared<ShuffleCommand>();
    CLI::App* sub = app.add_subcommand(
        "shuffle",
        "Dinucleotide-preserving shuffle (Altschul-Erickson, uniform over the sequences with the "
        "same dinucleotide counts and end bases) of every input sequence; FASTA out, ids "
        "suffixed _shuf1, _shuf2, ... N bases stay where they are and split a sequence into "
        "segments that are shuffled independently. Output depends only on --seed (not on -t).");
    add_input_options(*sub, cmd->input, false);
    add_common_options(*sub, cmd->common, true);
    sub->add_option("-n,--copies", cmd->shuffle.copies, "Shuffled copies of each sequence")
        ->capture_default_str()
        ->check(CLI::Range(1, 1000000));
    sub->callback([cmd] { run_shuffle(*cmd); });
}

}  // namespace motiftok::cli
