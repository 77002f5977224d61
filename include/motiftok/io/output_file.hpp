#pragma once
// Atomic output: a file is written to a temporary file in its target directory and renamed
// into place by commit(); after a failure no partial output file exists. "-" is stdout. The
// temporary is anonymous (O_TMPFILE, named by linkat() just before the rename) where the
// filesystem allows, so a killed run leaves nothing; elsewhere it is `.NAME.tmpXXXXXX`, and the
// next OutputFile for NAME removes such files older than its run that no live writer locks.

#include <memory>
#include <ostream>
#include <string>
#include <vector>

namespace motiftok::io {

class OutputFile {
  public:
    /// Opens a temporary file beside `path` ("-" = stdout). Throws OutputError if the directory
    /// is not writable, ConfigError for an empty path.
    explicit OutputFile(std::string path, bool binary = false);
    /// Removes the temporary file unless commit() succeeded.
    ~OutputFile();
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    std::ostream& stream();
    /// Flushes, checks for write errors and renames the file into place. Throws OutputError;
    /// the old file at path() is then untouched.
    void commit();
    const std::string& path() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Refuses to let a run overwrite one of its inputs. Call it before reading anything, with every
/// path the run reads (`inputs`) and every path it writes (`outputs`). Throws
/// OutputIsInputError naming both paths if an output is an existing regular file with the same
/// device and inode as an input, links resolved (stat()): the same path, a hard link or a
/// symlink. "-" (stdin/stdout), empty paths, paths that do not exist yet and non-regular
/// outputs (/dev/null, a FIFO, a terminal) cannot clash. Reads nothing but the two stat()s.
void check_outputs_not_inputs(const std::vector<std::string>& inputs,
                              const std::vector<std::string>& outputs);

/// Writes `content` to `path` atomically.
void write_file_atomic(const std::string& path, const std::string& content, bool binary = false);

/// The one message for an input file that cannot be read: throws InputError
/// "<path>: cannot open the <what> (<reason>); check the path" unless `path` opens for reading
/// and is not a directory. "-" (stdin) passes. `what`: "sequence file", "vocabulary", ...
void require_readable(const std::string& path, const std::string& what);

/// The whole content of the file at `path` (bytes as stored). Throws InputError naming the path
/// and `what` ("vocabulary", "model file", …) when it cannot be opened or read.
std::string read_file(const std::string& path, const std::string& what);

}  // namespace motiftok::io
