// sim/detail/verilator_recipe.cpp: builds Verilator's runtime (verilated.cpp and friends) and
// a precompiled header once per toolchain into the cache, and finds them again cheaply (a few
// stat calls, no process) on every later build.
#include "sim/detail/verilator_recipe.h"

#include <map>
#include <optional>

#include <fmt/format.h>

#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

namespace rtlduet::sim::detail {
namespace {

namespace fs = std::filesystem;

std::string_view optimisation_flag(bool is_optimised) {
    return is_optimised ? "-O1" : "-O0";
}
constexpr std::uint64_t kBuildAddressSpace = 4ull << 30;

// Everything the harness template and the generated models include, so that the hoisted
// includes of a unity file all come from the precompiled header, and nothing more: g++ maps
// the whole header into every build, and each header left out is load time saved (without
// VCD tracing and the C++ streams: 57 MB instead of 66, and a small design's compile 154 ms
// of CPU instead of 172).
constexpr std::string_view kPchText =
    "// rtlduet: precompiled header for Verilator unity builds\n"
    "#include <cstdint>\n#include <cstdio>\n#include <cstdlib>\n#include <cstring>\n"
    "#include \"verilated.h\"\n#include \"verilated_cov.h\"\n";

// -pthread defines _REENTRANT: the unity build links with it, so the precompiled header must
// be made with it too, or g++ silently rejects the header and parses every include again
// (1.8 s instead of 0.4 s for a small design). C++14 is what Verilator's runtime needs; in
// C++17 mode g++ instantiates more of the library headers at the end of every unit (~35 ms of
// a ~240 ms build of a small design).
const std::vector<std::string>& base_flags() {
    static const std::vector<std::string> flags = {"-std=gnu++14",
                                                   "-pthread",
                                                   "-DVM_COVERAGE=1",
                                                   "-DVM_SC=0",
                                                   "-DVM_TRACE=0",
                                                   "-DVM_TRACE_FST=0",
                                                   "-DVM_TRACE_VCD=0",
                                                   "-faligned-new",
                                                   "-fcf-protection=none",
                                                   "-w",
                                                   "-g0",
                                                   "-pipe"};
    return flags;
}

// The flags shared by the runtime, the precompiled header and every unity build.
std::vector<std::string> toolchain_flags(const fs::path& include_dir, bool is_optimised) {
    std::vector<std::string> flags = base_flags();
    flags.push_back("-I" + include_dir.string());
    flags.push_back("-I" + (include_dir / "vltstd").string());
    flags.emplace_back(optimisation_flag(is_optimised));
    return flags;
}

struct Tools {
    fs::path verilator;
    fs::path cxx;
};

std::optional<Tools> find_tools(const util::Sandbox& sandbox) {
    const std::string& path_env = sandbox.config().path_env;
    Tools tools{.verilator = util::find_program("verilator_bin", path_env),
                .cxx = util::find_program("g++", path_env)};
    if (tools.verilator.empty() || tools.cxx.empty()) {
        return std::nullopt;
    }
    return tools;
}

std::string compute_key(const Tools& tools, bool is_optimised) {
    std::error_code ec;
    const fs::path real_cxx = fs::canonical(tools.cxx, ec);
    util::Sha256 hash;
    hash.field(fmt::format("rtlduet verilator recipe {}", kRecipeVersion))
        .field(util::file_identity(tools.verilator))
        .field(util::file_identity(ec ? tools.cxx : real_cxx))
        .field(optimisation_flag(is_optimised))
        .field(kPchText);
    for (const std::string& flag : base_flags()) {
        hash.field(flag);
    }
    return hash.hex_digest().substr(0, 24);
}

util::Result<util::RunResult> run_step(const util::Sandbox& sandbox, const fs::path& cwd,
                                       std::vector<std::string> argv,
                                       const RecipeRequest& request) {
    util::SandboxRequest run{.argv = std::move(argv), .cwd = cwd};
    run.limits.deadline = request.deadline;
    run.limits.cpu_seconds = 600;
    run.limits.address_space_bytes = kBuildAddressSpace;
    run.cancel = request.cancel;
    auto result = sandbox.run(run);
    if (!result) {
        return result.error().with_context("building Verilator's runtime");
    }
    if (result->cancelled) {
        return util::make_error(util::ErrorKind::Interrupted, "interrupted");
    }
    return result;
}

util::Status must_succeed(const util::Result<util::RunResult>& run, std::string_view what) {
    if (!run) {
        return run.error();
    }
    if (!run->succeeded()) {
        return util::make_error(
            util::ErrorKind::Tool,
            fmt::format("building Verilator's runtime: {} failed ({})", what, run->describe_end()),
            run->err.substr(0, 4000));
    }
    return {};
}

std::string first_line(std::string_view text) {
    return std::string(text.substr(0, text.find('\n')));
}

std::map<std::string, std::string> read_manifest(const fs::path& dir) {
    std::map<std::string, std::string> fields;
    auto text = util::read_file(dir / "manifest.txt", util::ErrorKind::Io);
    if (!text) {
        return fields;
    }
    std::size_t position = 0;
    while (position < text->size()) {
        const std::size_t end = std::min(text->find('\n', position), text->size());
        const std::string line = text->substr(position, end - position);
        const std::size_t space = line.find(' ');
        if (space != std::string::npos) {
            fields[line.substr(0, space)] = line.substr(space + 1);
        }
        position = end + 1;
    }
    return fields;
}

// Fills the recipe from a complete cache entry; false when the entry is absent or partial.
bool load_entry(const fs::path& dir, VerilatorRecipe& recipe) {
    const auto fields = read_manifest(dir);
    const auto key = fields.find("key");
    const auto include_dir = fields.find("include_dir");
    const auto linker = fields.find("linker");
    if (key == fields.end() || key->second != recipe.key || include_dir == fields.end() ||
        linker == fields.end()) {
        return false;
    }
    recipe.dir = dir;
    recipe.include_dir = include_dir->second;
    recipe.use_gold = linker->second == "gold";
    return true;
}

// Compiles the runtime objects, the archive and the precompiled header in `work`.
util::Result<std::string> build_runtime(const util::Sandbox& sandbox, const fs::path& work,
                                        VerilatorRecipe& recipe, const RecipeRequest& request) {
    auto root =
        run_step(sandbox, work, {recipe.verilator.string(), "--getenv", "VERILATOR_ROOT"}, request);
    if (auto ok = must_succeed(root, "verilator_bin --getenv"); !ok) {
        return ok.error();
    }
    recipe.include_dir = fs::path(first_line(root->out)) / "include";
    const std::string include = recipe.include_dir.string();
    std::vector<std::string> argv = {recipe.cxx.string()};
    const auto flags = toolchain_flags(recipe.include_dir, recipe.is_optimised);
    argv.insert(argv.end(), flags.begin(), flags.end());
    std::vector<std::string> objects = argv;
    objects.insert(objects.end(),
                   {"-O2", "-c", include + "/verilated.cpp", include + "/verilated_threads.cpp",
                    include + "/verilated_cov.cpp"});
    if (auto ok = must_succeed(run_step(sandbox, work, objects, request), "compiling"); !ok) {
        return ok.error();
    }
    const auto ar = util::find_program("ar", sandbox.config().path_env);
    auto archived = run_step(sandbox, work,
                             {ar.string(), "rcs", "libverilated.a", "verilated.o",
                              "verilated_threads.o", "verilated_cov.o"},
                             request);
    if (auto ok = must_succeed(archived, "ar"); !ok) {
        return ok.error();
    }
    if (auto written = util::write_file(work / "rtlduet_pch.h", kPchText); !written) {
        return written.error();
    }
    std::vector<std::string> pch = argv;
    pch.insert(pch.end(), {"-x", "c++-header", "rtlduet_pch.h", "-o", "rtlduet_pch.h.gch"});
    if (auto ok = must_succeed(run_step(sandbox, work, pch, request), "the header"); !ok) {
        return ok.error();
    }
    if (auto written = util::write_file(work / "probe.cpp", "int main() { return 0; }\n");
        !written) {
        return written.error();
    }
    auto gold = run_step(
        sandbox, work, {recipe.cxx.string(), "-fuse-ld=gold", "probe.cpp", "-o", "probe"}, request);
    recipe.use_gold = gold && gold->succeeded();
    auto version = run_step(sandbox, work, {recipe.verilator.string(), "--version"}, request);
    auto cxx_version = run_step(sandbox, work, {recipe.cxx.string(), "--version"}, request);
    return fmt::format(
        "key {}\ninclude_dir {}\nlinker {}\nverilator {}\ncxx {}\ndesigns {}\n", recipe.key,
        include, recipe.use_gold ? "gold" : "default", version ? first_line(version->out) : "?",
        cxx_version ? first_line(cxx_version->out) : "?", optimisation_flag(recipe.is_optimised));
}

// The runtime a build made; an entry holds them and a manifest.
const std::vector<std::string> kKitFiles = {"libverilated.a", "rtlduet_pch.h", "rtlduet_pch.h.gch"};

// Copies the files a build produced (owned by the sandbox user) into a fresh cache entry.
util::Status install(const fs::path& built, const std::string& manifest,
                     const fs::path& destination) {
    return util::publish_directory(destination, [&](const fs::path& staging) -> util::Status {
        if (auto copied = util::copy_files(built, kKitFiles, staging, false); !copied) {
            return copied;
        }
        return util::write_file(staging / "manifest.txt", manifest);
    });
}

}  // namespace

std::vector<std::string> VerilatorRecipe::compile_flags() const {
    std::vector<std::string> flags = toolchain_flags(include_dir, is_optimised);
    flags.push_back("-include");
    flags.push_back((dir / "rtlduet_pch.h").string());
    return flags;
}

std::vector<std::string> VerilatorRecipe::link_flags() const {
    std::vector<std::string> flags = {(dir / "libverilated.a").string(), "-pthread"};
    if (use_gold) {
        flags.emplace_back("-fuse-ld=gold");
    }
    return flags;
}

std::string recipe_key(const util::Sandbox& sandbox, bool is_optimised) {
    const auto tools = find_tools(sandbox);
    return tools ? compute_key(*tools, is_optimised) : std::string();
}

util::Result<VerilatorRecipe> prepare_recipe(const util::Sandbox& sandbox,
                                             const RecipeRequest& request) {
    const auto tools = find_tools(sandbox);
    if (!tools) {
        return util::make_error(util::ErrorKind::Tool,
                                "verilator_bin or g++ not found on PATH: install verilator and "
                                "g++ (see `rtlduet doctor`)");
    }
    VerilatorRecipe recipe{.key = compute_key(*tools, request.is_optimised),
                           .verilator = tools->verilator,
                           .cxx = tools->cxx,
                           .is_optimised = request.is_optimised};
    const fs::path entry = request.cache_root / "verilator" / recipe.key;
    if (!load_entry(entry, recipe)) {
        if (auto made = util::make_directories(entry.parent_path()); !made) {
            return made.error();
        }
        auto work = util::TempDir::create("rtlduet-runtime-");
        if (!work) {
            return work.error();
        }
        recipe.dir = work->path();
        auto manifest = build_runtime(sandbox, work->path(), recipe, request);
        if (!manifest) {
            return manifest.error();
        }
        if (auto installed = install(work->path(), *manifest, entry); !installed) {
            return installed.error();
        }
        if (!load_entry(entry, recipe)) {
            return util::make_error(
                util::ErrorKind::Io,
                fmt::format("the Verilator runtime cache {} is unreadable", entry.string()));
        }
    }
    if (sandbox.config().drop_privileges && !util::others_can_reach(recipe.dir)) {
        std::vector<std::string> files = kKitFiles;
        files.emplace_back("manifest.txt");  // last: its presence says the copy is whole
        auto staged = util::reachable_copy(recipe.dir, "verilator-" + recipe.key, files);
        if (!staged) {
            return staged.error();
        }
        recipe.dir = *staged;
    }
    return recipe;
}

}  // namespace rtlduet::sim::detail
