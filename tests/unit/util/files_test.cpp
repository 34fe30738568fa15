#include "util/files.h"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include <doctest/doctest.h>
#include <fmt/format.h>

#include "util/temp_dir.h"

using namespace rtlduet::util;
namespace fs = std::filesystem;

TEST_SUITE("util.files") {
    TEST_CASE("atomic write replaces the content and leaves no temporary file") {
        auto dir = TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const auto path = dir->path() / "sub" / "a.json";
        REQUIRE(write_file_atomic(path, "one"));
        REQUIRE(write_file_atomic(path, "two"));
        auto text = read_file(path);
        REQUIRE(text);
        CHECK(*text == "two");
        int entries = 0;
        for ([[maybe_unused]] const auto& entry : fs::directory_iterator(path.parent_path())) {
            ++entries;
        }
        CHECK(entries == 1);
    }

    TEST_CASE("stale .partial- entries are swept, fresh ones and other names are kept") {
        auto dir = TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        for (const char* name : {".partial-old", ".partial-new", "entry-old"}) {
            fs::create_directories(dir->path() / name / "inside");
        }
        REQUIRE(write_file(dir->path() / ".partial-old-file", "left by a killed writer"));
        const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(3);
        for (const char* name : {".partial-old", "entry-old", ".partial-old-file"}) {
            fs::last_write_time(dir->path() / name, old_time);
        }
        TempDir::remove_stale(dir->path(), ".partial-", std::chrono::hours(1));
        CHECK_FALSE(fs::exists(dir->path() / ".partial-old"));
        CHECK_FALSE(fs::exists(dir->path() / ".partial-old-file"));
        CHECK(fs::exists(dir->path() / ".partial-new"));
        CHECK(fs::exists(dir->path() / "entry-old"));
    }

    TEST_CASE("concurrent appenders never interleave lines") {
        auto dir = TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const auto path = dir->path() / "results.jsonl";
        std::vector<std::thread> writers;
        for (int w = 0; w < 4; ++w) {
            writers.emplace_back([&, w] {
                for (int i = 0; i < 50; ++i) {
                    REQUIRE(
                        append_line_durable(path, std::string(200, static_cast<char>('a' + w))));
                }
            });
        }
        for (auto& writer : writers) {
            writer.join();
        }
        auto text = read_file(path);
        REQUIRE(text);
        CHECK(text->size() == 4 * 50 * 201);
        std::size_t start = 0;
        while (start < text->size()) {
            const std::size_t end = text->find('\n', start);
            const std::string line = text->substr(start, end - start);
            CHECK(line == std::string(200, line[0]));
            start = end + 1;
        }
    }

    TEST_CASE("reading a missing file or a directory names the path") {
        auto missing = read_file("/nonexistent/spec.txt");
        REQUIRE_FALSE(missing);
        CHECK(missing.error().message.find("/nonexistent/spec.txt") != std::string::npos);
        CHECK(missing.error().kind == ErrorKind::Input);
        auto directory = read_file("/tmp");
        REQUIRE_FALSE(directory);
        CHECK(directory.error().message.find("is a directory") != std::string::npos);
    }

    TEST_CASE(
        "a published directory appears whole, the first of two stays, a failed one leaves "
        "nothing") {
        auto dir = TempDir::create("rtlduet-test-");
        REQUIRE(dir);
        const fs::path source = dir->path() / "source";
        REQUIRE(write_file(source / "a", "first"));
        REQUIRE(write_file(source / "b", "second"));
        fs::permissions(source / "b", fs::perms::owner_read | fs::perms::owner_write);
        fs::create_directories(dir->path() / "cache" / ".partial-killed");
        fs::last_write_time(dir->path() / "cache" / ".partial-killed",
                            fs::file_time_type::clock::now() - std::chrono::hours(3));
        const fs::path entry = dir->path() / "cache" / "entry";
        const auto copy = [&](const fs::path& staging) {
            CHECK_FALSE(fs::exists(entry));  // nothing is visible while it is filled
            return copy_files(source, {"a", "b"}, staging, false);
        };
        REQUIRE(publish_directory(entry, copy));
        CHECK(*read_file(entry / "a") == "first");
        // Open to the sandbox users: the directory traversable, a private file made readable.
        CHECK((fs::status(entry).permissions() & fs::perms::others_exec) != fs::perms::none);
        CHECK((fs::status(entry / "b").permissions() & fs::perms::others_read) != fs::perms::none);

        REQUIRE(publish_directory(
            entry, [&](const fs::path& staging) { return write_file(staging / "a", "later"); }));
        CHECK(*read_file(entry / "a") == "first");
        const auto failed = publish_directory(dir->path() / "cache" / "other", [](const fs::path&) {
            return Status(make_error(ErrorKind::Io, "full disk"));
        });
        CHECK_FALSE(failed);
        CHECK_FALSE(fs::exists(dir->path() / "cache" / "other"));
        int left = 0;
        for (const auto& item : fs::directory_iterator(dir->path() / "cache")) {
            left += item.path().filename().string().starts_with(".partial-") ? 1 : 0;
        }
        CHECK(left == 0);  // the killed writer's is swept, this run's are removed
    }

    TEST_CASE("a temporary directory is removed unless kept") {
        fs::path removed;
        fs::path kept;
        {
            auto a = TempDir::create("rtlduet-test-");
            auto b = TempDir::create("rtlduet-test-");
            REQUIRE(a);
            REQUIRE(b);
            removed = a->path();
            kept = b->path();
            b->keep();
        }
        CHECK_FALSE(fs::exists(removed));
        CHECK(fs::exists(kept));
        fs::remove_all(kept);
    }

    TEST_CASE("temporary directories go to the process's own directory, which sweeps dead ones' (beside when the root is not private)") {
        auto scratch = TempDir::create("rtlduet-test-tmpdir-");
        REQUIRE(scratch);
        const char* saved = std::getenv("TMPDIR");
        const std::string saved_value = saved != nullptr ? saved : "";
        const std::string own = fmt::format("rtlduet-{}", ::geteuid());
        const fs::path good = scratch->path() / "good";
        const fs::path shared = scratch->path() / "shared";
        fs::create_directories(good);
        fs::create_directories(shared / own);
        fs::permissions(shared / own, fs::perms::all);  // anyone may write: not private

        // Work directories of processes that died: one whose lock is free goes, one whose lock
        // is held stays, and so does one made moments ago.
        const auto left = [&](const std::string& name, bool is_old) {
            const fs::path dir = good / own / name;
            fs::create_directories(dir / "rtlduet-run-x");
            REQUIRE(write_file(dir / ".lock", ""));
            if (is_old) {
                const auto old_time = fs::file_time_type::clock::now() - std::chrono::hours(2);
                fs::last_write_time(dir / ".lock", old_time);
            }
            return dir;
        };
        const fs::path dead = left("work-999999991", true);
        const fs::path alive = left("work-999999992", true);
        const fs::path young = left("work-999999993", false);
        // Empty and unlocked, as a process leaves it when its last work directory went after
        // its exit handler: it goes once it is old; one with files in it stays.
        const auto unlocked = [&](const std::string& name, bool has_file) {
            const fs::path dir = good / own / name;
            fs::create_directories(dir);
            if (has_file) {
                REQUIRE(write_file(dir / "left", ""));
            }
            fs::last_write_time(dir, fs::file_time_type::clock::now() - std::chrono::hours(2));
            return dir;
        };
        const fs::path empty_leftover = unlocked("work-999999994", false);
        const fs::path full_leftover = unlocked("work-999999995", true);
        const int holder = ::open((alive / ".lock").c_str(), O_RDONLY);
        REQUIRE(holder >= 0);
        REQUIRE(::flock(holder, LOCK_EX) == 0);

        ::setenv("TMPDIR", good.c_str(), 1);
        CHECK(private_temp_root() == good / own);
        auto inside = TempDir::create("rtlduet-test-");
        REQUIRE(inside);
        const fs::path work = good / own / fmt::format("work-{}", ::getpid());
        CHECK(process_work_root() == work);
        CHECK(inside->path().parent_path() == work);
        CHECK(fs::exists(work / ".lock"));
        CHECK_FALSE(fs::exists(dead));
        CHECK(fs::exists(alive / "rtlduet-run-x"));
        CHECK(fs::exists(young / "rtlduet-run-x"));
        CHECK_FALSE(fs::exists(empty_leftover));
        CHECK(fs::exists(full_leftover / "left"));
        ::close(holder);
        struct stat info {};
        REQUIRE(::stat((good / own).c_str(), &info) == 0);
        CHECK((info.st_mode & (S_IWGRP | S_IWOTH)) == 0);
        const int fd = ::open((good / own).c_str(), O_RDONLY | O_DIRECTORY);
        int flags = 0;
        if (fd >= 0 && ::ioctl(fd, FS_IOC_GETFLAGS, &flags) == 0 && (flags & FS_TOPDIR_FL) == 0) {
            MESSAGE("this file system keeps no top-directory flag");
        }
        if (fd >= 0) {
            ::close(fd);
        }

        ::setenv("TMPDIR", shared.c_str(), 1);
        CHECK(private_temp_root().empty());
        auto beside = TempDir::create("rtlduet-test-");
        REQUIRE(beside);
        CHECK(beside->path().parent_path() == shared);

        if (saved != nullptr) {
            ::setenv("TMPDIR", saved_value.c_str(), 1);
        } else {
            ::unsetenv("TMPDIR");
        }
    }
}
