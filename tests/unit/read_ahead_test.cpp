// Reading ahead (InterchangeSink::read_ahead): the text is read and decoded on a second thread,
// and the sink must see exactly what it sees when one thread does both: the same calls in the
// same order, the same `clean` flags, the same problems, the same end, and the same exception
// when the sink or the reader throws. Also the hand-over itself (util/handover.hpp).

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "mtrack/formats/inputs.hpp"
#include "mtrack/formats/interchange.hpp"
#include "support/measure.hpp"
#include "support/process.hpp"
#include "util/handover.hpp"

namespace mtrack {
namespace {

struct Seen {
  std::vector<std::string> calls;  // in order, problems included
  ReadEnd end = ReadEnd::complete;
  std::string thrown;  // what escaped read_interchange, if anything

  bool operator==(const Seen&) const = default;
};

struct SinkStop {};  // what the test sink throws when told to stop

// A reader that fails after `good` bytes, as a file whose disk goes away would.
class FailingReader final : public TextReader {
 public:
  FailingReader(std::string_view text, std::size_t good) : m_in(text.substr(0, good)) {}
  std::size_t read(char* buffer, std::size_t n) override {
    const std::size_t got = m_in.read(buffer, n);
    if (got == 0) throw std::runtime_error("read error");
    return got;
  }

 private:
  StringReader m_in;
};

// Reads `text` with the sink stopping (throwing) at the agreement numbered `stop_at` (1-based;
// 0: never), on one thread or two.
Seen read_with(TextReader& in, bool ahead, int stop_at = 0) {
  Seen seen;
  int agreements = 0;
  InterchangeSink sink;
  sink.read_ahead = ahead;
  sink.document_required = true;
  sink.agreement = [&](Agreement& a, const Node& item, bool clean) {
    const Node* key = item.get("key");
    seen.calls.push_back(fmt::format("agreement {} line {} key at {} {}", a.key, item.line,
                                     key ? key->line : 0, clean ? "clean" : "not clean"));
    Agreement taken = std::move(a);  // a sink may take the agreement
    if (++agreements == stop_at) throw SinkStop{};
  };
  sink.organisation = [&](PartyAliases& p, bool clean) {
    seen.calls.push_back(fmt::format("organisation {} {}", p.name, clean ? "clean" : "not clean"));
  };
  sink.problem = [&](Diagnostic&& d) { seen.calls.push_back("problem " + d.str()); };
  try {
    seen.end = read_interchange(in, "t", sink);
  } catch (const SinkStop&) {
    seen.thrown = "sink stopped";
  } catch (const std::exception& e) {
    seen.thrown = e.what();
  }
  return seen;
}

Seen read_text(const std::string& text, bool ahead, int stop_at = 0) {
  StringReader in(text);
  return read_with(in, ahead, stop_at);
}

// `n` agreements as a JSON array, one per line; those whose number is in `bad` name an unknown
// mineral (a problem each).
std::string json_array(int n, const std::vector<int>& bad = {}) {
  std::string out = "[\n";
  for (int i = 1; i <= n; ++i) {
    const bool wrong = std::find(bad.begin(), bad.end(), i) != bad.end();
    out += fmt::format(R"({{"key": "k-{}", "type": "mou", "parties": ["P{}"], "minerals": ["{}"]}})",
                       i, i % 7, wrong ? "unobtainium" : "cobalt");
    out += i < n ? ",\n" : "\n";
  }
  return out + "]\n";
}

void expect_same(const std::string& text, int stop_at = 0) {
  const Seen one = read_text(text, false, stop_at);
  const Seen two = read_text(text, true, stop_at);
  EXPECT_EQ(one.calls, two.calls);
  EXPECT_EQ(one.end, two.end);
  EXPECT_EQ(one.thrown, two.thrown);
}

TEST(ReadAhead, ManyAgreementsArriveInOrderWithTheirProblems) {
  const std::string text = json_array(1500, {3, 700, 1499});
  const Seen two = read_text(text, true);
  ASSERT_EQ(two.calls.size(), 1503u);
  EXPECT_EQ(two.calls[0], "agreement k-1 line 2 key at 2 clean");
  EXPECT_EQ(two.calls[2], "agreement k-3 line 4 key at 4 not clean");  // its own problem
  EXPECT_EQ(two.calls[1499], "agreement k-1500 line 1501 key at 1501 not clean");
  EXPECT_EQ(two.calls[1500].rfind("problem t:4:", 0), 0u) << two.calls[1500];
  expect_same(text);
}

TEST(ReadAhead, SameCallsForEveryShapeOfFile) {
  // A YAML document with organisations, an unknown top-level field and a bad agreement.
  expect_same(
      "schema_version: 2\ncolour: red\norganisations:\n  - {name: Alpha Mining, aliases: [AM]}\n"
      "agreements:\n  - {key: a, type: loan, parties: [AM]}\n  - {key: b, type: nonsense, "
      "parties: [B]}\n  - {key: c, type: mou, parties: [C]}\n");
  // JSON Lines with a line that is no agreement.
  expect_same("{\"key\": \"a\", \"type\": \"mou\", \"parties\": [\"A\"]}\n[1, 2]\n"
              "{\"key\": \"b\", \"type\": \"mou\", \"parties\": [\"B\"]}\n");
  // Text that stops parsing after 300 agreements: those are handed on, then where it stops.
  std::string broken = json_array(300);
  broken.insert(broken.size() - 3, ",\n{\"key\": ");
  expect_same(broken);
  EXPECT_EQ(read_text(broken, true).end, ReadEnd::unparsable);
  // Nothing at all.
  expect_same("");
  expect_same("# only a comment\n");
}

TEST(ReadAhead, SinkThatStopsIsToldOnlyTheProblemsFoundUpToThere) {
  // Problems before and after the agreement the sink stops at: reading ahead finds the later
  // ones, but the sink must not be told of them.
  const std::string text = json_array(2000, {10, 400, 401, 1900});
  const Seen two = read_text(text, true, 500);
  EXPECT_EQ(two.thrown, "sink stopped");
  ASSERT_EQ(two.calls.size(), 503u);
  EXPECT_EQ(two.calls[500].rfind("problem t:11:", 0), 0u) << two.calls[500];
  EXPECT_EQ(two.calls[502].rfind("problem t:402:", 0), 0u) << two.calls[502];
  expect_same(text, 500);
  expect_same(text, 1);
  expect_same(text, 2000);
}

TEST(ReadAhead, ReaderThatStopsAtTooManyProblems) {
  std::vector<int> bad;
  for (int i = 1; i <= 1200; ++i) bad.push_back(i);
  const std::string text = json_array(1200, bad);
  const Seen two = read_text(text, true);
  EXPECT_EQ(two.end, ReadEnd::stopped);
  expect_same(text);
}

TEST(ReadAhead, FailingReaderEndsWithItsErrorAfterWhatItRead) {
  const std::string text = json_array(10000, {5});
  const std::size_t good = text.find("\"k-8000\"");
  FailingReader one_in(text, good), two_in(text, good);
  const Seen one = read_with(one_in, false);
  const Seen two = read_with(two_in, true);
  EXPECT_EQ(two.thrown, "read error");
  EXPECT_GT(two.calls.size(), 5000u);  // the blocks read before the error
  EXPECT_EQ(one, two);
}

// A FIFO in a fresh folder with a writer that stays open until the test closes it, as a
// producer that is still running leaves a pipe.
class OpenPipe {
 public:
  OpenPipe() {
    if (::mkfifo(path().c_str(), 0600) != 0) throw std::runtime_error("mkfifo");
    m_writer = ::open(path().c_str(), O_RDWR | O_CLOEXEC);
    if (m_writer < 0) throw std::runtime_error("open");
  }
  ~OpenPipe() { close(); }
  OpenPipe(const OpenPipe&) = delete;
  OpenPipe& operator=(const OpenPipe&) = delete;
  std::string path() const { return (m_dir / "pipe").string(); }
  void write(const std::string& text) const {
    ASSERT_EQ(::write(m_writer, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void close() {
    if (m_writer >= 0) ::close(m_writer);
    m_writer = -1;
  }

 private:
  test::TempDir m_dir;
  int m_writer = -1;
};

TEST(ReadAhead, InterruptEndsAReadWaitingOnAPipeAndEveryLaterRead) {
  OpenPipe pipe;
  Input in(pipe.path());
  pipe.write("abc");
  char buffer[16];
  EXPECT_EQ(in.read(buffer, sizeof buffer), 3u);  // what is there is read as before
  // The next read waits: nothing more is written and the writer stays.
  auto waiting = std::async(std::launch::async, [&] {
    try {
      in.read(buffer, sizeof buffer);
      return std::string("read returned");
    } catch (const TextReader::Interrupted&) {
      return std::string("interrupted");
    }
  });
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  in.interrupt();
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(30)), std::future_status::ready);
  EXPECT_EQ(waiting.get(), "interrupted");
  pipe.write("more");
  EXPECT_THROW(in.read(buffer, sizeof buffer), TextReader::Interrupted);
}

TEST(ReadAhead, SinkThatStopsDoesNotWaitForThePipesWriter) {
  // The reader has read all there is and waits for more; the sink stops at the 3rd agreement.
  // read_interchange must end then, not when the producer closes the pipe.
  OpenPipe pipe;
  Input in(pipe.path());
  std::string text = json_array(10);
  text.resize(text.size() - 3);  // no closing bracket: more may come
  pipe.write(text + ",\n");
  auto reading = std::async(std::launch::async, [&] { return read_with(in, true, 3); });
  const bool ended = reading.wait_for(std::chrono::seconds(30)) == std::future_status::ready;
  pipe.close();  // lets a reader that did not end finish, so that the test fails, not hangs
  ASSERT_TRUE(ended) << "read_interchange waited for the writer";
  const Seen seen = reading.get();
  EXPECT_EQ(seen.thrown, "sink stopped");
  EXPECT_EQ(seen.calls.size(), 3u);
}

// The same through the binary: `producer | mtrack import -` where the records repeat a key
// 1,000 times ends at the 1,000th problem while the producer is still running, as it did
// before import read on a second thread; nothing is stored.
TEST(ReadAhead, ImportFromAPipeStopsAtTooManyProblemsWithoutItsWriter) {
  test::TempDir dir;
  const auto db = dir / "deals.db";
  ASSERT_EQ(test::mtrack(db, {"init"}).status, 0);
  OpenPipe pipe;
  std::string records;
  for (int i = 0; i <= 1000; ++i) {
    records += R"({"schema_version": 2, "key": "same", "type": "mou", "parties": ["P"]})";
    records += '\n';
  }
  const pid_t pid = test::detail::spawn(
      {test::mtrack_binary(), "--db", db.string(), "import", "-"}, {}, dir.path().string(),
      pipe.path(), (dir / "out").string(), (dir / "err").string());
  pipe.write(records);  // more than a pipe holds: written as the import reads
  int wstatus = 0;
  const bool ended = test::wait_within(pid, std::chrono::seconds(30), wstatus);
  pipe.close();
  if (!ended) ::waitpid(pid, &wstatus, 0);
  ASSERT_TRUE(ended) << "import waited for the pipe's writer";
  EXPECT_EQ(test::detail::status_of(wstatus), test::k_exit_failure)
      << test::read_file(dir / "err");
  EXPECT_NE(test::read_file(dir / "err").find("reading stopped there"), std::string::npos);
  EXPECT_EQ(test::mtrack(db, {"list", "--format", "jsonl"}).out, "");
}

TEST(Handover, KeepsOrderAcrossBatchesAndGivesBatchesBack) {
  Handover<std::string> h(3, 2);
  std::thread producer([&] {
    for (int i = 0; i < 1000; ++i) h.put(std::to_string(i));
    h.close();
  });
  int expected = 0;
  while (auto* batch = h.next()) {
    EXPECT_LE(batch->size(), 3u);
    for (auto& s : *batch) EXPECT_EQ(std::exchange(s, ""), std::to_string(expected++));
  }
  producer.join();
  EXPECT_EQ(expected, 1000);
}

TEST(Handover, CancelUnblocksAWaitingProducer) {
  Handover<int> h(1, 1);
  bool cancelled = false;
  std::thread producer([&] {
    try {
      for (int i = 0;; ++i) h.put(int{i});  // blocks once one batch waits
    } catch (const Handover<int>::Cancelled&) {
      cancelled = true;
    }
    h.close();
  });
  ASSERT_NE(h.next(), nullptr);
  h.cancel();
  producer.join();
  EXPECT_TRUE(cancelled);
}

TEST(Handover, ProducerErrorComesAfterItsItems) {
  Handover<int> h(4, 2);
  std::thread producer([&] {
    for (int i = 0; i < 6; ++i) h.put(int{i});
    h.close(std::make_exception_ptr(std::runtime_error("broken")));
  });
  int got = 0;
  try {
    while (auto* batch = h.next()) got += static_cast<int>(batch->size());
    ADD_FAILURE() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "broken");
  }
  producer.join();
  EXPECT_EQ(got, 6);
}

}  // namespace
}  // namespace mtrack
