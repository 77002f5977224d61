#pragma once
// The best-path DP has two kernels with identical results: a portable one and one that reduces
// the short-token candidates with AVX2 (x86-64 only, chosen at run time). Tokenizers pick the
// fastest available kernel when they are built; tests force each one to compare them.

namespace motiftok::tokenize {

/// The kernels of the best-path DP.
enum class Kernel {
    kPortable,  ///< scalar, any CPU
    kAvx2,      ///< AVX2 reduction of the short candidates (x86-64 with AVX2)
};

/// Whether this build and CPU can run `kernel`.
bool kernel_available(Kernel kernel);

/// The kernel Tokenizers built from now on use: `kernel` (ConfigError if not available), or the
/// fastest available one after reset_kernel(). Not synchronized with concurrent construction:
/// for tests and benchmarks.
void force_kernel(Kernel kernel);
void reset_kernel();

}  // namespace motiftok::tokenize
