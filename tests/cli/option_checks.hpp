#pragma once
// Checks shared by the CLI tests of options that take a count or 'auto' (train --conv-width,
// --pos-bins): the value given is the default, and a bad value is rejected.

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "test_support.hpp"

namespace motiftok::test {

/// The value that follows `flag` in `args` (which must hold it), to change in place.
inline std::string& flag_value(std::vector<std::string>& args, const std::string& flag) {
    const auto at = std::find(args.begin(), args.end(), flag);
    REQUIRE(at + 1 < args.end());
    return *(at + 1);
}

/// Runs `args` (a command ending in "-o", FILE) as given and again without `flag` and its value,
/// writing `default_out` instead: both succeed and write the same bytes, so the value `args`
/// gives `flag` is its default. Returns the run as given.
inline RunResult run_checked_default(const std::vector<std::string>& args, const std::string& flag,
                                     const std::string& default_out) {
    const RunResult given = run_motiftok(args);
    REQUIRE(given.exit_code == 0);
    const auto at = std::find(args.begin(), args.end(), flag);
    REQUIRE(at != args.end());
    std::vector<std::string> plain(args.begin(), at);
    plain.insert(plain.end(), at + 2, args.end());
    plain.back() = default_out;
    REQUIRE(run_motiftok(plain).exit_code == 0);
    CHECK(read_file(args.back()) == read_file(default_out));
    return given;
}

/// `args` with `flag` set to `bad` (neither 'auto' nor a number) exit with code 2 and a message
/// that names the flag and what it takes.
inline void check_count_or_auto_rejects(std::vector<std::string> args, const std::string& flag,
                                        const std::string& bad) {
    flag_value(args, flag) = bad;
    const RunResult result = run_motiftok(args);
    CHECK(result.exit_code == 2);
    CHECK(result.err.find(flag) != std::string::npos);
    CHECK(result.err.find("'auto' or a number") != std::string::npos);
}

}  // namespace motiftok::test
