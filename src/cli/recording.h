// cli/recording.h: what a --record directory says about how it was made. Replies are keyed by
// the exact requests, so a replay with other options (-n, -t, --samples, --seed, --vectors,
// ...) misses keys; DIR/recording.json keeps the options of every run recorded into DIR, and
// --replay compares them first ("recorded with -n 1, now -n 3").
#pragma once

#include <filesystem>
#include <map>
#include <string>

#include "cli/app.h"
#include "cli/endpoint_options.h"
#include "util/error.h"

namespace rtlduet::cli {

/// Option name as typed ("-n", "--samples") -> value, of the options that shape requests.
using RecordedOptions = std::map<std::string, std::string>;

/// The request-shaping part of eval_config() (cli/eval_config.h) plus the sample count, with
/// the simulator the run resolved `--sim auto` to (the feedback holds its values).
RecordedOptions recorded_options(const std::map<std::string, std::string>& config, int samples,
                                 const std::string& simulator);

/// --record DIR: adds `options` of `command` to DIR/recording.json (made if missing).
util::Status note_recording(const std::filesystem::path& dir, const std::string& command,
                            const RecordedOptions& options);

/// --replay DIR: a Usage error listing each difference when no run recorded into DIR had
/// options this run can replay (fewer samples or turns are fine; other agents or prompts only
/// warn, their changed requests miss). A recording without recording.json passes with a
/// warning.
util::Status check_replay(AppContext& ctx, const std::filesystem::path& dir,
                          const std::string& command, const RecordedOptions& options);

/// What --record/--replay in `endpoint` ask for: note_recording or check_replay (neither
/// without them).
util::Status check_recording(AppContext& ctx, const std::string& command,
                             const EndpointOptions& endpoint, const RecordedOptions& options);

}  // namespace rtlduet::cli
