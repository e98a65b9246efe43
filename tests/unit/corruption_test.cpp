// Damaged database files (issue 14.11): real SQLite files written by mtrack, then bytes of
// them overwritten in place, and the real binary run on them. `check` reports the damage with
// the way to recover; every writing command refuses the file before its first write and leaves
// it byte for byte as it was; reads fail with a one-line "damaged" error, never a crash.

#include <SQLiteCpp/SQLiteCpp.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "support/cli_fixture.hpp"

namespace mtrack::test {
namespace {

namespace fs = std::filesystem;

// Three agreements; only the first is 'proposed' (the value (b) below changes).
constexpr const char* k_dataset = R"(agreements:
  - key: vanadium-loan
    type: loan
    title: Export credit for a vanadium flow-battery plant
    status: proposed
    parties:
      - {name: Export-Import Bank of the United States, role: lender}
      - {name: Larkspur Vanadium, role: borrower}
    minerals: [vanadium]
    value: {amount: 75000000, currency: USD}
    announced: 2025-02
  - key: graphite-offtake
    type: offtake
    title: Anode graphite offtake
    status: signed
    parties:
      - {name: Tallis Anodes, role: buyer}
      - {name: Ruvuma Graphite, role: seller}
    minerals: [graphite]
    signed: 2024-11-03
  - {key: tin-mou, type: mou, title: Tin smelting cooperation, signed: 2023-06,
     parties: [{name: Kestrel Tin, role: partner}, {name: Bolivar Smelters, role: partner}],
     minerals: [tin], tags: [smelting]}
)";

std::int64_t page_size_of(const fs::path& db) {
  SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
  return d.execAndGet("PRAGMA page_size").getInt64();
}

// The root page of a table or index (from the schema table, read before any damage).
std::int64_t root_page(const fs::path& db, const std::string& name) {
  SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
  SQLite::Statement q(d, "SELECT rootpage FROM sqlite_schema WHERE name = ?");
  q.bind(1, name);
  if (!q.executeStep()) throw std::runtime_error("no table or index " + name);
  return q.getColumn(0).getInt64();
}

// What SQLite's own checks say of the file (run in this process, not through mtrack; opened
// for writing only because a read-only connection cannot set up the write-ahead log's index).
std::vector<std::string> sqlite_says(const fs::path& db, const char* pragma) {
  std::vector<std::string> out;
  try {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    SQLite::Statement q(d, pragma);
    while (q.executeStep()) {
      if (q.getColumn(0).getString() != "ok") out.push_back(q.getColumn(0).getString());
    }
  } catch (const SQLite::Exception& e) {
    out.push_back(e.what());
  }
  return out;
}

void overwrite(const fs::path& file, std::int64_t offset, const std::string& bytes) {
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(offset);
  f.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(f.good()) << file;
}

// The header of a b-tree page: its type byte, freeblock, cell count, content start and more.
// Twelve 0xFF bytes make the type invalid, which SQLite's quick check reports.
const std::string k_garbage(12, '\xff');

class Corruption : public CliFixture {
 protected:
  void SetUp() override {
    const auto imported = run({"import", write("data.yaml", k_dataset)});
    ASSERT_EQ(imported.status, 0) << imported.err;
    page_size = page_size_of(db);
    // mtrack checkpointed and removed its write-ahead log when it closed: the file is whole.
    ASSERT_FALSE(fs::exists(db.string() + "-wal"));
  }

  std::int64_t offset_of_page(std::int64_t page) const { return (page - 1) * page_size; }

  void break_page(std::int64_t page) {
    overwrite(db, offset_of_page(page) + (page == 1 ? 100 : 0), k_garbage);
  }

  // The one-line error a command gives on a damaged file: names the file and the recovery.
  void expect_damaged_error(const Output& o, const std::string& what) {
    EXPECT_EQ(o.status, k_exit_failure) << what << ": " << o.err;
    EXPECT_NE(o.err.find("database '" + db.string() + "' is damaged"), std::string::npos)
        << what << ": " << o.err;
    EXPECT_NE(o.err.find("sqlite3 " + db.string() + " .recover"), std::string::npos)
        << what << ": " << o.err;
    EXPECT_EQ(std::count(o.err.begin(), o.err.end(), '\n'), 1) << what << ": " << o.err;
  }

  std::int64_t page_size = 0;
};

// (a) The agreements table's root page with a broken header. SQLite's quick check (and so its
// integrity check) finds it.
TEST_F(Corruption, CheckReportsABrokenPageWithTheWayToRecover) {
  break_page(root_page(db, "agreements"));
  ASSERT_FALSE(sqlite_says(db, "PRAGMA quick_check").empty());
  const auto o = run({"check"});
  EXPECT_EQ(o.status, k_exit_findings) << o.out << o.err;
  EXPECT_NE(o.out.find(db.string() + ": database: "), std::string::npos) << o.out;
  EXPECT_NE(o.out.find("sqlite3 " + db.string() + " .recover | sqlite3 recovered.db"),
            std::string::npos)
      << o.out;
  const auto json = run({"check", "--format", "json"});
  EXPECT_EQ(json.status, k_exit_findings);
  EXPECT_NE(json.out.find("\"field\":\"database\""), std::string::npos) << json.out;
}

TEST_F(Corruption, WritersRefuseABrokenPageAndLeaveTheFileAsItWas) {
  const auto article = write("article.txt",
                             "Tallis Anodes signed a graphite offtake with Ruvuma Graphite on "
                             "3 March 2025.\n");
  const auto more = write("more.yaml",
                          "agreements:\n  - key: extra\n    type: mou\n    parties:\n"
                          "      - {name: Kestrel Tin, role: partner}\n");
  ASSERT_EQ(run({"party", "alias", "Kestrel Tin", "KT"}).status, 0);
  // The tables of minerals and organisations are refreshed by the first write of a build whose
  // bundled data differs from the file's: as if the file had been written by an older build,
  // so that this refresh (a write) comes before everything else a writer does.
  {
    SQLite::Database d(db.string(), SQLite::OPEN_READWRITE);
    d.exec("UPDATE meta SET value = 'an older build' WHERE name = 'data_hash'");
  }
  break_page(root_page(db, "agreements"));
  const std::string before = snapshot();
  const std::vector<std::vector<std::string>> writers = {
      {"add", "--type", "mou", "--party", "Kestrel Tin"},
      {"import", more},
      {"edit", "tin-mou", "--title", "T"},
      {"event", "tin-mou", "--date", "2025-01", "--note", "n"},
      {"rm", "tin-mou", "--yes"},
      {"merge", "tin-mou", "graphite-offtake", "--yes"},
      {"party", "alias", "Kestrel Tin", "Kestrel"},
      {"party", "merge", "Kestrel Tin", "Bolivar Smelters", "--yes"},
      {"undo"},
      {"init"},
      {"extract", "--commit", article},
  };
  for (const auto& args : writers) {
    std::string what;
    for (const auto& a : args) what += a + " ";
    const auto o = run(args);
    expect_damaged_error(o, what);
    EXPECT_NE(o.err.find("nothing was written"), std::string::npos) << what << o.err;
    EXPECT_EQ(snapshot(), before) << what << "changed the damaged file";
  }
}

TEST_F(Corruption, ReadsOfABrokenPageSayDamagedInOneLine) {
  break_page(root_page(db, "agreements"));
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"list"},
           {"show", "vanadium-loan"},
           {"export"},
           {"report", "--by", "party"},
           {"list", "--search", "graphite"},
       }) {
    std::string what;
    for (const auto& a : args) what += a + " ";
    expect_damaged_error(run(args), what);
  }
}

// (b) A value changed in a table row only: 'proposed' becomes 'approved' (same length, both
// allowed by the CHECK constraint) on the agreements table's page, while the index
// agreements_by_status still files the row under 'proposed'. Every page is still well formed,
// so SQLite's quick check (what writers run) passes, and reads show 'approved' without a word:
// SQLite has no checksums on pages. PRAGMA integrity_check, which `mtrack check` runs, compares
// every index with its table and finds the row missing from agreements_by_status.
TEST_F(Corruption, CheckFindsATableRowThatItsIndexNoLongerMatches) {
  const std::int64_t page = root_page(db, "agreements");
  std::string bytes = read_file(db).substr(static_cast<std::size_t>(offset_of_page(page)),
                                           static_cast<std::size_t>(page_size));
  const auto at = bytes.find("proposed");
  ASSERT_NE(at, std::string::npos);
  ASSERT_EQ(bytes.find("proposed", at + 1), std::string::npos);
  overwrite(db, offset_of_page(page) + static_cast<std::int64_t>(at), "approved");
  ASSERT_TRUE(sqlite_says(db, "PRAGMA quick_check").empty());
  ASSERT_FALSE(sqlite_says(db, "PRAGMA integrity_check").empty());

  const auto o = run({"check"});
  EXPECT_EQ(o.status, k_exit_findings) << o.err;
  EXPECT_NE(o.out.find("agreements_by_status"), std::string::npos) << o.out;
  EXPECT_NE(o.out.find(".recover"), std::string::npos) << o.out;
}

// A damaged database of an older schema: reading it used to migrate it first (a read of an old
// database upgrades it), and the migration committed its first steps into the damaged file,
// wrote a backup beside it and then failed with "migration ... failed". Now it is refused
// before the first step, and nothing appears beside it.
TEST_F(Corruption, DamagedOldDatabaseIsNotMigrated) {
  fs::remove(db);
  fs::copy_file(fs::path(source_dir()) / "tests/data/schema/v1.db", db);
  page_size = page_size_of(db);
  break_page(root_page(db, "agreements"));
  const std::string before = snapshot();
  for (const auto& args : std::vector<std::vector<std::string>>{{"list"}, {"init"}}) {
    expect_damaged_error(run(args), args.front());
    EXPECT_EQ(snapshot(), before) << args.front();
  }
  std::vector<std::string> beside;
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    beside.push_back(entry.path().filename().string());
  }
  std::sort(beside.begin(), beside.end());
  EXPECT_EQ(beside, (std::vector<std::string>{"data.yaml", "t.db"}));
}

// Every page of the file in turn with a broken header (page 1: the schema table's header,
// after the file header). Whatever SQLite's checks find, mtrack must not let through: when the
// integrity check finds something, `check` exits 1 listing it or 3 saying "damaged"; when the
// quick check finds something, `add` refuses and the file stays as it was. Pages whose header
// does not matter (free pages, overflow pages hold no header there) may pass both. No command
// ever ends by a signal.
TEST_F(Corruption, NoBrokenPageGoesUnreported) {
  const std::string good = read_file(db);
  const std::int64_t pages = static_cast<std::int64_t>(good.size()) / page_size;
  ASSERT_GT(pages, 10);
  int found = 0, tried = 0;
  // Every page; every third in the sanitizer build (three processes a page).
  const std::int64_t step = k_sanitized ? 3 : 1;
  for (std::int64_t page = 1; page <= pages; page += step) {
    ++tried;
    SCOPED_TRACE("page " + std::to_string(page));
    for (const char* journal : {"-wal", "-shm"}) fs::remove(db.string() + journal);
    write_file(db, good);
    break_page(page);
    const bool quick = !sqlite_says(db, "PRAGMA quick_check").empty();
    const bool full = !sqlite_says(db, "PRAGMA integrity_check").empty();
    found += full ? 1 : 0;
    const std::string before = snapshot();

    const auto checked = run({"check"});
    EXPECT_LT(checked.status, 128) << checked.err;
    if (full) {
      EXPECT_TRUE(checked.status == k_exit_findings || checked.status == k_exit_failure)
          << checked.status;
      EXPECT_NE((checked.out + checked.err).find("damaged"), std::string::npos)
          << checked.out << checked.err;
    }
    const auto added = run({"add", "--type", "mou", "--party", "Kestrel Tin"});
    EXPECT_LT(added.status, 128) << added.err;
    if (quick) {
      EXPECT_EQ(added.status, k_exit_failure) << added.err;
      EXPECT_EQ(snapshot(), before);
    }
    const auto exported = run({"export", "--format", "json"});
    EXPECT_LT(exported.status, 128) << exported.err;
    if (exported.status != 0) {
      EXPECT_EQ(std::count(exported.err.begin(), exported.err.end(), '\n'), 1) << exported.err;
    }
  }
  // Most pages of a small database are b-tree pages whose header matters.
  EXPECT_GT(found, tried / 2);
}

}  // namespace
}  // namespace mtrack::test
