// unit/util/content_cache_test.cpp: entries found as stored, whatever bytes they hold; a kept
// run replayed into a directory or recalled in memory; a foreign or cut entry is no entry; stale
// partial writes are swept; a disabled cache stores nothing.
#include "util/content_cache.h"

#include <doctest/doctest.h>

#include "util/files.h"
#include "util/hash.h"
#include "util/temp_dir.h"

using namespace rtlduet;

TEST_SUITE("util.content_cache") {
    TEST_CASE("finds what was stored, binary fields and empty ones included") {
        auto dir = util::TempDir::create("rtlduet-cache-test-");
        REQUIRE(dir);
        const util::ContentCache cache(dir->path());
        const std::string key = util::sha256_hex("one");
        CHECK_FALSE(cache.find(key));
        const std::vector<std::string> fields = {"0", "", std::string("a\0b:9:", 6), "last"};
        cache.store(key, fields);
        const auto found = cache.find(key);
        REQUIRE(found);
        CHECK(*found == fields);
        CHECK_FALSE(cache.find(util::sha256_hex("two")));
        // Only the entry is left: no temporary name beside it.
        int files = 0;
        for (const auto& entry : std::filesystem::recursive_directory_iterator(dir->path())) {
            files += entry.is_regular_file() ? 1 : 0;
        }
        CHECK(files == 1);
    }

    TEST_CASE("a kept run is replayed into a directory, or recalled with its files in memory") {
        auto dir = util::TempDir::create("rtlduet-cache-test-");
        auto work = util::TempDir::create("rtlduet-cache-work-");
        REQUIRE(dir);
        REQUIRE(work);
        const util::ContentCache cache(dir->path());
        const util::Sandbox sandbox = util::Sandbox::detect();
        const std::string key = util::sha256_hex("a run");
        const util::SandboxRequest request{
            .argv = {"/bin/sh", "-c", "echo made > out.txt; echo said; exit 3"},
            .cwd = work->path()};
        const std::vector<std::string> outputs = {"out.txt", "never.txt"};
        auto first = util::run_cached(sandbox, request, cache, key, outputs);
        REQUIRE(first);
        CHECK_FALSE(first->is_replayed);
        REQUIRE(std::filesystem::remove(work->path() / "out.txt"));
        auto recalled = cache.recall(key, outputs);
        REQUIRE(recalled);
        CHECK(recalled->run.exit_code == 3);
        CHECK(recalled->run.out == "said\n");
        REQUIRE(recalled->outputs.size() == 2);
        CHECK(recalled->outputs[0] == std::optional<std::string>("made\n"));
        CHECK_FALSE(recalled->outputs[1]);
        CHECK(std::filesystem::is_empty(work->path()));  // recalling writes nothing
        CHECK_FALSE(cache.recall(key, {"out.txt"}));     // another list of files: not this entry
        auto second = util::run_cached(sandbox, request, cache, key, outputs);
        REQUIRE(second);
        CHECK(second->is_replayed);
        const auto replayed = util::read_file(work->path() / "out.txt");
        REQUIRE(replayed);
        CHECK(*replayed == "made\n");
        CHECK_FALSE(std::filesystem::exists(work->path() / "never.txt"));
    }

    TEST_CASE("a cut or foreign entry is not found") {
        auto dir = util::TempDir::create("rtlduet-cache-test-");
        REQUIRE(dir);
        const util::ContentCache cache(dir->path());
        const std::string key = util::sha256_hex("cut");
        cache.store(key, {"hello world"});
        const auto entry = dir->path() / key.substr(0, 2) / key;
        auto text = util::read_file(entry);
        REQUIRE(text);
        REQUIRE(util::write_file(entry, text->substr(0, text->size() - 3)));
        CHECK_FALSE(cache.find(key));
        REQUIRE(util::write_file(entry, "11:hello world"));
        CHECK_FALSE(cache.find(key));
    }

    TEST_CASE("a store sweeps what a killed writer left beside the entries, not a live write") {
        auto dir = util::TempDir::create("rtlduet-cache-test-");
        REQUIRE(dir);
        const util::ContentCache cache(dir->path());
        const std::string key = util::sha256_hex("swept");
        const auto shard = dir->path() / key.substr(0, 2);
        REQUIRE(util::write_file(shard / ".partial-old", "killed while writing"));
        REQUIRE(util::write_file(shard / ".partial-live", "being written now"));
        std::filesystem::last_write_time(
            shard / ".partial-old",
            std::filesystem::file_time_type::clock::now() - std::chrono::hours(2));
        cache.store(key, {"kept"});
        CHECK_FALSE(std::filesystem::exists(shard / ".partial-old"));
        CHECK(std::filesystem::exists(shard / ".partial-live"));
        CHECK(cache.find(key) == std::vector<std::string>{"kept"});
    }

    TEST_CASE("a cache without a directory stores and finds nothing") {
        const util::ContentCache cache({});
        CHECK_FALSE(cache.is_enabled());
        cache.store(util::sha256_hex("x"), {"y"});
        CHECK_FALSE(cache.find(util::sha256_hex("x")));
    }
}
