// A shared PostgreSQL database through the mtrack binary and the Repository interface, on the
// test binary's own server (support/postgres.hpp): choosing it (--db, MTRACK_DB, the config
// file), passwords kept out of messages, refusals (a newer schema, another program's
// database, bad connections, a read-only role), writers racing, and `mtrack copy`.

#include <fmt/format.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <set>

#include "mtrack/storage/repository.hpp"
#include "mtrack/util/error.hpp"
#include "storage/schema_files.hpp"
#include "support/postgres.hpp"
#include "support/process.hpp"

namespace mtrack::test {
namespace {

// Runs several programs at once; their outputs, in the order given.
std::vector<Output> run_together(const std::vector<std::vector<std::string>>& argvs,
                                 const std::map<std::string, std::string>& env = {}) {
  TempDir io;
  write_file(io / "in", "");
  std::vector<pid_t> pids;
  for (std::size_t i = 0; i < argvs.size(); ++i) {
    pids.push_back(detail::spawn(argvs[i], env, io.path().string(), (io / "in").string(),
                                 (io / ("out" + std::to_string(i))).string(),
                                 (io / ("err" + std::to_string(i))).string()));
  }
  std::vector<Output> outs;
  for (std::size_t i = 0; i < pids.size(); ++i) {
    int wstatus = 0;
    ::waitpid(pids[i], &wstatus, 0);
    outs.push_back({detail::status_of(wstatus), read_file(io / ("out" + std::to_string(i))),
                    read_file(io / ("err" + std::to_string(i)))});
  }
  return outs;
}

std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

std::vector<std::string> add_args(const std::string& party, const std::string& date) {
  return {"add",
          "--type",
          "offtake",
          "--title",
          "Supply of spodumene",
          "--party",
          party + ":buyer",
          "--party",
          "Pilbara Minerals:seller",
          "--mineral",
          "lithium",
          "--value",
          "US$250 million",
          "--announced",
          date};
}

// PostgreSQL's schema versions follow SQLite's: its last migration is the latest version, so
// that a database of either kind at version N holds the same things. (No server needed: a
// new schema/NNNN file without its schema/postgres/ twin fails here.)
TEST(PostgresSchema, VersionsFollowSQLite) {
  const auto sqlite = schema_files::migrations("");
  const auto postgres = schema_files::migrations("postgres/");
  ASSERT_FALSE(sqlite.empty());
  ASSERT_FALSE(postgres.empty());
  EXPECT_EQ(sqlite.back().version, latest_schema_version());
  EXPECT_EQ(postgres.back().version, latest_schema_version()) << postgres.back().name;
}

// --db, MTRACK_DB and the config file each select the server; a path still means SQLite.
TEST(Postgres, LocatorFromFlagEnvironmentAndConfigFile) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string name = server->empty_database();
  const std::string uri = server->locator(name);
  auto init = mtrack(uri, {"init"});
  ASSERT_EQ(init.status, 0) << init.err;
  ASSERT_EQ(mtrack(uri, add_args("Tesla", "2024-03")).status, 0);
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"), "1\n");

  auto by_env = run_process({mtrack_binary(), "list", "--format", "csv"}, {{"MTRACK_DB", uri}});
  ASSERT_EQ(by_env.status, 0) << by_env.err;
  EXPECT_NE(by_env.out.find("Tesla"), std::string::npos);

  TempDir config;
  std::filesystem::create_directories(config / "mtrack");
  write_file(config / "mtrack" / "config.yaml", "db: " + uri + "\n");
  auto by_file = run_process(
      {mtrack_binary(), "add", "--type", "mou", "--party", "Acme", "--party", "Zeta Metals"},
      {{"XDG_CONFIG_HOME", config.path().string()}});
  ASSERT_EQ(by_file.status, 0) << by_file.err;
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"), "2\n");

  TempDir dir;  // a path is a SQLite file, even beside a URI in the environment
  auto file = run_process({mtrack_binary(), "--db", (dir / "local.db").string(), "init"},
                          {{"MTRACK_DB", uri}});
  ASSERT_EQ(file.status, 0) << file.err;
  EXPECT_TRUE(std::filesystem::exists(dir / "local.db"));
}

// A password in a URI is never repeated: not in errors, not in `config`; ~/.pgpass and
// PGPASSFILE log in without one on the command line.
TEST(Postgres, PasswordsStayOutOfMessages) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string name = server->empty_database();
  const std::string port = std::to_string(server->port());
  // Wrong password: one line, exit 3, no password in it.
  const std::string wrong = "postgresql://pwuser:Zq9-secret@127.0.0.1:" + port + "/" + name;
  auto o = mtrack(wrong, {"list"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find("password"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("Zq9-secret"), std::string::npos) << o.err;
  // The right password, percent-encoded in the URI, to a database that does not exist.
  const std::string right =
      "postgresql://pwuser:right%20password@127.0.0.1:" + port + "/no_such_db";
  o = mtrack(right, {"list"});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find("no_such_db"), std::string::npos) << o.err;
  EXPECT_EQ(o.err.find("right"), std::string::npos) << o.err;
  o = mtrack(right, {"config"});
  EXPECT_EQ(o.out.find("right"), std::string::npos) << o.out;
  EXPECT_EQ(o.err.find("right"), std::string::npos) << o.err;
  // From a password file.
  TempDir home;
  write_file(home / "pgpass", "127.0.0.1:" + port + ":*:pwuser:right password\n");
  ::chmod((home / "pgpass").c_str(), 0600);
  const std::string bare = "postgresql://pwuser@127.0.0.1:" + port + "/" + name;
  o = run_process({mtrack_binary(), "--db", bare, "init"},
                  {{"PGPASSFILE", (home / "pgpass").string()}});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(server->sql(name, "SELECT value FROM meta WHERE name = 'application'"), "mtrack\n");
}

// Each bad connection: one clear line, the documented exit status, nothing written.
TEST(Postgres, BadConnectionsFailWithOneLine) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string port = std::to_string(server->port());
  struct Case {
    std::string uri;
    int status;
    std::string says;
  };
  const std::vector<Case> cases = {
      // A URI libpq cannot read is a usage error; one it reads but cannot connect with, a
      // failure.
      {"postgresql://postgres@127.0.0.1/x?no_such_option=1", k_exit_usage, "no_such_option"},
      {"postgresql://[::1/x", k_exit_usage, "postgresql://[::1/x"},
      {"postgresql://postgres@127.0.0.1:notaport/x", k_exit_failure, "notaport"},
      {"postgresql://postgres@127.0.0.1/x?sslmode=sometimes", k_exit_failure, "sslmode"},
      {"postgresql://postgres@127.0.0.1:1/x?connect_timeout=3", k_exit_failure, "127.0.0.1"},
      {"postgresql://nobody@127.0.0.1:" + port + "/postgres", k_exit_failure, "nobody"},
  };
  for (const auto& c : cases) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"list"}, {"add", "--type", "mou", "--party", "A"}}) {
      auto o = mtrack(c.uri, args);
      EXPECT_EQ(o.status, c.status) << c.uri << ": " << o.err;
      EXPECT_EQ(lines(o.err), 1u) << c.uri << ": " << o.err;
      EXPECT_NE(o.err.find(c.says), std::string::npos) << c.uri << ": " << o.err;
      EXPECT_TRUE(o.out.empty()) << o.out;
    }
  }
  // A database of another program: refused, left as it was.
  const std::string other = server->empty_database();
  server->sql(other, "CREATE TABLE customers (id int); INSERT INTO customers VALUES (7)");
  for (const char* command : {"list", "init"}) {
    auto o = mtrack(server->locator(other), {command});
    EXPECT_EQ(o.status, k_exit_failure) << command << ": " << o.err;
    EXPECT_EQ(lines(o.err), 1u) << o.err;
    EXPECT_NE(o.err.find("not an mtrack database"), std::string::npos) << o.err;
  }
  EXPECT_EQ(server->sql(other,
                        "SELECT string_agg(relname, ',') FROM pg_class c JOIN "
                        "pg_namespace n ON n.oid = c.relnamespace WHERE nspname = "
                        "'public'"),
            "customers\n");
  // An empty database is made an mtrack one only by a command that may create.
  const std::string empty = server->empty_database();
  auto o = mtrack(server->locator(empty), {"list"});
  EXPECT_EQ(o.status, k_exit_failure) << o.err;
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  EXPECT_EQ(server->sql(empty, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"),
            "0\n");
}

// A database of a newer mtrack is refused untouched; one of this version opens.
TEST(Postgres, NewerSchemaIsRefusedUntouched) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  EXPECT_EQ(server->sql(name, "SELECT value FROM meta WHERE name = 'schema_version'"),
            std::to_string(latest_schema_version()) + "\n");
  EXPECT_EQ(open_repository(uri, Access::read_write)->schema_version(), latest_schema_version());
  const std::string newer = std::to_string(latest_schema_version() + 1);
  server->sql(name, "UPDATE meta SET value = '" + newer + "' WHERE name = 'schema_version'");
  const std::string before = server->sql(name, "SELECT count(*) FROM schema_history");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list"}, {"init"}, {"add", "--type", "mou", "--party", "A"}}) {
    auto o = mtrack(uri, args);
    EXPECT_EQ(o.status, k_exit_failure) << o.err;
    EXPECT_EQ(lines(o.err), 1u) << o.err;
    EXPECT_NE(o.err.find("newer"), std::string::npos) << o.err;
  }
  EXPECT_EQ(server->sql(name, "SELECT value FROM meta WHERE name = 'schema_version'"),
            newer + "\n");
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM schema_history"), before);
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"), "0\n");
}

// A role that may only read lists, shows and reports; a write is one "permission denied" line.
TEST(Postgres, ReadOnlyRoleReadsAndIsRefusedWrites) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  ASSERT_EQ(mtrack(uri, add_args("Tesla", "2024-03")).status, 0);
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  const std::string reader = server->locator(name, "reader");
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"list"}, {"show", "1"}, {"report"}, {"export"}}) {
    auto o = mtrack(reader, args);
    EXPECT_EQ(o.status, 0) << args[0] << ": " << o.err;
    EXPECT_FALSE(o.out.empty()) << args[0];
  }
  for (const auto& args :
       std::vector<std::vector<std::string>>{{"add", "--type", "mou", "--party", "A"},
                                             {"rm", "1", "--yes"},
                                             {"edit", "1", "--status", "completed"}}) {
    auto o = mtrack(reader, args);
    EXPECT_EQ(o.status, k_exit_failure) << args[0] << ": " << o.err;
    EXPECT_EQ(lines(o.err), 1u) << o.err;
    EXPECT_NE(o.err.find("permission denied"), std::string::npos) << o.err;
  }
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"), "1\n");
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements WHERE status = 'completed'"), "0\n");
}

// 8 writer processes add 250 agreements each while 2 readers list: 2,000 records, none lost,
// none twice; every listing a reader saw was consistent (its count matched its rows) and
// never shrank.
TEST(Postgres, EightWritersAndReaders) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  constexpr int k_writers = 8;
  constexpr int k_adds = 250;
  std::vector<pid_t> writers;
  for (int w = 0; w < k_writers; ++w) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int code = 0;
      try {
        auto repo = open_repository(uri, Access::read_write);
        for (int i = 0; i < k_adds; ++i) {
          Agreement a;
          a.type = AgreementType::offtake;
          a.key = "w" + std::to_string(w) + "-" + std::to_string(i);
          a.parties = {{"Writer " + std::to_string(w), Role::buyer}, {"Shared Mine", Role::seller}};
          a.minerals = {"cobalt"};
          a.announced = {2020 + i % 5, 1 + i % 12, 0};
          repo->add(a);
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "writer %d: %s\n", w, e.what());
        code = 1;
      }
      std::fflush(stderr);
      ::_exit(code);
    }
    writers.push_back(pid);
  }
  TempDir flag;
  const auto done = flag / "done";
  std::vector<pid_t> readers;
  for (int r = 0; r < 2; ++r) {
    const pid_t pid = ::fork();
    if (pid == 0) {
      int code = 0;
      try {
        auto repo = open_repository(uri, Access::read_only);
        std::int64_t last = 0;
        for (int round = 0; !std::filesystem::exists(done) || round < 20; ++round) {
          std::set<std::string> seen;
          Filter f;
          f.detail = Detail::summary;
          repo->find(f, [&](const Agreement& a) { seen.insert(a.key); });
          const auto n = static_cast<std::int64_t>(seen.size());
          if (n < last) throw Error("a listing shrank");
          last = n;
        }
      } catch (const std::exception& e) {
        std::fprintf(stderr, "reader: %s\n", e.what());
        code = 1;
      }
      std::fflush(stderr);
      ::_exit(code);
    }
    readers.push_back(pid);
  }
  for (const pid_t pid : writers) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_EQ(detail::status_of(status), 0);
  }
  write_file(done, "");
  for (const pid_t pid : readers) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_EQ(detail::status_of(status), 0);
  }
  auto repo = open_repository(uri, Access::read_only);
  std::set<std::string> keys;
  std::int64_t rows = 0;
  repo->find(Filter{}, [&](const Agreement& a) {
    keys.insert(a.key);
    ++rows;
  });
  EXPECT_EQ(rows, k_writers * k_adds);
  EXPECT_EQ(keys.size(), static_cast<std::size_t>(k_writers * k_adds));
  EXPECT_EQ(repo->count({}), k_writers * k_adds);
}

// Imports of files race each other, adds and extract --commit (26 mtrack processes): PostgreSQL's serializable
// transactions make some of them conflict, and an import from files runs again, as every other
// write does, so that every one succeeds and every record is stored once. (Before imports were
// run again, every run of this test had imports failing with "could not serialize access".)
TEST(Postgres, ImportsRacingWritersAllSucceed) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  TempDir dir;
  constexpr int k_importers = 4;
  constexpr int k_records = 60;
  std::vector<std::vector<std::string>> argvs;
  for (int f = 0; f < k_importers; ++f) {
    std::string jsonl;
    for (int i = 0; i < k_records; ++i) {
      jsonl += fmt::format(
          "{{\"schema_version\":2,\"key\":\"f{}-{}\",\"type\":\"offtake\",\"parties\":["
          "{{\"name\":\"Buyer {} {}\",\"role\":\"buyer\"}},{{\"name\":\"Shared Mine\","
          "\"role\":\"seller\"}}],\"minerals\":[\"cobalt\"],\"announced\":\"{}\"}}\n",
          f, i, f, i, 2020 + i % 5);
    }
    const auto file = dir / ("f" + std::to_string(f) + ".jsonl");
    write_file(file, jsonl);
    argvs.push_back({mtrack_binary(), "--db", uri, "import", file.string()});
  }
  for (int w = 0; w < 4; ++w) {
    for (int i = 0; i < 5; ++i) {
      auto args = add_args("Adder " + std::to_string(w) + "-" + std::to_string(i),
                           "2023-0" + std::to_string(1 + i));
      args.insert(args.begin(), {mtrack_binary(), "--db", uri});
      argvs.push_back(args);
    }
  }
  for (int e = 0; e < 2; ++e) {  // and articles committed by extract
    const auto file = dir / ("article" + std::to_string(e) + ".txt");
    write_file(file, fmt::format("Kestrel Cobalt {} Ltd signed a US$40 million offtake agreement "
                                 "with Norland Batteries {} Inc. on 3 March 2025.\n",
                                 e ? "North" : "South", e));
    argvs.push_back({mtrack_binary(), "--db", uri, "extract", "--commit", file.string()});
  }
  int failed = 0;
  const auto outs = run_together(argvs);
  for (std::size_t i = 0; i < outs.size(); ++i) {
    EXPECT_EQ(outs[i].status, 0) << argvs[i][3] << ": " << outs[i].err;
    failed += outs[i].status != 0;
  }
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  EXPECT_EQ(failed, 0);
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements WHERE key LIKE 'f%'"),
            std::to_string(k_importers * k_records) + "\n");
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements WHERE title LIKE '%Norland%' OR "
                              "key LIKE '%kestrel%'"),
            "2\n");
  EXPECT_EQ(server->sql(name, "SELECT count(DISTINCT key) FROM agreements"),
            server->sql(name, "SELECT count(*) FROM agreements"));
}

// Two curators add the same deal, each from another article, at the same moment: one record,
// the other told it is a probable duplicate (as when they add it one after the other). Raced
// 20 times.
TEST(Postgres, SameDealAddedTwiceAtOnceIsStoredOnce) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  constexpr int k_rounds = 20;
  for (int round = 0; round < k_rounds; ++round) {
    // The same deal, each curator from another article.
    std::vector<std::vector<std::string>> argvs;
    for (const char* article : {"https://example.org/a", "https://example.org/b"}) {
      std::vector<std::string> argv = {mtrack_binary(), "--db", uri};
      const auto args = add_args("Buyer " + std::to_string(round), "2024-05");
      argv.insert(argv.end(), args.begin(), args.end());
      argv.insert(argv.end(), {"--source-url", article});
      argvs.push_back(argv);
    }
    const auto outs = run_together(argvs);
    int stored = 0;
    for (const auto& o : outs) {
      if (o.status == 0) {
        ++stored;
      } else {
        EXPECT_EQ(o.status, k_exit_failure) << o.err;
        EXPECT_NE(o.err.find("duplicate"), std::string::npos) << o.err;
      }
    }
    EXPECT_EQ(stored, 1) << "round " << round << ": " << outs[0].err << outs[1].err;
  }
  EXPECT_EQ(open_repository(uri, Access::read_only)->count({}), k_rounds);
}

// The server dies (pg_ctl stop -m immediate) while an import runs: mtrack says so in one line
// and exits 3; after a restart the import is there whole or not at all. Five rounds, the
// server stopped at a different point of the import each time.
TEST(Postgres, ServerKilledDuringImportLeavesAllOrNothing) {
  MTRACK_REQUIRE_POSTGRES(server);
  constexpr int k_records = 4000;
  TempDir dir;
  std::string yaml = "agreements:\n";
  for (int i = 0; i < k_records; ++i) {
    yaml += "  - key: bulk-" + std::to_string(i) +
            "\n    type: offtake\n    parties: [{name: Bulk Buyer " + std::to_string(i % 50) +
            ", role: buyer}, {name: Bulk Mine, role: seller}]\n    minerals: [cobalt]\n";
  }
  const auto file = (dir / "bulk.yaml").string();
  write_file(file, yaml);
  int interrupted = 0;  // rounds where the server went before the import ended
  for (int round = 0; round < 5; ++round) {
    const std::string uri = server->fresh_database();
    const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
    const pid_t pid =
        detail::spawn({mtrack_binary(), "--db", uri, "import", file}, {}, dir.path().string(),
                      "/dev/null", (dir / "out").string(), (dir / "err").string());
    ::usleep(static_cast<useconds_t>(150'000 + round * 250'000));
    auto stopped = server->stop_immediately();
    ASSERT_EQ(stopped.status, 0) << stopped.err;
    int wstatus = 0;
    ::waitpid(pid, &wstatus, 0);
    const int status = detail::status_of(wstatus);
    const std::string err = read_file(dir / "err");
    auto started = server->start_again();
    ASSERT_EQ(started.status, 0) << started.err;
    const std::string count = server->sql(name, "SELECT count(*) FROM agreements");
    if (status == 0) {  // it finished before the server went
      EXPECT_EQ(count, std::to_string(k_records) + "\n");
      continue;
    }
    ++interrupted;
    EXPECT_EQ(status, k_exit_failure) << err;
    EXPECT_EQ(lines(err), 1u) << err;
    // All or nothing (all: the commit reached the server just before it went).
    if (count == std::to_string(k_records) + "\n") continue;
    EXPECT_EQ(count, "0\n") << "round " << round;
    auto again = mtrack(uri, {"import", file});
    EXPECT_EQ(again.status, 0) << again.err;
    EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"),
              std::to_string(k_records) + "\n");
  }
  EXPECT_GE(interrupted, 1) << "every import ended before the server was stopped";
}

// `mtrack copy` SQLite -> PostgreSQL -> SQLite: the three exports are byte for byte the same;
// a target that holds agreements is refused untouched.
TEST(Postgres, CopyBetweenBackendsIsLossless) {
  MTRACK_REQUIRE_POSTGRES(server);
  TempDir dir;
  const auto first = (dir / "first.db").string();
  auto o = mtrack(first, {"import", source_dir() + "/fixtures/agreements.yaml"});
  ASSERT_EQ(o.status, 0) << o.err;
  // A merged key and a learned alias travel too.
  for (const char* key : {"zeta-1", "zeta-2"}) {
    o = mtrack(first, {"add", "--key", key, "--type", "mou", "--party", "Acme Lithium:buyer",
                       "--party", "Zeta Metals:seller", "--announced", "2025-02"});
    ASSERT_EQ(o.status, 0) << o.err;
  }
  o = mtrack(first, {"merge", "zeta-1", "zeta-2", "--yes"});
  ASSERT_EQ(o.status, 0) << o.err;
  // And stored exchange rates.
  write_file(dir / "rates.csv",
             "date,currency,rate,base,source\n2024,AUD,1.52,USD,Treasury\n2024-06-30,CAD,1.37,,\n");
  o = mtrack(first, {"rates", "import", (dir / "rates.csv").string()});
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string name = server->empty_database();
  const std::string uri = server->locator(name);
  o = run_process({mtrack_binary(), "copy", first, uri});
  ASSERT_EQ(o.status, 0) << o.err;
  const auto second = (dir / "second.db").string();
  o = run_process({mtrack_binary(), "copy", uri, second});
  ASSERT_EQ(o.status, 0) << o.err;
  for (const char* format : {"yaml", "json"}) {
    const auto a = mtrack(first, {"export", "--format", format});
    const auto b = mtrack(uri, {"export", "--format", format});
    const auto c = mtrack(second, {"export", "--format", format});
    ASSERT_EQ(a.status, 0) << a.err;
    EXPECT_FALSE(a.out.empty());
    EXPECT_EQ(a.out, b.out) << format;
    EXPECT_EQ(a.out, c.out) << format;
  }
  const auto rates = mtrack(first, {"rates", "list", "--format", "csv"});
  ASSERT_EQ(rates.status, 0) << rates.err;
  EXPECT_NE(rates.out.find("1.37"), std::string::npos) << rates.out;
  EXPECT_EQ(mtrack(uri, {"rates", "list", "--format", "csv"}).out, rates.out);
  EXPECT_EQ(mtrack(second, {"rates", "list", "--format", "csv"}).out, rates.out);
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM rates"), "2\n");
  const std::string before = server->sql(name, "SELECT count(*) FROM agreements");
  o = run_process({mtrack_binary(), "copy", first, uri});
  EXPECT_EQ(o.status, k_exit_failure);
  EXPECT_EQ(lines(o.err), 1u) << o.err;
  EXPECT_NE(o.err.find("already holds agreements"), std::string::npos) << o.err;
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM agreements"), before);
}

// The two queries of docs/postgres.md, as the read-only role a dashboard connects as.
TEST(Postgres, DashboardViewsAnswerTheDocumentedQueries) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  auto o = mtrack(uri, {"import", source_dir() + "/fixtures/agreements.yaml"});
  ASSERT_EQ(o.status, 0) << o.err;
  const std::string doc = read_file(source_dir() + "/docs/postgres.md");
  std::vector<std::string> queries;
  for (std::size_t at = 0; (at = doc.find("```sql\nSELECT", at)) != std::string::npos;) {
    at += 7;
    queries.push_back(doc.substr(at, doc.find("```", at) - at));
  }
  ASSERT_EQ(queries.size(), 2u);
  server->sql(name, "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
  for (const auto& q : queries) {
    auto r = run_process({server->bindir() + "/psql", "-X", "-At", "-v", "ON_ERROR_STOP=1", "-h",
                          server->socket_dir(), "-p", std::to_string(server->port()), "-U",
                          "reader", "-d", name, "-c", q});
    EXPECT_EQ(r.status, 0) << q << r.err;
    EXPECT_GE(lines(r.out), 2u) << q << r.out;
  }
  // One row per agreement.
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM dashboard_agreements"),
            server->sql(name, "SELECT count(*) FROM agreements"));
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM dashboard_agreements"), "184\n");
}

// Every filter of `list` has an index that answers it: `--explain` prints PostgreSQL's plan,
// which names the index and reads no table whole. On a test-sized table the planner rightly
// prefers reading it whole, so sequential scans are priced out (PGOPTIONS="-c
// enable_seqscan=off", through libpq): a filter that no index can serve still shows a Seq Scan.
// 1,000 generated agreements over 20 minerals, 50 parties, 4 types and 10 years.
TEST(Postgres, EveryFilterUsesAnIndex) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  TempDir dir;
  const std::vector<std::string> minerals = {
      "cobalt",  "lithium",  "nickel",  "graphite", "copper",   "tungsten", "gallium",
      "germanium", "antimony", "uranium", "fluorspar", "manganese", "vanadium", "tin",
      "zinc",    "titanium", "chromium", "bismuth", "indium",   "tellurium"};
  const std::vector<std::string> types = {"loan", "offtake", "mou", "grant"};
  std::string jsonl;
  for (int i = 0; i < 1000; ++i) {
    jsonl += fmt::format(
        "{{\"schema_version\":2,\"key\":\"deal-{}\",\"type\":\"{}\",\"title\":\"Deal {} "
        "refinery\",\"parties\":[{{\"name\":\"Company {}\",\"role\":\"partner\"}},"
        "{{\"name\":\"Holder {}\",\"role\":\"partner\"}}],\"minerals\":[\"{}\"],"
        "\"notes\":\"Plant kx{}\",\"announced\":\"{}-{:02}\",\"location\":{{\"country\":\"{}\"}}}}\n",
        i, types[static_cast<std::size_t>(i % 4)], i, i % 50, i % 37,
        minerals[static_cast<std::size_t>(i % 20)], i % 97, 2015 + i % 10, 1 + i % 12,
        i % 3 ? "AU" : "CA");
  }
  write_file(dir / "deals.jsonl", jsonl);
  auto o = mtrack(uri, {"import", "--force", (dir / "deals.jsonl").string()});
  ASSERT_EQ(o.status, 0) << o.err;
  server->sql(name, "ANALYZE");
  // Sequential scans priced out, and with `rows` plain index scans too: then the only way to
  // find rows is a bitmap over an index that matches the filter (a full scan of the primary
  // key would otherwise do for a table this small).
  const auto plan = [&](std::vector<std::string> args, bool rows) {
    args.insert(args.begin(), "list");
    args.push_back("--explain");
    const std::string options =
        rows ? "-c enable_seqscan=off -c enable_indexscan=off" : "-c enable_seqscan=off";
    auto r = mtrack(uri, args, {}, {{"PGOPTIONS", options}});
    EXPECT_EQ(r.status, 0) << r.err;
    return r.out;
  };
  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> indexes;  // one of them answers the filter
    bool rows = true;
  };
  const std::vector<Case> cases = {
      {{"--mineral", "tungsten"}, {"agreement_minerals_by_mineral"}},
      {{"--party", "Company 7"}, {"agreement_parties_by_organisation"}},
      {{"--type", "grant"}, {"agreements_by_type"}},
      {{"--country", "CA"}, {"agreements_by_country"}},
      {{"--since", "2019-03", "--until", "2019-04"},
       {"agreements_by_listing_order", "agreements_by_date_last"}},
      {{"--search", "kx13"}, {"agreement_search_by_document"}},
      {{"--limit", "5"}, {"agreements_by_listing_order"}, false},  // the order, not a filter
  };
  for (const auto& c : cases) {
    const std::string p = plan(c.args, c.rows);
    const bool named = std::any_of(c.indexes.begin(), c.indexes.end(), [&](const auto& index) {
      return p.find(" " + index) != std::string::npos;
    });
    EXPECT_TRUE(named) << c.args[0] << " should use " << c.indexes[0] << ":\n" << p;
    EXPECT_EQ(p.find("Seq Scan on agreements "), std::string::npos) << c.args[0] << ":\n" << p;
  }
}

// FTS5's NEAR groups have no equal in PostgreSQL's text search: the query is refused as a
// usage error (exit 2) with one line saying what to write instead, never an empty answer.
TEST(Postgres, NearGroupsAreRefusedWithOneLine) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  ASSERT_EQ(mtrack(uri, add_args("Tesla", "2024-03")).status, 0);
  for (const std::string q : {"NEAR(spodumene supply, 3)", "lithium AND NEAR(a b)"}) {
    auto o = mtrack(uri, {"list", "--search", q});
    EXPECT_EQ(o.status, k_exit_usage) << q << ": " << o.err;
    EXPECT_EQ(lines(o.err), 1u) << o.err;
    EXPECT_NE(o.err.find("NEAR"), std::string::npos) << o.err;
    EXPECT_TRUE(o.out.empty()) << o.out;
  }
  // The same words without NEAR are found.
  auto o = mtrack(uri, {"list", "--search", "spodumene supply", "--format", "jsonl"});
  EXPECT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(lines(o.out), 1u) << o.out;
}

// ---- the change journal on the server ----

// Every table of the user's data carries the journal trigger; the data files' tables, the
// search index and the bookkeeping do not (a migration that adds a table must add it there).
TEST(PostgresJournal, EveryDataTableIsJournaled) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  const std::string unjournaled = server->sql(
      name,
      "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) FROM pg_class c JOIN pg_namespace n "
      "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' AND NOT EXISTS "
      "(SELECT 1 FROM pg_trigger t WHERE t.tgrelid = c.oid AND t.tgname = 'mtrack_journal')");
  EXPECT_EQ(unjournaled,
            "agreement_search journal meta mineral_aliases mineral_groups minerals operations "
            "rates schema_history\n");
}

// A database of a past version (a pg_dump of it, tests/data/schema/README.md) upgrades to the
// latest with its data intact, and journals from then on.
TEST(PostgresJournal, PastVersionsUpgrade) {
  MTRACK_REQUIRE_POSTGRES(server);
  const auto schema_dir = std::filesystem::path(source_dir()) / "tests" / "data" / "schema";
  for (int v = 8; v < latest_schema_version(); ++v) {
    SCOPED_TRACE("schema version " + std::to_string(v));
    const auto dump = schema_dir / ("postgres-v" + std::to_string(v) + ".sql");
    ASSERT_TRUE(std::filesystem::exists(dump)) << dump << " is missing";
    const std::string yaml = (schema_dir / ("v" + std::to_string(v) + ".yaml")).string();
    const std::string fresh = server->fresh_database();
    ASSERT_EQ(mtrack(fresh, {"import", yaml}).status, 0);
    const auto expected = mtrack(fresh, {"export"});
    ASSERT_EQ(expected.status, 0) << expected.err;

    const std::string name = server->empty_database();
    auto loaded = run_process({server->bindir() + "/psql", "-X", "-q", "-v", "ON_ERROR_STOP=1",
                               "-h", server->socket_dir(), "-p", std::to_string(server->port()),
                               "-U", "postgres", "-d", name, "-f", dump.string()});
    ASSERT_EQ(loaded.status, 0) << loaded.err;
    const std::string uri = server->locator(name);
    EXPECT_EQ(server->sql(name, "SELECT value FROM meta WHERE name = 'schema_version'"),
              std::to_string(v) + "\n");
    const auto exported = mtrack(uri, {"export"});  // a read upgrades too
    ASSERT_EQ(exported.status, 0) << exported.err;
    EXPECT_EQ(exported.out, expected.out);
    EXPECT_EQ(server->sql(name, "SELECT value FROM meta WHERE name = 'schema_version'"),
              std::to_string(latest_schema_version()) + "\n");
    EXPECT_EQ(server->sql(name, "SELECT max(version) FROM schema_history"),
              std::to_string(latest_schema_version()) + "\n");
    // Writes are journaled and undone from here on.
    auto o = mtrack(uri, {"add", "--key", "after-upgrade", "--type", "mou", "--party", "Acme"});
    ASSERT_EQ(o.status, 0) << o.err;
    o = mtrack(uri, {"log"});
    EXPECT_NE(o.out.find("after-upgrade"), std::string::npos) << o.out;
    ASSERT_EQ(mtrack(uri, {"undo", "--yes"}).status, 0);
    EXPECT_EQ(mtrack(uri, {"export"}).out, expected.out);
  }
}

// Sessions of two connections open at once, each writing between the other's writes: each is
// its own operation, with its own rows, and their numbers differ; a change made outside mtrack
// (psql) is not journaled.
TEST(PostgresJournal, ConcurrentSessionsKeepTheirOwnOperations) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  auto one = open_repository(uri, Access::read_write);
  auto two = open_repository(uri, Access::read_write);
  one->label_writes("one");
  two->label_writes("two");
  // One adds agreements, the other stores article texts: writes that SERIALIZABLE lets commit
  // side by side (when it aborts one all the same, that one runs again alone).
  int together = 0;
  for (int round = 0; round < 20; ++round) {
    const std::string r = std::to_string(round);
    const auto adds = [&](WriteSession& s, const std::string& part) {
      Agreement a;
      a.key = "one-" + r + "-" + part;
      a.type = AgreementType::mou;
      a.parties = {{"First Party " + r, Role::partner}};
      s.put(s.normalise(a));
    };
    const auto texts = [&](WriteSession& s, const std::string& part) {
      s.store_source_text(std::string(62, 'a') + r + part, "text " + r + part);
    };
    bool first = false;
    bool second = false;
    try {
      auto s1 = one->begin_write();
      auto s2 = two->begin_write();
      adds(*s1, "a");
      texts(*s2, "a");
      adds(*s1, "b");
      texts(*s2, "b");
      (round % 2 ? s2 : s1)->commit();
      (round % 2 ? second : first) = true;
      (round % 2 ? s1 : s2)->commit();
      first = second = true;
      ++together;
    } catch (const WriteConflict&) {
    }
    if (!first) {
      with_write_retry([&] {
        auto s = one->begin_write();
        adds(*s, "a");
        adds(*s, "b");
        s->commit();
      });
    }
    if (!second) {
      with_write_retry([&] {
        auto s = two->begin_write();
        texts(*s, "a");
        texts(*s, "b");
        s->commit();
      });
    }
  }
  std::cerr << "[          ] both sessions committed in " << together << " of 20 rounds\n";
  EXPECT_GT(together, 0);
  server->sql(name, "UPDATE agreements SET title = 'by hand' WHERE key = 'one-0-a'");
  const auto ops = one->operations(1000);
  ASSERT_EQ(ops.size(), 40u);
  std::set<std::int64_t> ids;
  for (const auto& op : ops) {
    ids.insert(op.id);
    if (op.command == "one") {
      ASSERT_EQ(op.keys.size(), 2u);
      EXPECT_EQ(op.keys[0].substr(0, 4), "one-");
      EXPECT_EQ(op.keys[0].substr(0, op.keys[0].size() - 1),
                op.keys[1].substr(0, op.keys[1].size() - 1));
    } else {
      EXPECT_EQ(op.command, "two");
      EXPECT_TRUE(op.keys.empty());
      EXPECT_EQ(op.changes, 2);
    }
  }
  EXPECT_EQ(ids.size(), ops.size());
  // Each operation's rows are of its own kind only.
  EXPECT_EQ(server->sql(name,
                        "SELECT o.command, string_agg(DISTINCT j.table_name, ' ') FROM operations o "
                        "JOIN journal j ON j.operation_id = o.id GROUP BY o.command ORDER BY 1"),
            "one|agreements organisations\ntwo|sources\n");
  EXPECT_EQ(server->sql(name, "SELECT count(*) FROM journal WHERE action = 'update'"), "0\n");
}

// Row images outlive a column added by a later version: undo sets the columns an image has,
// so a new column takes its default, and a key that is no longer a column is passed over.
TEST(PostgresJournal, UndoOutlivesAColumnAddedLater) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  const std::string name = uri.substr(uri.find("@/") + 2, uri.find('?') - uri.find("@/") - 2);
  ASSERT_EQ(mtrack(uri, {"add", "--key", "kept", "--type", "mou", "--party", "Acme",
                         "--title", "Before"}).status, 0);
  ASSERT_EQ(mtrack(uri, {"rm", "kept", "--yes"}).status, 0);
  server->sql(name, "ALTER TABLE agreements ADD COLUMN later text NOT NULL DEFAULT 'default'");
  server->sql(name,
              "UPDATE journal SET old_row = old_row || '{\"dropped\": 1}' WHERE table_name = "
              "'agreements'");
  auto o = mtrack(uri, {"undo", "--yes"});
  ASSERT_EQ(o.status, 0) << o.err;
  EXPECT_EQ(server->sql(name, "SELECT title, later FROM agreements WHERE key = 'kept'"),
            "Before|default\n");
  EXPECT_NE(mtrack(uri, {"list", "--search", "before"}).out.find("kept"), std::string::npos);
}

// Writers adding and editing while `log` and `undo` run, 20 rounds: every undo reverts exactly
// one whole operation -- the newest when it took the write lock -- or fails with one line and
// changes nothing; no operation holds another's rows; what is left is what the commands that
// stood made.
TEST(PostgresJournal, UndoRacingWritersRevertsWholeOperations) {
  MTRACK_REQUIRE_POSTGRES(server);
  const std::string uri = server->fresh_database();
  constexpr int k_writers = 3;
  constexpr int k_rounds = 20;
  for (int w = 0; w < k_writers; ++w) {
    const std::string ws = std::to_string(w);
    ASSERT_EQ(mtrack(uri, {"add", "--key", "base-" + ws, "--type", "loan", "--title", "t0",
                           "--party", "Base Lender " + ws + ":lender"})
                  .status,
              0);
  }
  // The newest operation before the first round, which an undo in it may take back.
  ASSERT_EQ(mtrack(uri, {"add", "--key", "sentinel", "--type", "mou", "--party", "Sentinel Co"})
                .status,
            0);
  std::set<std::string> present = {"base-0", "base-1", "base-2", "sentinel"};
  std::map<std::string, std::vector<std::string>> titles;  // the titles each base had, in order
  for (int w = 0; w < k_writers; ++w) titles["base-" + std::to_string(w)] = {"t0"};
  int undone = 0;
  int refused = 0;
  for (int round = 0; round < k_rounds; ++round) {
    SCOPED_TRACE("round " + std::to_string(round));
    const std::string r = std::to_string(round);
    std::vector<std::vector<std::string>> argvs;
    for (int w = 0; w < k_writers; ++w) {
      const std::string ws = std::to_string(w);
      argvs.push_back({mtrack_binary(), "--db", uri, "add", "--key", "r" + r + "-w" + ws, "--type",
                       "mou", "--party", "Round " + r + " Writer " + ws + ":partner"});
      argvs.push_back(
          {mtrack_binary(), "--db", uri, "edit", "base-" + ws, "--title", "t" + r + "-" + ws});
    }
    argvs.push_back({mtrack_binary(), "--db", uri, "log", "-n", "5"});
    argvs.push_back({mtrack_binary(), "--db", uri, "undo", "--yes"});
    // The writers start 0 to 160 ms after the undo, so that it meets them at every stage:
    // before any commits, between their commits, after the last.
    const std::string delay = fmt::format("sleep 0.{:02}; exec \"$0\" \"$@\"", round % 5 * 4);
    std::vector<std::vector<std::string>> spawned;
    for (const auto& argv : argvs) {
      spawned.push_back(argv);
      if (argv[3] == "undo") continue;
      spawned.back().insert(spawned.back().begin(), {"/bin/sh", "-c", delay});
    }
    const auto outs = run_together(spawned);
    std::string undid;  // what the undo said it reverted, if it did
    for (std::size_t i = 0; i < outs.size(); ++i) {
      const auto& argv = argvs[i];
      if (argv[3] == "undo") {
        if (outs[i].status == 0) {
          ++undone;
          undid = outs[i].err;
          EXPECT_NE(undid.find("undid operation "), std::string::npos) << undid;
        } else {
          ++refused;
          EXPECT_EQ(outs[i].status, k_exit_failure) << outs[i].err;
          EXPECT_EQ(lines(outs[i].err), 1u) << outs[i].err;
          EXPECT_NE(outs[i].err.find("nothing undone"), std::string::npos) << outs[i].err;
        }
        continue;
      }
      // Writes and the log never fail: a conflict runs the write again.
      ASSERT_EQ(outs[i].status, 0) << argv[3] << ": " << outs[i].err;
      if (argv[3] == "add") present.insert(argv[5]);
      if (argv[3] == "edit") titles[argv[4]].push_back(argv[6]);
    }
    // The one operation undone, as a whole: its agreement is gone, or its title is.
    if (const auto at = undid.find(" add --key "); at != std::string::npos) {
      const std::string key = undid.substr(at + 11, undid.find(' ', at + 11) - at - 11);
      EXPECT_EQ(present.erase(key), 1u) << undid;
    } else if (const auto e = undid.find(" edit base-"); e != std::string::npos) {
      const auto t = undid.find("--title ", e);
      ASSERT_NE(t, std::string::npos) << undid;
      const std::string title = undid.substr(t + 8, undid.find(' ', t + 8) - t - 8);
      auto& history = titles[undid.substr(e + 6, 6)];
      const auto found = std::find(history.begin(), history.end(), title);
      ASSERT_NE(found, history.end()) << undid;
      history.erase(found);
    } else {
      EXPECT_TRUE(undid.empty()) << "undid an unexpected operation: " << undid;
    }
    std::set<std::string> stored;
    auto repo = open_repository(uri, Access::read_only);
    repo->find(Filter{}, [&](const Agreement& a) {
      stored.insert(a.key);
      if (titles.count(a.key)) {
        EXPECT_EQ(a.title, titles[a.key].back()) << a.key;
      }
    });
    ASSERT_EQ(stored, present);
    EXPECT_TRUE(repo->integrity_problems().empty());
  }
  // Undos that reverted an operation happened (the writers start late in most rounds).
  EXPECT_GT(undone, 0);
  // No operation holds another's rows: each names the one agreement its command wrote.
  const auto ops = open_repository(uri, Access::read_only)->operations(1000);
  std::set<std::int64_t> ids;
  for (const auto& op : ops) {
    ids.insert(op.id);
    ASSERT_EQ(op.keys.size(), 1u) << op.command;
    EXPECT_NE(op.command.find(" " + op.keys[0] + " "), std::string::npos) << op.command;
  }
  EXPECT_EQ(ids.size(), ops.size());
  std::cerr << "[          ] " << undone << " undos reverted an operation, " << refused
            << " were refused\n";
}

}  // namespace
}  // namespace mtrack::test
