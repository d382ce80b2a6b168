// The audit line format, request records and the state store.

#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <fstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "fs/inode_table.hpp"
#include "persistence/audit_log.hpp"
#include "persistence/instance_lock.hpp"
#include "persistence/state_store.hpp"
#include <lf_test/files.hpp>
#include <lf_test/temp_dir.hpp>

using namespace lf::ctxfs;

TEST_CASE("audit lines carry the spec's keys in order with the real caller", "[ctxfs][audit]") {
  AuditEvent event;
  event.event = "drained";
  event.format = "openai.chat";
  event.name = "001";
  event.caller = {1234, 99, 4242};
  event.space = "home/1234";
  event.provider = "local";
  event.model = "offline";
  event.decision = "ready";
  event.latency_ms = 7;
  event.input_tok = 3;
  event.output_tok = 11;
  event.fingerprint = "fnv1a64:88617caa4a28271c";
  CHECK(to_audit_line(event) ==
        "{\"event\":\"drained\",\"format\":\"openai.chat\",\"name\":\"001\",\"host_uid\":1234,\"host_gid\":99,"
        "\"host_pid\":4242,\"external_subject\":null,\"space\":\"home/1234\",\"agent\":\"helper\","
        "\"operation\":\"invoke\",\"object_class\":\"request\",\"provider\":\"local\",\"model\":\"offline\","
        "\"tool\":null,\"mcp_server\":null,\"decision\":\"ready\",\"latency_ms\":7,\"input_tok\":3,"
        "\"output_tok\":11,\"cost_usd\":0,\"error\":null,\"fingerprint\":\"fnv1a64:88617caa4a28271c\"}\n");
  AuditLog log;
  log.append(event);
  AuditEvent denied;
  denied.event = "denied";
  log.append(denied);
  CHECK(log.usage_text().find("events=2\nstaged=0\nqueued=0\ndrained=1\nerrors=0\ndenied=1\n")
        == 0);
  CHECK(to_audit_line(denied).find("\"operation\":\"use\"") != std::string::npos);
  CHECK(to_audit_line(denied).find("\"decision\":\"deny\"") != std::string::npos);
}

TEST_CASE("the state store gives back committed requests in order with their outcomes",
          "[ctxfs][state]") {
  lf_test::TempDir dir;
  RequestRecord a;
  a.id = "a";
  a.seq = 2;
  a.format = "openai.chat";
  a.body = "{\"messages\":[]}\n";
  a.fingerprint = "fnv1a64:0";
  a.caller = {1, 2, 3};
  RequestRecord b = a;
  b.id = "b";
  b.seq = 1;
  b.kind = ScopeKind::tool;
  b.format = "tool.invoke";
  b.tool = "filesystem.read";
  {
    StateStore store(dir.path());
    REQUIRE(store.save_request(a));
    REQUIRE(store.save_request(b));
    a.succeeded = false;
    a.outcome = "{\"request_id\":\"a\",\"error\":\"x\"}\n";
    REQUIRE(store.save_outcome(a));
  }
  // A torn last line, as a crash in the middle of an append leaves it.
  {
    std::ofstream journal(dir / "journal.jsonl", std::ios::app);
    journal << "{\"type\":\"outcome\",\"id\":\"b\",\"ok\":tr";
  }
  StateStore store(dir.path());
  std::vector<std::string> problems;
  const auto loaded = store.load(problems);
  CHECK(problems.size() == 1);
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].id == "b");
  CHECK(loaded[0].kind == ScopeKind::tool);
  CHECK(loaded[0].state == RequestState::queued);
  CHECK(loaded[1].id == "a");
  CHECK(loaded[1].body == a.body);
  CHECK(loaded[1].state == RequestState::finished);
  CHECK_FALSE(loaded[1].succeeded);
  CHECK(loaded[1].outcome == a.outcome);
  CHECK(loaded[1].caller.pid == 3);
  // Loading compacted the journal: the torn line is gone, the state is not.
  std::vector<std::string> again;
  CHECK(StateStore(dir.path()).load(again).size() == 2);
  CHECK(again.empty());
}

TEST_CASE("concurrent writers share flushes and every line survives", "[ctxfs][state]") {
  lf_test::TempDir dir;
  {
    StateStore store(dir.path());
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&store, &failures, t] {
        for (int i = 0; i < 10; ++i) {
          RequestRecord r;
          r.id = "r" + std::to_string(t) + "-" + std::to_string(i);
          r.seq = static_cast<std::uint64_t>(t * 100 + i);
          r.format = "openai.chat";
          if (!store.save_request(r)) {
            ++failures;  // Catch2 assertions are not thread-safe
          }
        }
      });
    }
    for (auto& thread : threads) {
      thread.join();
    }
    CHECK(failures == 0);
  }
  std::vector<std::string> problems;
  CHECK(StateStore(dir.path()).load(problems).size() == 40);
  CHECK(problems.empty());
}

namespace {

// Limits the size of files this process writes (RLIMIT_FSIZE), as a full
// disk would: a write that crosses it is cut short, the next one fails.
class FileSizeLimit {
 public:
  explicit FileSizeLimit(rlim_t bytes) {
    previous_handler_ = std::signal(SIGXFSZ, SIG_IGN);
    ::getrlimit(RLIMIT_FSIZE, &previous_);
    rlimit limit = previous_;
    limit.rlim_cur = bytes;
    ::setrlimit(RLIMIT_FSIZE, &limit);
  }

  ~FileSizeLimit() {
    ::setrlimit(RLIMIT_FSIZE, &previous_);
    std::signal(SIGXFSZ, previous_handler_);
  }

  FileSizeLimit(const FileSizeLimit&) = delete;
  FileSizeLimit& operator=(const FileSizeLimit&) = delete;

 private:
  rlimit previous_{};
  void (*previous_handler_)(int) = nullptr;
};

RequestRecord chat_record(const std::string& id, std::uint64_t seq, std::size_t body_bytes) {
  RequestRecord r;
  r.id = id;
  r.seq = seq;
  r.format = "openai.chat";
  r.body = std::string(body_bytes, 'b');
  return r;
}

}  // namespace

TEST_CASE("a journal write cut short by a full disk is refused and swallows no later line",
          "[ctxfs][state]") {
  lf_test::TempDir dir;
  StateStore store(dir.path());
  REQUIRE(store.save_request(chat_record("before", 1, 10)));
  const auto journal = dir / "journal.jsonl";
  const auto good_size = std::filesystem::file_size(journal);
  int errnum = 0;
  {
    // Room for part of the next line only.
    FileSizeLimit full(static_cast<rlim_t>(good_size + 40));
    auto refused = store.save_request(chat_record("refused", 2, 4096), &errnum);
    CHECK_FALSE(refused);
  }
  CHECK(errnum == EFBIG);
  CHECK(std::filesystem::file_size(journal) == good_size);  // no partial line left
  REQUIRE(store.save_request(chat_record("after", 3, 10)));
  std::vector<std::string> problems;
  const auto loaded = StateStore(dir.path()).load(problems);
  CHECK(problems.empty());
  REQUIRE(loaded.size() == 2);
  CHECK(loaded[0].id == "before");
  CHECK(loaded[1].id == "after");
}

TEST_CASE("a finished request's body and outcome are read back from their journal lines",
          "[ctxfs][state]") {
  lf_test::TempDir dir;
  RequestRecord record = chat_record("r", 1, 3);
  record.body = "{\"messages\":[\"\u00e9\\n\"]}";
  lf::ctxfs::JournalSpan request_at;
  lf::ctxfs::JournalSpan outcome_at;
  {
    StateStore store(dir.path());
    REQUIRE(store.save_request(chat_record("other", 0, 50)));
    REQUIRE(store.save_request(record, nullptr, &request_at));
    record.succeeded = true;
    record.outcome = "{\"answer\":42}\n";
    REQUIRE(store.save_outcome(record, &outcome_at));
    CHECK(request_at.valid());
    CHECK(store.read_field(request_at, "body").value() == record.body);
    CHECK(store.read_field(outcome_at, "outcome").value() == record.outcome);
    CHECK_FALSE(store.read_field(request_at, "outcome"));
  }
  // Compaction moves the lines; the loaded records carry their new places.
  StateStore store(dir.path());
  std::vector<std::string> problems;
  const auto loaded = store.load(problems);
  REQUIRE(loaded.size() == 2);
  CHECK(store.read_field(loaded[1].request_line, "body").value() == record.body);
  CHECK(store.read_field(loaded[1].outcome_line, "outcome").value() == record.outcome);
  CHECK_FALSE(loaded[0].outcome_line.valid());
}

TEST_CASE("the journal and its directory are private to the daemon's user", "[ctxfs][state]") {
  lf_test::TempDir dir;
  StateStore store(dir / "state");
  REQUIRE(store.save_request(chat_record("a", 1, 1)));
  namespace fs = std::filesystem;
  CHECK((fs::status(dir / "state").permissions() & (fs::perms::group_all | fs::perms::others_all))
        == fs::perms::none);
  CHECK((fs::status(dir / "state" / "journal.jsonl").permissions()
         & (fs::perms::group_all | fs::perms::others_all))
        == fs::perms::none);
  std::vector<std::string> problems;
  CHECK(StateStore(dir / "state").load(problems).size() == 1);
  CHECK((fs::status(dir / "state" / "journal.jsonl").permissions()
         & (fs::perms::group_all | fs::perms::others_all))
        == fs::perms::none);
}

TEST_CASE("an unlinked inode lives until the kernel forgets it", "[ctxfs][inode]") {
  InodeTable table(0, 0);
  Node& dir = table.ensure_dir(kRootIno, "d");
  Node& file = table.add_text(dir.ino, "f", "x\n");
  const Ino ino = file.ino;
  table.remember(ino);
  table.remember(ino);
  CHECK(table.unlink(dir.ino, "f"));
  CHECK(table.child(dir.ino, "f") == nullptr);
  REQUIRE(table.find(ino) != nullptr);
  table.forget(ino, 1);
  CHECK(table.find(ino) != nullptr);
  table.forget(ino, 1);
  CHECK(table.find(ino) == nullptr);
  Node& kept = table.add_text(dir.ino, "k", "");
  table.forget(kept.ino, 5);  // forgetting a linked node never frees it
  CHECK(table.child(dir.ino, "k") != nullptr);
}

TEST_CASE("one instance lock per state directory and mount point", "[ctxfs][lock]") {
  lf_test::TempDir dir;
  std::filesystem::create_directories(dir / "mnt");
  std::filesystem::create_directories(dir / "mnt2");
  auto first = InstanceLock::acquire(dir / "state", dir / "mnt", ::getuid());
  REQUIRE(first);
  CHECK((std::filesystem::status(dir / "state").permissions() & std::filesystem::perms::others_all)
        == std::filesystem::perms::none);
  CHECK(lf_test::read_file(dir / "state" / "lock") == std::to_string(::getpid()) + "\n");

  auto same_state = InstanceLock::acquire(dir / "state", dir / "mnt2", ::getuid());
  REQUIRE_FALSE(same_state);
  CHECK(same_state.error().code == lf::Code::conflict);
  CHECK(same_state.error().message.find("is in use by another ctxfs (pid "
                                        + std::to_string(::getpid()) + ")")
        != std::string::npos);

  auto same_mount = InstanceLock::acquire(dir / "state2", dir / "mnt", ::getuid());
  REQUIRE_FALSE(same_mount);
  CHECK(same_mount.error().code == lf::Code::conflict);
  CHECK(same_mount.error().message.find("is being mounted by another ctxfs") != std::string::npos);

  lf_test::write_file(dir / "mnt2" / "file", "x");
  auto not_empty = InstanceLock::acquire(dir / "state3", dir / "mnt2", ::getuid());
  REQUIRE_FALSE(not_empty);
  CHECK(not_empty.error().code == lf::Code::failed_precondition);
  CHECK(not_empty.error().message.find("is not empty") != std::string::npos);

  CHECK_FALSE(InstanceLock::acquire(dir / "state4", dir / "missing", ::getuid()));
}

TEST_CASE("an instance lock is released with its holder", "[ctxfs][lock]") {
  lf_test::TempDir dir;
  std::filesystem::create_directories(dir / "mnt");
  {
    auto first = InstanceLock::acquire(dir / "state", dir / "mnt", ::getuid());
    REQUIRE(first);
    CHECK_FALSE(InstanceLock::acquire(dir / "state", dir / "mnt", ::getuid()));
  }
  CHECK(InstanceLock::acquire(dir / "state", dir / "mnt", ::getuid()));
}

TEST_CASE("the mount table names what is mounted where", "[ctxfs][lock]") {
  const MountEntry root = mount_entry_at("/", ::getuid());
  REQUIRE(root.found);
  CHECK(root.id >= 0);
  CHECK(mount_listed(root.id));
  CHECK_FALSE(mount_listed(-5));
  lf_test::TempDir dir;
  CHECK_FALSE(mount_entry_at(dir.path(), ::getuid()).found);
}
