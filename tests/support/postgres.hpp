#pragma once

// A PostgreSQL server of the test binary's own: PostgreSQL from Debian (initdb, pg_ctl),
// started on first use in a temporary folder, listening on a Unix socket there and on
// 127.0.0.1 (a free port), and stopped when the binary ends -- by the GoogleTest environment
// below, or, when the binary dies first, by a watchdog process that notices its parent gone.
// As root (CI) the server runs as the unprivileged `postgres` user (runuser).
//
// Databases: every test takes a fresh one (fresh_database(): a copy of a template migrated
// once; empty_database(): nothing in it). Roles: `postgres` (superuser, trust), `reader`
// (may only read, trust), `pwuser` (password "right password", scram-sha-256).
//
// Where the server binaries are not installed the tests skip with a clear message, unless
// MTRACK_REQUIRE_POSTGRES=1 (.ci/test sets it), where they fail.

#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace mtrack::test {

class PostgresServer {
 public:
  // The server, started on first call; nullptr when it cannot run here (why() says why).
  static PostgresServer* get() {
    static std::once_flag once;
    std::call_once(once, [] {
      auto s = std::unique_ptr<PostgresServer>(new PostgresServer);
      if (s->start()) {
        instance() = std::move(s);
      } else {
        reason() = s->m_why;
      }
    });
    return instance().get();
  }
  static const std::string& why() { return reason(); }
  // Stops the server if it was started (the environment's TearDown).
  static void shut_down() { instance().reset(); }

  ~PostgresServer() {
    if (m_watchdog_pipe >= 0) ::close(m_watchdog_pipe);  // the watchdog stops the server
    if (m_watchdog > 0) {
      int status = 0;
      ::waitpid(m_watchdog, &status, 0);
    }
  }

  const std::string& socket_dir() const { return m_dir; }
  int port() const { return m_port; }
  const std::string& bindir() const { return m_bindir; }

  // A URI for database `db` as `user`, through the Unix socket.
  std::string locator(const std::string& db, const std::string& user = "postgres") const {
    return "postgresql://" + user + "@/" + db + "?host=" + m_dir +
           "&port=" + std::to_string(m_port);
  }
  // The same over TCP on 127.0.0.1.
  std::string tcp_locator(const std::string& db, const std::string& user) const {
    return "postgresql://" + user + "@127.0.0.1:" + std::to_string(m_port) + "/" + db;
  }

  // Runs SQL as the superuser in `db`; the output of psql -At (rows, '|' between columns).
  Output psql(const std::string& db, const std::string& sql) const {
    return run_process({m_bindir + "/psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", m_dir,
                        "-p", std::to_string(m_port), "-U", "postgres", "-d", db, "-c", sql});
  }
  // The same, failing the test when psql fails; returns its output.
  std::string sql(const std::string& db, const std::string& statement) const {
    auto o = psql(db, statement);
    EXPECT_EQ(o.status, 0) << statement << ": " << o.err;
    return o.out;
  }

  // A new database holding an mtrack schema of this build (a copy of a template), for the
  // superuser; returns its locator.
  std::string fresh_database() {
    const std::string name = next_name();
    std::lock_guard lock(m_mutex);
    if (!m_template_ready) {
      sql("postgres", "CREATE DATABASE mtrack_template");
      auto o = run_process({mtrack_binary(), "--db", locator("mtrack_template"), "init"});
      EXPECT_EQ(o.status, 0) << o.err;
      sql("mtrack_template", "GRANT SELECT ON ALL TABLES IN SCHEMA public TO reader");
      m_template_ready = true;
    }
    sql("postgres", "CREATE DATABASE " + name + " TEMPLATE mtrack_template");
    return locator(name);
  }
  // A new empty database; returns its name.
  std::string empty_database() {
    const std::string name = next_name();
    sql("postgres", "CREATE DATABASE " + name);
    return name;
  }

  // pg_ctl stop -m immediate (the server dies as in a crash) and start again.
  Output stop_immediately() const { return pg_ctl({"stop", "-m", "immediate"}); }
  Output start_again() const { return pg_ctl({"start", "-w", "-t", "60", "-l", m_dir + "/log"}); }

 private:
  static std::unique_ptr<PostgresServer>& instance() {
    static std::unique_ptr<PostgresServer> s;
    return s;
  }
  static std::string& reason() {
    static std::string r;
    return r;
  }

  std::string next_name() {
    static std::atomic<int> n{0};
    return "t" + std::to_string(::getpid()) + "_" + std::to_string(++n);
  }

  // Runs a server program, as `postgres` when this process is root.
  Output as_owner(std::vector<std::string> argv) const {
    if (::geteuid() == 0) argv.insert(argv.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    return run_process(argv);
  }

  Output pg_ctl(std::vector<std::string> args) const {
    std::vector<std::string> argv = {m_bindir + "/pg_ctl", "-D", m_dir + "/data", "-o", options()};
    argv.insert(argv.end(), args.begin(), args.end());
    return as_owner(argv);
  }

  std::string options() const {
    // Durability is not under test (a stop -m immediate keeps the operating system's cache);
    // speed is.
    return "-c listen_addresses=127.0.0.1 -c port=" + std::to_string(m_port) +
           " -c unix_socket_directories=" + m_dir +
           " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
           " -c max_connections=60 -c shared_buffers=64MB";
  }

  static std::string find_bindir() {
    std::vector<std::string> found;
    std::error_code ec;
    for (const auto& e : std::filesystem::directory_iterator("/usr/lib/postgresql", ec)) {
      if (std::filesystem::exists(e.path() / "bin" / "initdb")) found.push_back(e.path() / "bin");
    }
    std::sort(found.begin(), found.end(), [](const std::string& a, const std::string& b) {
      return a.size() != b.size() ? a.size() < b.size() : a < b;
    });
    return found.empty() ? std::string() : found.back();
  }

  static int free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
    ::close(fd);
    return ntohs(addr.sin_port);
  }

  bool start() {
    m_bindir = find_bindir();
    if (m_bindir.empty()) {
      m_why = "the PostgreSQL server is not installed (apt-get install postgresql)";
      return false;
    }
    struct passwd* owner = nullptr;
    if (::geteuid() == 0 && (owner = ::getpwnam("postgres")) == nullptr) {
      m_why = "running as root and there is no 'postgres' user to run the server as";
      return false;
    }
    m_dir =
        (std::filesystem::temp_directory_path() /
         ("mtrack-pg-" + std::to_string(::getpid()) + "-" + std::to_string(std::random_device{}())))
            .string();
    std::filesystem::create_directories(m_dir);
    if (owner != nullptr && ::chown(m_dir.c_str(), owner->pw_uid, owner->pw_gid) != 0) {
      m_why = "cannot give " + m_dir + " to the postgres user";
      return false;
    }
    m_port = free_port();
    auto init = as_owner({m_bindir + "/initdb", "-D", m_dir + "/data", "-U", "postgres", "-A",
                          "trust", "-E", "UTF8", "--locale=C.UTF-8", "-N"});
    if (init.status != 0) {
      m_why = "initdb failed: " + init.err;
      return false;
    }
    // pwuser logs in with a password (scram-sha-256), everyone else is trusted.
    write_file(m_dir + "/data/pg_hba.conf",
               "local all pwuser scram-sha-256\n"
               "host all pwuser 127.0.0.1/32 scram-sha-256\n"
               "local all all trust\n"
               "host all all 127.0.0.1/32 trust\n");
    auto started = start_again();
    if (started.status != 0) {
      m_why = "pg_ctl start failed: " + started.err + read_file(m_dir + "/log");
      return false;
    }
    start_watchdog();
    sql("postgres",
        "CREATE ROLE reader LOGIN; CREATE ROLE pwuser LOGIN PASSWORD 'right password' "
        "SUPERUSER");
    return true;
  }

  // A child that waits for this process to end (its pipe closes) and then stops the server
  // and removes the folder, so that no server outlives a crashed or killed test binary.
  void start_watchdog() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    // Everything the child needs is prepared before fork: it only reads, forks and execs.
    std::vector<std::string> stop = {m_bindir + "/pg_ctl", "-D",  m_dir + "/data", "-m",
                                     "immediate",          "stop"};
    if (::geteuid() == 0) stop.insert(stop.begin(), {"/usr/sbin/runuser", "-u", "postgres", "--"});
    std::vector<std::string> remove = {"/bin/rm", "-rf", m_dir};
    std::vector<char*> stop_args, remove_args;
    for (auto& a : stop) stop_args.push_back(a.data());
    stop_args.push_back(nullptr);
    for (auto& a : remove) remove_args.push_back(a.data());
    remove_args.push_back(nullptr);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(fds[1]);
      const int null = ::open("/dev/null", O_RDWR);
      ::dup2(null, 0);
      ::dup2(null, 1);
      ::dup2(null, 2);
      char c;
      while (::read(fds[0], &c, 1) > 0) {
      }
      const pid_t child = ::fork();
      if (child == 0) {
        ::execv(stop_args[0], stop_args.data());
        ::_exit(127);
      }
      int status = 0;
      ::waitpid(child, &status, 0);
      ::execv(remove_args[0], remove_args.data());
      ::_exit(0);
    }
    ::close(fds[0]);
    m_watchdog = pid;
    m_watchdog_pipe = fds[1];
  }

  std::string m_bindir;
  std::string m_dir;
  std::string m_why;
  int m_port = 0;
  pid_t m_watchdog = -1;
  int m_watchdog_pipe = -1;
  std::mutex m_mutex;
  bool m_template_ready = false;
};

// Stops the server when the tests are done.
class PostgresEnvironment : public ::testing::Environment {
 public:
  void TearDown() override { PostgresServer::shut_down(); }
};

// The server for a test, or a skip (a failure under MTRACK_REQUIRE_POSTGRES=1) saying why not.
#define MTRACK_REQUIRE_POSTGRES(server)                                                    \
  ::mtrack::test::PostgresServer* server = ::mtrack::test::PostgresServer::get();          \
  if (server == nullptr) {                                                                 \
    const char* required = std::getenv("MTRACK_REQUIRE_POSTGRES");                         \
    if (required != nullptr && std::string(required) == "1") {                             \
      FAIL() << "PostgreSQL is required (MTRACK_REQUIRE_POSTGRES=1) but cannot run: "      \
             << ::mtrack::test::PostgresServer::why();                                     \
    }                                                                                      \
    GTEST_SKIP() << "PostgreSQL tests skipped: " << ::mtrack::test::PostgresServer::why(); \
  }

}  // namespace mtrack::test
