#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <thread>

#include <lf_test/process.hpp>

extern char** environ;

namespace lf_test {
namespace {

using Clock = std::chrono::steady_clock;

int decode_status(int status) {
  if (WIFEXITED(status)) {
    return WEXITSTATUS(status);
  }
  if (WIFSIGNALED(status)) {
    return 128 + WTERMSIG(status);
  }
  return -1;
}

// Runs in the child after fork: only async-signal-safe calls plus setenv, which
// is fine because the child is single-threaded from here on.
[[noreturn]] void exec_child(const std::vector<std::string>& argv,
                             const ProcessOptions& options,
                             int stdin_fd,
                             int stdout_fd,
                             int stderr_fd) {
  dup2(stdin_fd, 0);
  dup2(stdout_fd, 1);
  dup2(stderr_fd, 2);
  for (int fd = 3; fd < 1024; ++fd) {
    close(fd);
  }
  for (const auto& [name, value] : options.env) {
    if (value) {
      setenv(name.c_str(), value->c_str(), 1);
    } else {
      unsetenv(name.c_str());
    }
  }
  if (options.cwd && chdir(options.cwd->c_str()) != 0) {
    _exit(126);
  }
  std::vector<char*> args;
  args.reserve(argv.size() + 1);
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));  // NOLINT: execv's signature
  }
  args.push_back(nullptr);
  execv(args[0], args.data());
  _exit(127);
}

void make_pipe(int fds[2]) {
  if (pipe2(fds, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("pipe2: ") + std::strerror(errno));
  }
}

}  // namespace

ProcessResult run_process(const std::vector<std::string>& argv, const ProcessOptions& options) {
  int in_pipe[2];
  int out_pipe[2];
  int err_pipe[2];
  make_pipe(in_pipe);
  make_pipe(out_pipe);
  make_pipe(err_pipe);
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    exec_child(argv, options, in_pipe[0], out_pipe[1], err_pipe[1]);
  }
  close(in_pipe[0]);
  close(out_pipe[1]);
  close(err_pipe[1]);

  ProcessResult result;
  std::size_t written = 0;
  int stdin_fd = in_pipe[1];
  if (options.stdin_data.empty()) {
    close(stdin_fd);
    stdin_fd = -1;
  } else {
    fcntl(stdin_fd, F_SETFL, O_NONBLOCK);
  }
  signal(SIGPIPE, SIG_IGN);
  const auto deadline = Clock::now() + options.timeout;
  bool out_open = true;
  bool err_open = true;
  bool killed = false;
  char buffer[65536];
  while (out_open || err_open) {
    pollfd fds[3];
    nfds_t count = 0;
    if (out_open) {
      fds[count++] = {out_pipe[0], POLLIN, 0};
    }
    if (err_open) {
      fds[count++] = {err_pipe[0], POLLIN, 0};
    }
    if (stdin_fd >= 0) {
      fds[count++] = {stdin_fd, POLLOUT, 0};
    }
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) {
      kill(pid, SIGKILL);
      killed = true;
      break;
    }
    poll(fds, count, static_cast<int>(std::min<long>(left.count(), 1000)));
    for (nfds_t i = 0; i < count; ++i) {
      if (fds[i].revents == 0) {
        continue;
      }
      if (fds[i].fd == stdin_fd) {
        const ssize_t n = write(
            stdin_fd, options.stdin_data.data() + written, options.stdin_data.size() - written);
        if (n > 0) {
          written += static_cast<std::size_t>(n);
        }
        if (n < 0 || written == options.stdin_data.size()) {
          close(stdin_fd);
          stdin_fd = -1;
        }
        continue;
      }
      const ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      std::string& sink = fds[i].fd == out_pipe[0] ? result.out : result.err;
      bool& open = fds[i].fd == out_pipe[0] ? out_open : err_open;
      if (n > 0) {
        sink.append(buffer, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        open = false;
      }
    }
  }
  if (stdin_fd >= 0) {
    close(stdin_fd);
  }
  close(out_pipe[0]);
  close(err_pipe[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = killed ? 137 : decode_status(status);
  return result;
}

std::optional<std::string> env_value(const char* variable) {
  if (const char* value = std::getenv(variable); value != nullptr && *value != '\0') {
    return std::string(value);
  }
  const char* env_file = std::getenv("LF_TEST_ENV_FILE");
  if (env_file == nullptr) {
    return std::nullopt;
  }
  std::ifstream in(env_file);
  const std::string prefix = std::string(variable) + "=";
  for (std::string line; std::getline(in, line);) {
    if (line.starts_with(prefix)) {
      return line.substr(prefix.size());
    }
  }
  return std::nullopt;
}

std::filesystem::path binary_from_env(const char* variable) {
  auto value = env_value(variable);
  if (!value) {
    throw std::runtime_error(std::string(variable) + " is not set; run the tests through ctest");
  }
  return *value;
}

BackgroundProcess::BackgroundProcess(const std::vector<std::string>& argv,
                                     const ProcessOptions& options,
                                     const std::optional<std::filesystem::path>& log_file) {
  const int null_fd = open("/dev/null", O_RDWR | O_CLOEXEC);
  int log_fd = null_fd;
  if (log_file) {
    log_fd = open(log_file->c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (log_fd < 0) {
      log_fd = null_fd;
    }
  }
  pid_ = fork();
  if (pid_ < 0) {
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid_ == 0) {
    exec_child(argv, options, null_fd, log_fd, log_fd);
  }
  if (log_fd != null_fd) {
    close(log_fd);
  }
  close(null_fd);
}

BackgroundProcess::~BackgroundProcess() {
  stop();
}

bool BackgroundProcess::running() {
  if (exit_code_) {
    return false;
  }
  int status = 0;
  const pid_t done = waitpid(pid_, &status, WNOHANG);
  if (done == pid_) {
    exit_code_ = decode_status(status);
    return false;
  }
  return true;
}

int BackgroundProcess::stop(int signal_number, std::chrono::milliseconds grace) {
  if (exit_code_ || pid_ <= 0) {
    return exit_code_.value_or(-1);
  }
  if (!running()) {
    return *exit_code_;
  }
  kill(pid_, signal_number);
  const auto deadline = Clock::now() + grace;
  while (Clock::now() < deadline) {
    if (!running()) {
      return *exit_code_;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  exit_code_ = decode_status(status);
  return *exit_code_;
}

}  // namespace lf_test
