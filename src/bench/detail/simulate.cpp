// bench/detail/simulate.cpp: builds and runs one candidate with Icarus or Verilator. The
// simulation runs as its own sandboxed process with only the work directory writable, so a
// design's $system or $fopen never reaches the object cache used by the Verilator build.
#include "bench/detail/simulate.h"

#include <algorithm>
#include <optional>
#include <sstream>

#include <fmt/format.h>

#include "util/content_cache.h"
#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::bench::detail {
namespace {

// Compilers get a generous fixed deadline: slow builds are not the candidate's verdict.
constexpr std::chrono::milliseconds kIcarusCompileDeadline{120'000};
constexpr std::chrono::milliseconds kVerilatorBuildDeadline{600'000};

util::SandboxRequest request_for(std::vector<std::string> argv, const std::filesystem::path& dir,
                                 std::chrono::milliseconds deadline, const FlowSettings& settings,
                                 std::vector<std::filesystem::path> readable = {}) {
    util::SandboxRequest request{.argv = std::move(argv),
                                 .cwd = dir,
                                 .readable_dirs = std::move(readable),
                                 .cancel = settings.cancel};
    request.limits.deadline = deadline;
    request.limits.cpu_seconds =
        std::max<std::uint64_t>(120, static_cast<std::uint64_t>(deadline.count() / 1000) + 10);
    return request;
}

// Runs the built simulation and records how it ended.
util::Status simulate(const util::Sandbox& sandbox, std::vector<std::string> argv,
                      const std::filesystem::path& dir, const FlowSettings& settings, SimRun& run) {
    auto result = sandbox.run(request_for(std::move(argv), dir, settings.timeout, settings));
    if (!result) {
        return result.error();
    }
    if (result->cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "scoring interrupted");
    }
    run.ran = true;
    run.timed_out = result->timed_out;
    run.signalled = result->signal != 0 && !result->output_limit_hit;
    run.ended_normally = result->succeeded();
    run.end = result->describe_end();
    run.sim_wall = result->wall;
    if (result->output_limit_hit) {
        run.end += " (output limit hit)";
    }
    run.sim_log = result->out + result->err;
    return {};
}

// The prefix stays Vtb whatever the top, so the runtime kit and every build share Vtb.mk.
std::vector<std::string> verilate_argv(const BuildInputs& inputs) {
    std::vector<std::string> argv = {"verilator",      "--cc",       "--exe",     "--main",
                                     "--timing",       "-Wno-fatal", "-Wno-lint", "-Wno-style",
                                     "-Werror-MODDUP", "--prefix",   "Vtb",       "--top-module",
                                     inputs.top,       "-o",         "sim"};
    argv.insert(argv.end(), inputs.sources.begin(), inputs.sources.end());
    return argv;
}

// -O0 for g++: these builds run once, so compile time dominates the simulation time.
std::vector<std::string> make_argv() {
    return {"make",   "-s",           "-C",           "obj_dir",       "-f",
            "Vtb.mk", "OPT_FAST=-O0", "OPT_SLOW=-O0", "OPT_GLOBAL=-O0"};
}

// The runtime kit's files: the objects and, for the one-step build, the compiler command
// Verilator's makefile uses and a precompiled header built with it.
constexpr std::string_view kCompileFlags = "rtlduet_compile.txt";
constexpr std::string_view kPchHeader = "rtlduet_pch.h";
constexpr std::string_view kPchText =
    "// rtlduet: precompiled header for score's Verilator builds\n"
    "#include \"verilated.h\"\n#include \"verilated_timing.h\"\n";

std::vector<std::string> split_words(const std::string& text) {
    std::istringstream in(text);
    std::vector<std::string> words;
    for (std::string word; in >> word;) {
        words.push_back(std::move(word));
    }
    return words;
}

// Writes the makefile's compiler command for the generated sources (OPT_FAST included) to
// kCompileFlags.
std::string flags_makefile() {
    return fmt::format(
        "rtlduet-compile-flags:\n\t@echo $(CXX) $(CXXFLAGS) $(CPPFLAGS) $(OPT_FAST) > {}\n",
        kCompileFlags);
}

// Added to the makefile's command for the header and for every build that uses it: g++
// rejects a header made with other macros, and -pthread defines _REENTRANT.
std::vector<std::string> pch_command(const std::string& makefile_command) {
    std::vector<std::string> argv = split_words(makefile_command);
    argv.insert(argv.end(), {"-w", "-pthread"});
    return argv;
}

bool is_runtime_file(const std::string& name) {
    return (name.starts_with("verilated") && name.ends_with(".o")) || name == kCompileFlags ||
           name.starts_with(kPchHeader);
}

// Runs one build step; a failure is recorded in `run` (the candidate's compile error).
util::Status build_step(const util::Sandbox& sandbox, std::vector<std::string> argv,
                        const std::filesystem::path& dir, const FlowSettings& settings, SimRun& run,
                        std::vector<std::filesystem::path> readable = {}) {
    auto result = sandbox.run(
        request_for(std::move(argv), dir, kVerilatorBuildDeadline, settings, std::move(readable)));
    if (!result) {
        return result.error();
    }
    if (result->cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "scoring interrupted");
    }
    run.compile_log += result->out + result->err;
    run.compile_timed_out = result->timed_out;
    run.signalled = run.signalled || result->signal != 0;
    run.compiled = result->succeeded();
    return {};
}

// Compiles and links the generated sources in obj_dir as one translation unit against the
// runtime kit, read where it is (its objects and precompiled header): what `make` does with
// Vtb.mk, in one compiler run, without re-reading Verilator's headers (~1.2 s of a ~2 s build).
util::Status compile_in_one_step(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                                 const RuntimeKit& kit, const FlowSettings& settings, SimRun& run) {
    const std::filesystem::path obj = dir / "obj_dir";
    std::vector<std::string> argv = pch_command(kit.command);
    std::vector<std::string> sources;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(obj, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.starts_with("Vtb") && name.ends_with(".cpp")) {
            sources.push_back(name);
        }
    }
    if (ec) {
        return util::make_error(util::ErrorKind::Io,
                                "cannot list " + obj.string() + ": " + ec.message());
    }
    std::sort(sources.begin(), sources.end());
    std::string unity = "// rtlduet: the generated sources as one translation unit\n";
    for (const std::string& source : sources) {
        unity += "#include \"" + source + "\"\n";
    }
    if (auto written = util::write_file(obj / "rtlduet_all.cpp", unity); !written) {
        return written;
    }
    argv.insert(argv.end(), {"-include", (kit.dir / kPchHeader).string(), "rtlduet_all.cpp"});
    argv.insert(argv.end(), kit.objects.begin(), kit.objects.end());
    argv.insert(argv.end(), {"-lpthread", "-latomic", "-o", "sim"});
    return build_step(sandbox, std::move(argv), obj, settings, run, {kit.dir});
}

// The key of a sample's build: the kit (its directory names the Verilator version), the
// command and every file of the work directory the build could read, by name and content.
util::Result<std::string> build_key(const std::filesystem::path& dir, const BuildInputs& inputs,
                                    const RuntimeKit& kit) {
    util::Sha256 hash;
    hash.field("rtlduet score verilator build 1")
        .field(kit.dir.filename().string())
        .field(kit.command);
    for (const std::string& word : verilate_argv(inputs)) {
        hash.field(word);
    }
    std::vector<std::filesystem::path> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        if (entry.is_regular_file(ec)) {
            files.push_back(entry.path());
        }
    }
    if (ec) {
        return util::make_error(util::ErrorKind::Io,
                                "cannot list " + dir.string() + ": " + ec.message());
    }
    std::sort(files.begin(), files.end());
    for (const std::filesystem::path& file : files) {
        auto text = util::read_file(file, util::ErrorKind::Io);
        if (!text) {
            return text.error();
        }
        hash.field(file.filename().string()).field(*text);
    }
    return hash.hex_digest();
}

// A build kept in the cache: its compiler log and the executable, put back as obj_dir/sim.
bool replay_build(const util::ContentCache& cache, const std::string& key,
                  const std::filesystem::path& dir, SimRun& run) {
    auto fields = cache.find(key);
    if (!fields || fields->size() != 2) {
        return false;
    }
    const std::filesystem::path binary = dir / "obj_dir" / "sim";
    if (!util::make_directories(binary.parent_path()) || !util::write_file(binary, (*fields)[1])) {
        return false;
    }
    run.compiled = static_cast<bool>(util::make_executable(binary));
    run.compile_log = std::move((*fields)[0]);
    return run.compiled;
}

// Verilates the sample and compiles it: in one step against the kit, else with make.
util::Status build(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                   const BuildInputs& inputs, const std::optional<RuntimeKit>& kit,
                   const FlowSettings& settings, SimRun& run) {
    if (auto built = build_step(sandbox, verilate_argv(inputs), dir, settings, run);
        !built || !run.compiled) {
        return built;
    }
    return kit ? compile_in_one_step(sandbox, dir, *kit, settings, run)
               : build_step(sandbox, make_argv(), dir, settings, run);
}

}  // namespace

util::Result<SimRun> run_icarus(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                                const BuildInputs& inputs, const FlowSettings& settings) {
    SimRun run;
    std::vector<std::string> argv = {"iverilog",       "-Wall",  "-Winfloop",
                                     "-Wno-timescale", "-g2012", "-s",
                                     inputs.top,       "-o",     "sim"};
    argv.insert(argv.end(), inputs.sources.begin(), inputs.sources.end());
    auto compile = sandbox.run(request_for(std::move(argv), dir, kIcarusCompileDeadline, settings));
    if (!compile) {
        return compile.error();
    }
    if (compile->cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "scoring interrupted");
    }
    run.compile_log = compile->out + compile->err;
    run.compile_timed_out = compile->timed_out;
    run.signalled = compile->signal != 0;
    run.compiled = compile->succeeded();
    if (!run.compiled) {
        return run;
    }
    if (auto status = simulate(sandbox, {"vvp", "-n", "sim"}, dir, settings, run); !status) {
        return status.error();
    }
    return run;
}

util::Result<SimRun> run_verilator(const util::Sandbox& sandbox, const std::filesystem::path& dir,
                                   const BuildInputs& inputs, const FlowSettings& settings) {
    std::optional<RuntimeKit> kit;
    if (settings.verilator_runtime) {
        auto runtime = settings.verilator_runtime();
        if (!runtime) {
            return runtime.error();
        }
        kit = std::move(*runtime);
    }
    // Only one-step builds are kept: their key names the kit they were built against.
    const util::ContentCache cache(kit ? settings.verilator_builds : std::filesystem::path());
    std::string key;
    if (cache.is_enabled()) {
        auto computed = build_key(dir, inputs, *kit);
        if (!computed) {
            return computed.error();
        }
        key = std::move(*computed);
    }
    SimRun run;
    if (!cache.is_enabled() || !replay_build(cache, key, dir, run)) {
        if (auto built = build(sandbox, dir, inputs, kit, settings, run); !built) {
            return built.error();
        }
        if (!run.compiled) {
            return run;
        }
        // A failed build is not kept: it may be the machine's (memory, a full disk).
        if (cache.is_enabled()) {
            if (auto binary = util::read_file(dir / "obj_dir" / "sim", util::ErrorKind::Io)) {
                cache.store(key, {run.compile_log, std::move(*binary)});
            }
        }
    }
    if (auto status = simulate(sandbox, {(dir / "obj_dir" / "sim").string()}, dir, settings, run);
        !status) {
        return status.error();
    }
    return run;
}

util::Result<std::filesystem::path> build_verilator_runtime(const util::Sandbox& sandbox,
                                                            const std::filesystem::path& dir,
                                                            const FlowSettings& settings) {
    // A delay makes Verilator link the timing runtime too.
    if (auto written = util::write_file(dir / "kit.sv",
                                        "module tb; initial begin #1; $finish; "
                                        "end endmodule\n");
        !written) {
        return written.error();
    }
    const std::filesystem::path obj = dir / "obj_dir";
    SimRun run;
    const auto step = [&](std::vector<std::string> argv,
                          const std::filesystem::path& cwd) -> util::Status {
        if (auto built = build_step(sandbox, std::move(argv), cwd, settings, run); !built) {
            return built;
        }
        if (!run.compiled) {
            return util::make_error(util::ErrorKind::Tool, "cannot build the Verilator runtime",
                                    tail_lines(run.compile_log, 20));
        }
        return {};
    };
    for (auto argv : {verilate_argv({.sources = {"kit.sv"}}), make_argv()}) {
        if (auto built = step(std::move(argv), dir); !built) {
            return built.error();
        }
    }
    // The makefile's own compiler command, so the one-step build matches the objects.
    if (auto written = util::write_file(obj / "rtlduet_flags.mk", flags_makefile()); !written) {
        return written.error();
    }
    if (auto printed = step({"make", "-s", "-f", "Vtb.mk", "-f", "rtlduet_flags.mk",
                             "rtlduet-compile-flags", "OPT_FAST=-O0"},
                            obj);
        !printed) {
        return printed.error();
    }
    auto command = util::read_file(obj / kCompileFlags, util::ErrorKind::Tool);
    if (!command) {
        return command.error();
    }
    std::vector<std::string> pch = pch_command(*command);
    pch.insert(pch.end(), {"-x", "c++-header", std::string(kPchHeader), "-o",
                           std::string(kPchHeader) + ".gch"});
    if (auto written = util::write_file(obj / kPchHeader, std::string(kPchText)); !written) {
        return written.error();
    }
    if (auto built = step(std::move(pch), obj); !built) {
        return built.error();
    }
    return obj;
}

util::Result<std::filesystem::path> publish_runtime(const std::filesystem::path& objects,
                                                    const std::filesystem::path& target) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(objects, ec)) {
        if (is_runtime_file(entry.path().filename().string())) {
            files.push_back(entry.path().filename().string());
        }
    }
    if (ec) {
        return util::make_error(util::ErrorKind::Io,
                                "cannot list the Verilator runtime: " + ec.message());
    }
    auto published = util::publish_directory(target, [&](const std::filesystem::path& staging) {
        return util::copy_files(objects, files, staging, false);
    });
    if (!published) {
        return published.error().with_context("the Verilator runtime");
    }
    return target;
}

util::Result<RuntimeKit> open_runtime_kit(const util::Sandbox& sandbox,
                                          const std::filesystem::path& dir) {
    std::vector<std::string> files;
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        const std::string name = entry.path().filename().string();
        if (is_runtime_file(name) && name != kCompileFlags) {
            files.push_back(name);
        }
    }
    if (ec) {
        return util::make_error(util::ErrorKind::Io,
                                "cannot list " + dir.string() + ": " + ec.message());
    }
    std::sort(files.begin(), files.end());
    RuntimeKit kit{.dir = dir};
    if (sandbox.config().drop_privileges && !util::others_can_reach(dir)) {
        files.emplace_back(kCompileFlags);  // last: a copy that has it is whole
        auto copy = util::reachable_copy(dir, dir.filename().string(), files);
        if (!copy) {
            return copy.error();
        }
        files.pop_back();
        kit.dir = *copy;
    }
    auto command = util::read_file(kit.dir / kCompileFlags, util::ErrorKind::Io);
    if (!command) {
        return command.error();
    }
    kit.command = std::move(*command);
    for (const std::string& name : files) {
        if (name.ends_with(".o")) {
            kit.objects.push_back((kit.dir / name).string());
        }
    }
    return kit;
}

}  // namespace rtlduet::bench::detail
