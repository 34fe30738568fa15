// util/detail/sandbox_plan.h: the host side's preparation of one run: the program found on
// the sandbox's PATH, a clean environment, the rlimits, the bubblewrap wrapping and the hand
// over of writable directories to the sandbox uid.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

#include "util/detail/supervisor.h"
#include "util/sandbox.h"

namespace rtlduet::util::detail {

inline constexpr const char* kNullStandIn = ".rtlduet-null";

/// bwrap's arguments up to `--`: read-only host, private /tmp, /home and /root hidden, the
/// given directories bound; `null_stand_in` replaces a /dev/null the sandbox uid cannot write.
std::vector<std::string> bwrap_prefix(const SandboxConfig& config,
                                      const std::vector<std::filesystem::path>& readable,
                                      const std::vector<std::filesystem::path>& writable,
                                      const std::filesystem::path& null_stand_in,
                                      const std::filesystem::path& chdir);

/// True when this host's /dev/null is not writable by everyone.
bool needs_null_stand_in();

/// Gives `uid` ownership of `dir` and everything in it (rtlduet runs as root).
Status hand_over(const std::filesystem::path& dir, uid_t uid);

/// The plan for `request` run directly by a supervisor inside a worker's sandbox
/// (`is_in_worker`), or by one outside it that starts bubblewrap (when configured) first.
/// As root, the run's child drops to `run_uid`, a uid leased for the run or its worker.
Result<RunPlan> make_plan(const SandboxConfig& config, const SandboxRequest& request,
                          bool is_in_worker, uid_t run_uid);

}  // namespace rtlduet::util::detail
