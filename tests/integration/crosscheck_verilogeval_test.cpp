// integration/crosscheck_verilogeval_test.cpp: `rtlduet crosscheck` at its default settings
// (Verilator, confirmed on Icarus, guided rows) on the project's mutant sets: for every
// tests/data/crosscheck/verilogeval/<Problem>/ present, the golden design (RefModule renamed
// TopModule) agrees with the Python model on 1000 vectors for several seeds, and every mutant
// the official testbench rejects disagrees with a mismatch; the same for the deep-state designs
// of tests/data/crosscheck/deep/ (rare FSM exits, late counter wraps).
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/temp_dir.h"

namespace rtlduet::testing {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> sorted_entries(const fs::path& dir, bool want_dirs) {
    std::vector<fs::path> entries;
    if (!fs::is_directory(dir)) {
        return entries;
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
        if (entry.is_directory() == want_dirs) {
            entries.push_back(entry.path());
        }
    }
    std::sort(entries.begin(), entries.end());
    return entries;
}

// Writes the golden design with its module renamed; returns its path.
fs::path golden_design(const std::string& problem, const fs::path& dir) {
    const fs::path ref = shared_path("verilog-eval-v2/dataset_spec-to-rtl/" + problem + "_ref.sv");
    std::ifstream in(ref);
    REQUIRE_MESSAGE(in.good(), ref.string());
    std::stringstream text;
    text << in.rdbuf();
    const fs::path out = dir / (problem + ".sv");
    std::ofstream(out) << std::regex_replace(text.str(), std::regex("\\bRefModule\\b"),
                                             "TopModule");
    return out;
}

nlohmann::json crosscheck_json(const fs::path& rtl, const fs::path& model, int seed) {
    const BinaryRun run =
        run_rtlduet({"crosscheck", "--rtl", rtl.string(), "--model", model.string(), "--vectors",
                     "1000", "--seed", std::to_string(seed), "--json"},
                    {}, std::chrono::seconds(300));
    const auto out = nlohmann::json::parse(run.out, nullptr, false);
    REQUIRE_MESSAGE(!out.is_discarded(), (run.out + run.err));
    CHECK(run.exit_code == (out["verdict"] == "agree" ? 0 : 1));
    return out;
}

// Every mutant disagrees on seed 1 with at least one mismatching value (a vacuous run is not
// a catch).
void check_mutants(const fs::path& dir, const fs::path& model) {
    for (const fs::path& mutant : sorted_entries(dir, false)) {
        CAPTURE(mutant.filename().string());
        const auto out = crosscheck_json(mutant, model, 1);
        CHECK_MESSAGE(out["verdict"] == "disagree", out.dump(2));
        CHECK(out["mismatches"].size() > 0);
    }
}

TEST_SUITE("integration.crosscheck_verilogeval") {
    TEST_CASE("golden designs agree with their models and every mutant disagrees") {
        const auto problems =
            sorted_entries(source_path("tests/data/crosscheck/verilogeval"), true);
        auto work = util::TempDir::create("rtlduet-verilogeval-test-");
        REQUIRE(work);
        int checked = 0;
        for (const fs::path& dir : problems) {
            const std::string problem = dir.filename().string();
            CAPTURE(problem);
            const fs::path model = dir / "model.py";
            if (!fs::exists(model)) {
                continue;
            }
            const fs::path golden = golden_design(problem, work->path());
            for (const int seed : {1, 2, 3}) {
                CAPTURE(seed);
                const auto out = crosscheck_json(golden, model, seed);
                CHECK_MESSAGE(out["verdict"] == "agree", out.dump(2));
            }
            check_mutants(dir / "mutants", model);
            ++checked;
        }
        CHECK(checked >= 8);
    }

    TEST_CASE("deep-state designs agree and their mutants are caught by the guided rows") {
        int checked = 0;
        for (const fs::path& dir :
             sorted_entries(source_path("tests/data/crosscheck/deep"), true)) {
            CAPTURE(dir.filename().string());
            for (const int seed : {1, 2, 3}) {
                CAPTURE(seed);
                const auto out = crosscheck_json(dir / "rtl.sv", dir / "model.py", seed);
                CHECK_MESSAGE(out["verdict"] == "agree", out.dump(2));
            }
            check_mutants(dir / "mutants", dir / "model.py");
            ++checked;
        }
        CHECK(checked >= 2);
    }

    TEST_CASE("rows a guided round adds are confirmed on the other simulator, not the first rows") {
        // At 200 rows (seed 1) the watchdog's first rows miss a point and a guided round adds
        // rows: Icarus, started on the first rows beside the coverage run, is stopped and run
        // again on the final ones. Had its first trace been kept, the rows from the guided
        // round on would differ from the model's and the pair would disagree.
        const fs::path dir = source_path("tests/data/crosscheck/deep/watchdog");
        const BinaryRun run =
            run_rtlduet({"crosscheck", "--rtl", (dir / "rtl.sv").string(), "--model",
                         (dir / "model.py").string(), "--vectors", "200", "--seed", "1", "--json"});
        const auto out = nlohmann::json::parse(run.out, nullptr, false);
        REQUIRE_MESSAGE(!out.is_discarded(), (run.out + run.err));
        CHECK_MESSAGE(out["verdict"] == "agree", out.dump(2));
        CHECK(out["stimulus"]["guided"]["accepted"].get<int>() >= 1);
        CHECK(out["stimulus"]["sources"].size() > 1);
        REQUIRE(out["confirmation"]["backends"].size() == 2);
        for (const auto& backend : out["confirmation"]["backends"]) {
            CAPTURE(backend.dump());
            CHECK(backend["verdict"] == "agree");
            CHECK(backend["reason"] == "all 200 compared rows agree");
        }
        CHECK(out["confirmation"]["backends"][1]["simulator"] == "iverilog");
    }
}

}  // namespace
}  // namespace rtlduet::testing
