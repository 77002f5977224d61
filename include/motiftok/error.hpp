#pragma once
// Typed errors of the motiftok library. The library throws these and never prints or exits;
// tools/ catches them, prints "error: <what()>" and picks the exit code: 2 for ConfigError and
// OutputIsInputError (usage errors), 1 for the others. A message names an option by its library
// name between backticks (`learning_rate`: the options struct's member, also the Python
// keyword), never by a command-line flag; tools/ shows its flag there (--learning-rate).

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace motiftok {

/// Base of every error the library throws on purpose.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// A file cannot be opened, read or parsed: missing file, bad format, truncated gzip, corrupt or
/// wrong-version vocabulary/model/count file.
class InputError : public Error {
  public:
    using Error::Error;
};

/// An output cannot be written: its directory is missing or not writable, the disk is full, the
/// rename into place failed. The old file at that path (if any) is left as it was.
class OutputError : public Error {
  public:
    using Error::Error;
};

/// Options that are invalid alone or together (k out of range, k-min > k-max, ...).
class ConfigError : public Error {
  public:
    using Error::Error;
};

/// Input that is well-formed but unusable: labels that do not match, fewer than two classes,
/// duplicate ids, empty data, a numerical failure.
class DataError : public Error {
  public:
    using Error::Error;
};

/// An output path names the same file as an input (same device and inode once links are
/// resolved): writing it would destroy the input. A usage error (exit 2); nothing was read.
class OutputIsInputError : public Error {
  public:
    OutputIsInputError(std::string output, std::string input);
    const std::string& output() const { return output_; }
    const std::string& input() const { return input_; }

  private:
    std::string output_;
    std::string input_;
};

/// The one way options report what is wrong with them: each options struct has problems() (every
/// problem, one clause each, options named as `name`; empty when valid) and validate(), which
/// passes them here. Throws ConfigError "invalid options: <p1>; <p2>; ..." unless `problems` is
/// empty.
void throw_if_problems(const std::vector<std::string>& problems);

/// Where in an input something happened, rendered as
/// "<file>: record <n> ('<id>'), position <p>". Record numbers and positions are 1-based;
/// 0 leaves that part out.
std::string source_location(std::string_view file, std::uint64_t record = 0,
                            std::string_view id = {}, std::uint64_t position = 0);

}  // namespace motiftok
