// motiftok: the command-line front end. Registers one subcommand per tools/cmd_<verb>.cpp, maps
// library errors to exit codes (1 = input/data error, 2 = usage error: bad options, ConfigError,
// an output that is an input), shows the flag of each option a message names (flags.hpp) and
// ends every run with one summary line (version, command, wall and CPU time, peak RSS), as
// minimap2 does.

#include <sys/resource.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <iostream>
#include <string>

#include "commands.hpp"
#include "flags.hpp"
#include "motiftok/error.hpp"
#include "motiftok/version.hpp"

namespace {

void print_summary(int argc, char** argv, std::chrono::steady_clock::time_point start) {
    const double wall =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                       static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
    std::string command;
    for (int i = 0; i < argc; ++i) command += (i ? " " : "") + std::string(argv[i]);
    std::fprintf(stderr, "[motiftok] version %s; %s; real %.3f s, cpu %.3f s, peak RSS %.1f MB\n",
                 motiftok::kVersion, command.c_str(), wall, cpu,
                 static_cast<double>(usage.ru_maxrss) / 1024.0);
}

}  // namespace

int main(int argc, char** argv) {
    const auto start = std::chrono::steady_clock::now();
#ifdef __GLIBC__
    // The classifier allocates a few MB of activations per example. With glibc's defaults those
    // blocks are mmap'ed and unmapped (or the heap top trimmed) every time: half of the training
    // time went to page faults. Blocks up to 32 MB come from the heap, which keeps 128 MB free.
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 128 << 20);
#endif
    std::ios::sync_with_stdio(
        false);  // data goes to stdout only through std::cout (io::OutputFile)
    CLI::App app{
        "motiftok: learn a task-driven DNA vocabulary from labeled sequences, "
        "tokenize with it, and train an attention classifier over its motifs."};
    app.set_version_flag("--version", std::string("motiftok ") + motiftok::kVersion);
    app.require_subcommand(1);
    app.fallthrough();
    motiftok::cli::register_commands(app);

    bool quiet = false;
    try {
        app.parse(argc, argv);
        for (const auto* sub : app.get_subcommands()) {
            const auto* opt = sub->get_option_no_throw("--quiet");
            if (opt != nullptr && opt->count() > 0) quiet = true;
        }
    } catch (const CLI::ParseError& e) {
        const int rc = app.exit(e);
        return rc == 0 ? 0 : 2;
    } catch (const motiftok::ConfigError& e) {
        std::cerr << "error: " << motiftok::cli::with_flags(e.what())
                  << "\nRun with --help for more information.\n";
        return 2;  // invalid or contradicting options: a usage error
    } catch (const motiftok::OutputIsInputError& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 2;  // a usage error: nothing was read or written
    } catch (const motiftok::Error& e) {
        std::cerr << "error: " << motiftok::cli::with_flags(e.what()) << '\n';
        return 1;
    } catch (const std::bad_alloc&) {
        std::cerr << "error: out of memory\n";
        return 1;
    } catch (const std::exception& e) {
        std::cerr << "error: " << e.what() << '\n';
        return 1;
    }
    if (!quiet) print_summary(argc, argv, start);
    return 0;
}
