#pragma once

// Real unprivileged users for the multi-user isolation tests: created with
// useradd for a test's lifetime and removed again (also when the test fails),
// and a way to act as one of them from a test. Needs root; tests call
// skip_unless_root_users() first, which exits 77 (CTest: skipped) elsewhere.

#include <sys/types.h>

#include <functional>
#include <map>
#include <string>

namespace ctxfs_test {

/// Exits the process with 77 unless FUSE works, this process is root and
/// useradd, userdel and setpriv exist.
void skip_unless_root_users();

/// CTest runs test cases in parallel; those that create the lf_iso_* users
/// hold this lock (flock on /tmp/lf_iso_users.lock) while they exist.
class UsersLock {
 public:
  UsersLock();
  ~UsersLock();
  UsersLock(const UsersLock&) = delete;
  UsersLock& operator=(const UsersLock&) = delete;

 private:
  int fd_;
};

struct TestUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
};

/// A system user (with its own group, no home, no shell) that exists until
/// the destructor runs userdel. One left over from an interrupted run is reused.
class ScopedUser {
 public:
  explicit ScopedUser(const std::string& name);
  ~ScopedUser();
  ScopedUser(const ScopedUser&) = delete;
  ScopedUser& operator=(const ScopedUser&) = delete;

  const TestUser& operator*() const noexcept { return user_; }

  const TestUser* operator->() const noexcept { return &user_; }

 private:
  TestUser user_;
};

/// What a child acting as a user saw: name -> "OK", an errno name or a text.
using Report = std::map<std::string, std::string>;

/// "OK" for 0, else the errno's name ("EACCES").
std::string errno_name(int err);

/// Runs `body` in a forked child with the user's uid and gid and no
/// supplementary groups (as setpriv --clear-groups does) and returns what it
/// reported; an exception in `body` is reported as "exception". A child that
/// hangs is killed after 60 s. Throws when the child cannot run.
Report as_user(const TestUser& user, const std::function<void(Report&)>& body);

}  // namespace ctxfs_test
