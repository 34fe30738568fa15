// integration/install_test.cpp: `cmake --install` lays out a relocatable rtlduet: a copy
// installed to a temporary prefix and then moved finds its own resources (share/rtlduet), never
// the source tree; a binary copied without them says so, and RTLDUET_RESOURCES points it there.
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "support/run_binary.h"
#include "util/temp_dir.h"

namespace rtlduet::testing {
namespace {

namespace fs = std::filesystem;

std::string show(const BinaryRun& run) {
    return "exit " + std::to_string(run.exit_code) + "\nstdout:\n" + run.out + "\nstderr:\n" +
           run.err;
}

std::string resources_row(const BinaryRun& doctor) {
    const auto checks = nlohmann::json::parse(doctor.out, nullptr, false);
    if (!checks.is_object()) {
        return "";
    }
    for (const auto& row : checks["checks"]) {
        if (row["name"] == "resources") {
            return row["status"].get<std::string>() + " " + row["path"].get<std::string>();
        }
    }
    return "";
}

TEST_SUITE("integration.install") {
    TEST_CASE("an installed, moved copy runs from its own prefix, without the source tree") {
        auto dir = util::TempDir::create("rtlduet-install-");
        REQUIRE(dir);
        const fs::path root = fs::canonical(dir->path());
        const auto install = run_program(
            {"cmake", "--install", RTLDUET_BUILD_DIR, "--prefix", (root / "first").string()});
        REQUIRE_MESSAGE(install.exit_code == 0, show(install));
        fs::rename(root / "first", root / "moved");
        const std::string binary = (root / "moved/bin/rtlduet").string();
        for (const char* resource : {"agents", "prompts/rtlduet", "testbenches"}) {
            CHECK(fs::is_directory(root / "moved/share/rtlduet" / resource));
        }
        CHECK(fs::is_regular_file(root / "moved/libexec/rtlduet/rtlduet-sandbox"));

        const auto doctor = run_program({binary, "doctor", "--json"}, root);
        CHECK_MESSAGE(resources_row(doctor) == "ok " + (root / "moved/share/rtlduet").string(),
                      show(doctor));
        const auto check = run_program(
            {binary, "crosscheck", "--vectors", "50", "--rtl",
             source_path("tests/data/crosscheck/handwritten/counter_agree/rtl.sv").string(),
             "--model",
             source_path("tests/data/crosscheck/handwritten/counter_agree/model.py").string()},
            root);
        CHECK_MESSAGE(check.exit_code == 0, show(check));

        // The binary alone has no resources: it must not fall back to the source tree.
        fs::create_directories(root / "lonely/bin");
        fs::copy_file(binary, root / "lonely/bin/rtlduet");
        const auto lonely = run_program({(root / "lonely/bin/rtlduet").string(), "doctor"}, root);
        CHECK(lonely.exit_code == 3);
        CHECK_MESSAGE(lonely.out.find("RTLDUET_RESOURCES") != std::string::npos, show(lonely));
        const auto pointed =
            run_program({(root / "lonely/bin/rtlduet").string(), "doctor", "--json"}, root,
                        std::chrono::seconds(300),
                        {"RTLDUET_RESOURCES=" + (root / "moved/share/rtlduet").string()});
        CHECK_MESSAGE(resources_row(pointed) == "ok " + (root / "moved/share/rtlduet").string(),
                      show(pointed));
    }
}

}  // namespace
}  // namespace rtlduet::testing
