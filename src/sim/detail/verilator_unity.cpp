// sim/detail/verilator_unity.cpp: verilates a design with a prefix of its own; gathers the
// generated C++ and one harness per design of a build into a single translation unit and
// compiles and links it in one compiler run against the cached runtime and precompiled header.
#include "sim/detail/verilator_unity.h"

#include <algorithm>
#include <atomic>
#include <set>

#include <fmt/format.h>

#include "sim/detail/harness.h"
#include "util/files.h"

namespace rtlduet::sim::detail {
namespace {

namespace fs = std::filesystem;

constexpr std::uint64_t kBuildAddressSpace = 4ull << 30;
constexpr std::uint64_t kBuildProcesses = 64;

// `runtime_dir`: the cached runtime the compiler reads, or empty for Verilator, which reads
// only the design (a run that needs no extra directory can be served by a worker).
util::SandboxRequest build_request(std::vector<std::string> argv, const fs::path& cwd,
                                   const fs::path& runtime_dir, const UnityOptions& options) {
    util::SandboxRequest request{.argv = std::move(argv), .cwd = cwd};
    if (!runtime_dir.empty()) {
        request.readable_dirs = {runtime_dir};
    }
    request.limits.deadline = options.deadline;
    request.limits.cpu_seconds = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::seconds>(options.deadline).count() * 2);
    request.limits.address_space_bytes = kBuildAddressSpace;
    request.limits.processes = kBuildProcesses;
    return request;
}

// Copies the generated C++ of design `i` into <build>/c<i> with the harness and the header
// the harness includes; returns the generated .cpp names in a stable order.
util::Result<std::vector<std::string>> gather(const VerilatedDesign& verilated, std::size_t i,
                                              const fs::path& build_dir) {
    const UnityDesign& design = verilated.design;
    const fs::path destination = build_dir / fmt::format("c{}", i);
    if (auto made = util::make_directories(destination); !made) {
        return made.error();
    }
    std::vector<std::string> sources;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(design.work_dir / "obj", ec)) {
        const fs::path& path = entry.path();
        if (path.extension() != ".cpp" && path.extension() != ".h") {
            continue;
        }
        fs::copy_file(path, destination / path.filename(), fs::copy_options::overwrite_existing,
                      ec);
        if (ec) {
            return util::make_error(util::ErrorKind::Io,
                                    fmt::format("cannot copy {}: {}", path.string(), ec.message()));
        }
        if (path.extension() == ".cpp") {
            sources.push_back(path.filename().string());
        }
    }
    if (ec) {
        return util::make_error(
            util::ErrorKind::Io,
            fmt::format("cannot read {}: {}", design.work_dir.string(), ec.message()));
    }
    std::sort(sources.begin(), sources.end());
    const std::string shim = fmt::format("#include \"{}.h\"\n", verilated.prefix);
    if (auto written = util::write_file(destination / "Vtop.h", shim); !written) {
        return written.error();
    }
    if (auto written = util::write_file(destination / "harness.cpp", design.harness); !written) {
        return written.error();
    }
    return sources;
}

// Compiles and links the designs `ids` as <build>/<name>.cpp into <build>/<name>.
util::Result<util::RunResult> compile(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                                      const std::vector<VerilatedDesign>& designs,
                                      const std::vector<std::vector<std::string>>& sources,
                                      const std::vector<std::size_t>& ids,
                                      const fs::path& build_dir, const std::string& name,
                                      const UnityOptions& options) {
    std::vector<std::string> harnesses(designs.size());
    std::vector<std::string> prefixes(designs.size());
    std::vector<std::vector<std::string>> generated(designs.size());
    for (const std::size_t id : ids) {
        harnesses[id] = designs[id].design.harness;
        prefixes[id] = designs[id].prefix;
        generated[id] = sources[id];
    }
    const std::string text = unity_source(harnesses, prefixes, generated);
    if (auto written = util::write_file(build_dir / (name + ".cpp"), text); !written) {
        return written.error();
    }
    std::vector<std::string> argv = {recipe.cxx.string()};
    const auto flags = recipe.compile_flags();
    argv.insert(argv.end(), flags.begin(), flags.end());
    argv.insert(argv.end(), {name + ".cpp", "-o", name});
    const auto link = recipe.link_flags();
    argv.insert(argv.end(), link.begin(), link.end());
    return run_tool(sandbox, build_request(argv, build_dir, recipe.dir, options), options.cancel);
}

RtlFailure compile_failure(const UnityDesign& design, const util::RunResult& run,
                           const fs::path& build_dir) {
    return RtlFailure{.stage = "build",
                      .message = fmt::format("the C++ compiler could not build the verilated {} "
                                             "({})",
                                             design.design_name, run.describe_end()),
                      .log = tidy_log(run.err + run.out, build_dir, "", ""),
                      .timed_out = run.timed_out};
}

}  // namespace

std::string unique_prefix() {
    static std::atomic<unsigned> next{0};
    return fmt::format("Vc{}", next++);
}

util::Result<std::optional<RtlFailure>> verilate(const util::Sandbox& sandbox,
                                                 const VerilatorRecipe& recipe,
                                                 const UnityDesign& design,
                                                 const std::string& prefix,
                                                 const UnityOptions& options) {
    std::vector<std::string> argv = {recipe.verilator.string(), "--cc", "--prefix", prefix,
                                     "--top-module", design.top_module, "-Mdir", "obj",
                                     "--no-timing", "-Wno-fatal", "-Wno-lint", "-Wno-style",
                                     // line and toggle coverage (docs/crosscheck.md)
                                     "--coverage-line", "--coverage-toggle"};
    argv.insert(argv.end(), design.parameter_flags.begin(), design.parameter_flags.end());
    argv.push_back(design.design_copy);
    auto run = run_tool(sandbox, build_request(argv, design.work_dir, {}, options), options.cancel);
    if (!run) {
        return run.error();
    }
    if (run->succeeded()) {
        return std::optional<RtlFailure>();
    }
    return std::optional<RtlFailure>(RtlFailure{
        .stage = "build",
        .message = fmt::format("verilator could not build {} ({})", design.design_name,
                               run->describe_end()),
        .log =
            tidy_log(run->err + run->out, design.work_dir, design.design_copy, design.design_name),
        .timed_out = run->timed_out});
}

std::string unity_source(const std::vector<std::string>& harnesses,
                         const std::vector<std::string>& prefixes,
                         const std::vector<std::vector<std::string>>& generated) {
    // Library includes of the harness are hoisted to the top: inside a namespace they would
    // declare the library in it.
    std::set<std::string> hoisted;
    for (const std::string& harness : harnesses) {
        std::size_t at = 0;
        while ((at = harness.find("#include <", at)) != std::string::npos) {
            const std::size_t end = harness.find('\n', at);
            hoisted.insert(harness.substr(at, end - at));
            at = end;
        }
    }
    std::string text = "// rtlduet unity build: generated models and their harnesses\n";
    for (const std::string& line : hoisted) {
        text += line + "\n";
    }
    text += "#include \"verilated.h\"\n";
    std::string dispatch;
    for (std::size_t i = 0; i < generated.size(); ++i) {
        if (generated[i].empty()) {
            continue;
        }
        for (const std::string& source : generated[i]) {
            text += fmt::format("#include \"c{}/{}\"\n", i, source);
        }
        text += fmt::format(
            "namespace rtlduet_c{0} {{\n#define Vtop {1}\n#include \"c{0}/harness.cpp\"\n"
            "#undef Vtop\n}}  // namespace rtlduet_c{0}\n",
            i, prefixes[i]);
        dispatch += fmt::format("        case {0}: return rtlduet_c{0}::main(argc, argv);\n", i);
    }
    text += fmt::format(
        "int main(int argc, char** argv) {{\n"
        "    switch (argc > 1 ? std::atoi(argv[1]) : 0) {{\n{}"
        "        default: std::fputs(\"rtlduet: no such design in this build\\n\", stderr);\n"
        "    }}\n    return 3;\n}}\n",
        dispatch);
    return text;
}

util::Result<UnityBuild> compile_unity(const util::Sandbox& sandbox, const VerilatorRecipe& recipe,
                                       const std::vector<VerilatedDesign>& designs,
                                       const fs::path& build_dir, const UnityOptions& options) {
    const auto started = std::chrono::steady_clock::now();
    UnityBuild build{.failures = std::vector<std::optional<RtlFailure>>(designs.size()),
                     .binary_of = std::vector<int>(designs.size(), -1)};
    std::vector<std::vector<std::string>> sources(designs.size());
    std::vector<std::size_t> everyone(designs.size());
    for (std::size_t i = 0; i < designs.size(); ++i) {
        auto gathered = gather(designs[i], i, build_dir);
        if (!gathered) {
            return gathered.error();
        }
        sources[i] = std::move(*gathered);
        everyone[i] = i;
    }
    // One compile for all; when it fails, one per design to find the broken ones.
    std::vector<std::vector<std::size_t>> groups = {everyone};
    for (std::size_t attempt = 0; attempt < groups.size() && !designs.empty(); ++attempt) {
        const std::vector<std::size_t> ids = groups[attempt];
        const std::string name = fmt::format("sim{}", attempt);
        auto run = compile(sandbox, recipe, designs, sources, ids, build_dir, name, options);
        if (!run) {
            return run.error();
        }
        if (run->succeeded()) {
            for (const std::size_t id : ids) {
                build.binary_of[id] = static_cast<int>(build.binaries.size());
            }
            build.binaries.push_back(build_dir / name);
        } else if (ids.size() > 1 && attempt == 0) {
            for (const std::size_t id : ids) {
                groups.push_back({id});
            }
        } else {
            for (const std::size_t id : ids) {
                build.failures[id] = compile_failure(designs[id].design, *run, build_dir);
            }
        }
    }
    build.time = std::chrono::duration_cast<std::chrono::milliseconds>(
        std::chrono::steady_clock::now() - started);
    return build;
}

}  // namespace rtlduet::sim::detail
